import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThan, Repository } from 'typeorm';
import { DomainEventBus, DomainEvents } from '../common/domain-events';
import { Payable, Payables } from '../payments/payables';
import { SitesService } from '../sites/sites.service';
import { Membership } from './entities/membership.entity';
import { MembershipMember } from './entities/membership-member.entity';
import { MembershipPlan } from './entities/membership-plan.entity';
import { MembershipStanding } from './membership-standing';
import { membershipLabel } from './memberships.service';
import { periodFor } from './periods';

/**
 * A membership's money: what the payments feature shows for it (`/pay/membership/<id>`), its
 * period set when paid (`payments.settled`), withdrawn when refunded in full.
 */
@Injectable()
export class MembershipPayments {
  private readonly log = new Logger('Memberships');

  constructor(
    @InjectRepository(MembershipPlan) private readonly plans: Repository<MembershipPlan>,
    @InjectRepository(Membership) private readonly memberships: Repository<Membership>,
    @InjectRepository(MembershipMember) private readonly members: Repository<MembershipMember>,
    private readonly standing: MembershipStanding,
    private readonly sites: SitesService,
    payables: Payables,
    events: DomainEventBus,
  ) {
    payables.register('membership', (ref) => this.payable(ref));
    events.on('payments.settled', (e) => (e.kind === 'membership' ? this.settle(e) : undefined));
    events.on('payments.refunded', (e) => (e.kind === 'membership' ? this.refund(e) : undefined));
  }

  async payable(ref: string): Promise<Payable | null> {
    const m = await this.memberships.findOneBy({ id: ref });
    if (!m || m.status === 'withdrawn') return null;
    const plan = await this.plans.findOneBy({ id: m.planId });
    const label = membershipLabel(m, plan?.name ?? 'Adhésion');
    return {
      kind: 'membership',
      ref: m.id,
      siteId: m.siteId,
      personId: m.personId,
      label,
      // A membership fee is no sale of a service: no VAT (a site that owes some says so on the invoice side).
      lines: [{ label, quantity: 1, unitCents: m.priceCents, vatRatePercent: 0 }],
      totalCents: m.priceCents,
      paidCents: m.status === 'active' ? m.priceCents : 0,
    };
  }

  /** Paid: the period starts. Idempotent: the same payment told twice, or a second payment, changes nothing. */
  async settle(e: DomainEvents['payments.settled']): Promise<void> {
    const m = await this.memberships.findOneBy({ id: e.ref });
    if (!m) return void this.log.warn(`payment ${e.paymentId} settles unknown membership ${e.ref}`);
    if (m.status !== 'pending') {
      if (m.paymentId !== e.paymentId) this.log.warn(`membership ${m.id} is ${m.status}: payment ${e.paymentId} not applied (refund it)`);
      return;
    }
    if (e.amountCents < m.priceCents) return void this.log.warn(`payment ${e.paymentId} (${e.amountCents}) is less than membership ${m.id}: kept pending`);
    const [plan, zone, current] = await Promise.all([
      this.plans.findOneByOrFail({ id: m.planId }),
      this.sites.zoneOf(m.siteId),
      this.memberships.findOne({ where: { siteId: m.siteId, personId: m.personId, status: 'active', endsAt: MoreThan(e.paidAt) }, order: { endsAt: 'DESC' } }),
    ]);
    const { startsAt, endsAt } = periodFor(plan.period, { year: m.year, paidAt: e.paidAt, currentEndsAt: current?.endsAt, zone });
    // Conditional: of two deliveries at once, one activates.
    const res = await this.memberships.update(
      { id: m.id, status: 'pending' },
      { status: 'active', startsAt, endsAt, paymentId: e.paymentId, paidAt: e.paidAt },
    );
    if (!res.affected) return;
    if (m.companyName !== null && !(await this.members.existsBy({ membershipId: m.id, personId: m.personId }))) {
      await this.members.insert({ membershipId: m.id, personId: m.personId, siteId: m.siteId });
    }
    this.standing.changed(m.siteId);
    this.log.log(`membership ${m.id} paid (${e.paymentId})`);
  }

  /** Refunded in full by the payment that paid it: the membership no longer counts. */
  async refund(e: DomainEvents['payments.refunded']): Promise<void> {
    if (!e.full) return;
    const res = await this.memberships.update({ id: e.ref, status: 'active', paymentId: e.paymentId }, { status: 'withdrawn' });
    if (res.affected) {
      this.standing.changed(e.siteId);
      this.log.log(`membership ${e.ref} withdrawn (refund of ${e.paymentId})`);
    }
  }
}
