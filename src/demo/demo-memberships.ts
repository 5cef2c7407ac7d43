import { ChargesService } from '../bookings/charges.service';
import { MembershipPayments } from '../memberships/membership-payments';
import { MembershipsService } from '../memberships/memberships.service';
import { PacksService } from '../memberships/packs.service';
import { DemoLab, who } from './demo-lab';

/**
 * Memberships and a prepaid pack: two plans (the reduced price of job seekers, a company plan), a
 * pack of laser hours, Amina a paid member with a pack, Lucas waiting to pay. The demo has no
 * payment: it settles as payments would once paid at the desk (same event contract, a demo id).
 * The site does not ask for a membership to unlock, so the simulated machines badge in as before.
 */
export async function seedMemberships(lab: DemoLab): Promise<void> {
  const memberships = lab.app.get(MembershipsService);
  const packs = lab.app.get(PacksService);
  await lab.app.get(ChargesService).setCategory(lab.admin, who(lab, 'amina').id, { category: 'demandeur_emploi' });
  const individual = await memberships.createPlan(lab.admin, { siteId: lab.siteId, name: 'Adhésion individuelle', period: 'calendar_year', priceEuros: 20 });
  await memberships.setPlanPrice(lab.admin, individual.id, { category: 'demandeur_emploi', priceEuros: 5 });
  await memberships.setPlanPrice(lab.admin, individual.id, { category: 'etudiant', priceEuros: 10 });
  await memberships.createPlan(lab.admin, {
    siteId: lab.siteId,
    name: 'Adhésion entreprise',
    period: 'moving_year',
    priceEuros: 120,
    forCompany: true,
    maxMembers: 5,
  });
  const offer = await packs.createOffer(lab.admin, {
    siteId: lab.siteId,
    name: 'Pack 10 h découpe laser',
    machineType: 'laser',
    hours: 10,
    priceEuros: 90,
    validityDays: 365,
  });

  const paid = { siteId: lab.siteId, personId: who(lab, 'amina').id, paidAt: lab.now };
  const amina = await memberships.join(lab.admin, { planId: individual.id, personId: who(lab, 'amina').id });
  await lab.app.get(MembershipPayments).settle({ ...paid, paymentId: 'demo-adhesion-amina', kind: 'membership', ref: amina.id, amountCents: amina.priceCents });
  const pack = await packs.buy(lab.admin, { offerId: offer.id, personId: who(lab, 'amina').id });
  await packs.settle({ ...paid, paymentId: 'demo-pack-amina', kind: 'pack', ref: pack.id, amountCents: pack.priceCents });
  await memberships.join(lab.admin, { planId: individual.id, personId: who(lab, 'lucas').id });
}
