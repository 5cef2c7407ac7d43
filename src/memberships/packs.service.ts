import { BadRequestException, ConflictException, ForbiddenException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { DomainEventBus, DomainEvents } from '../common/domain-events';
import { centsOf } from '../common/input-rules';
import { addDays, dayOf, startOfDay } from '../common/local-format';
import { assertVisible, requireSite, siteOf, Viewer } from '../common/viewer';
import { MachinesService } from '../machines/machines.service';
import { Payable, Payables } from '../payments/payables';
import { PeopleService } from '../people/people.service';
import { SitesService } from '../sites/sites.service';
import { BuyPackDto, CreatePackOfferDto, UpdatePackOfferDto } from './dto/memberships.dto';
import { PackOffer } from './entities/pack-offer.entity';
import { PackPurchase } from './entities/pack-purchase.entity';
import { isMembershipStaff, payUrl } from './memberships.service';
import { packLeft } from './pack-ledger';

/** A pack as its owner reads it: minutes left, and whether it can still be drawn on. */
export interface PackView extends PackPurchase {
  leftMinutes: number;
  usable: boolean;
  payUrl: string | null;
}

/** The first instant a pack paid on `paidAt` is no longer valid: `validityDays` local days, the day paid included. */
export function packExpiry(paidAt: Date, validityDays: number, zone: string): Date {
  return startOfDay(addDays(dayOf(paidAt, zone), validityDays), zone);
}

/**
 * Prepaid packs: offers a site sells, and the packs people buy. A pack waits until payments says
 * it is paid (`payments.settled`), then its minutes are drawn by charges (PackLedger) until it
 * expires; a full refund withdraws what is left.
 */
@Injectable()
export class PacksService {
  private readonly log = new Logger('Packs');

  constructor(
    @InjectRepository(PackOffer) private readonly offers: Repository<PackOffer>,
    @InjectRepository(PackPurchase) private readonly purchases: Repository<PackPurchase>,
    private readonly machines: MachinesService,
    private readonly people: PeopleService,
    private readonly sites: SitesService,
    payables: Payables,
    events: DomainEventBus,
  ) {
    payables.register('pack', (ref) => this.payable(ref));
    events.on('payments.settled', (e) => (e.kind === 'pack' ? this.settle(e) : undefined));
    events.on('payments.refunded', (e) => (e.kind === 'pack' ? this.refund(e) : undefined));
  }

  listOffers(viewer: Viewer, siteId?: string): Promise<PackOffer[]> {
    const site = siteOf(viewer, siteId);
    const offered = isMembershipStaff(viewer) ? {} : { active: true };
    return this.offers.find({ where: { ...(site ? { siteId: site } : {}), ...offered }, order: { name: 'ASC' } });
  }

  async createOffer(viewer: Viewer, dto: CreatePackOfferDto): Promise<PackOffer> {
    const siteId = requireSite(viewer, dto.siteId);
    if (!!dto.machineId === !!dto.machineType) {
      throw new BadRequestException({
        code: 'bad_pack',
        message: 'Un pack porte sur une machine ou sur un type de machine (l’un des deux). A pack covers one machine or one machine type.',
      });
    }
    if (dto.machineId) await this.machines.assertInSite(siteId, [dto.machineId]);
    return this.offers.save(
      this.offers.create({
        siteId,
        name: dto.name.trim(),
        machineId: dto.machineId ?? null,
        machineType: dto.machineType ?? null,
        minutes: Math.round(dto.hours * 60),
        priceCents: centsOf(dto.priceEuros),
        vatBasisPoints: Math.round((dto.vatPercent ?? 0) * 100),
        validityDays: dto.validityDays,
      }),
    );
  }

  async updateOffer(viewer: Viewer, id: string, dto: UpdatePackOfferDto): Promise<PackOffer> {
    const offer = assertVisible(viewer, await this.offers.findOneBy({ id }), 'Pack');
    if (dto.active !== undefined) offer.active = dto.active;
    return this.offers.save(offer);
  }

  /** Asks for a pack: pending, to pay at `/pay/pack/<id>`. A pack of this offer already waiting is given again. */
  async buy(viewer: Viewer, dto: BuyPackDto): Promise<PackView> {
    if (dto.personId && dto.personId !== viewer.id && !isMembershipStaff(viewer)) {
      throw new ForbiddenException({ code: 'staff_only', message: 'Vous ne pouvez acheter que pour vous. You can only buy for yourself.' });
    }
    const person = dto.personId ? await this.people.get(viewer, dto.personId) : await this.people.findPerson(viewer.id);
    const offer = await this.offers.findOneBy({ id: dto.offerId });
    if (!person?.siteId || !offer || offer.siteId !== person.siteId)
      throw new NotFoundException({ code: 'not_found', message: 'Pack introuvable. Not found.' });
    if (!offer.active) throw new ConflictException({ code: 'pack_closed', message: 'Ce pack n’est plus proposé. This pack is no longer offered.' });
    const waiting = await this.purchases.findOneBy({ personId: person.id, offerId: offer.id, status: 'pending' });
    const row =
      waiting ??
      (await this.purchases.save(
        this.purchases.create({
          siteId: offer.siteId,
          offerId: offer.id,
          personId: person.id,
          name: offer.name,
          machineId: offer.machineId,
          machineType: offer.machineType,
          minutes: offer.minutes,
          priceCents: offer.priceCents,
          vatBasisPoints: offer.vatBasisPoints,
          validityDays: offer.validityDays,
        }),
      ));
    return view(row, new Date());
  }

  /** A person's packs, paid or waiting, the usable ones first (oldest-expiring first, as they are drawn). */
  async of(personId: string, now = new Date()): Promise<PackView[]> {
    const rows = await this.purchases.find({ where: { personId }, order: { createdAt: 'DESC' } });
    const views = rows.filter((r) => r.status !== 'withdrawn').map((r) => view(r, now));
    const rank = (p: PackView) => (p.usable ? 0 : p.status === 'pending' ? 1 : 2);
    return views.sort((a, b) => rank(a) - rank(b) || (a.expiresAt?.getTime() ?? 0) - (b.expiresAt?.getTime() ?? 0));
  }

  mine(viewer: Viewer): Promise<PackView[]> {
    return this.of(viewer.id);
  }

  /** Staff: every pack of a site, with what is left. */
  async list(viewer: Viewer, siteId?: string, now = new Date()): Promise<Array<PackView & { personName: string }>> {
    const site = requireSite(viewer, siteId);
    const rows = await this.purchases.find({ where: { siteId: site }, order: { createdAt: 'DESC' } });
    const names = await this.people.displayNames(rows.map((r) => r.personId));
    return rows.map((r) => ({ ...view(r, now), personName: names.get(r.personId) ?? '' }));
  }

  async payable(ref: string): Promise<Payable | null> {
    const p = await this.purchases.findOneBy({ id: ref });
    if (!p || p.status === 'withdrawn') return null;
    const label = `${p.name} (${hoursText(p.minutes)})`;
    return {
      kind: 'pack',
      ref: p.id,
      siteId: p.siteId,
      personId: p.personId,
      label,
      lines: [{ label, quantity: 1, unitCents: p.priceCents, vatRatePercent: p.vatBasisPoints / 100 }],
      totalCents: p.priceCents,
      paidCents: p.status === 'active' ? p.priceCents : 0,
    };
  }

  /** Paid: the pack counts from now until its expiry. Idempotent by payment. */
  async settle(e: DomainEvents['payments.settled']): Promise<void> {
    const p = await this.purchases.findOneBy({ id: e.ref });
    if (!p) return void this.log.warn(`payment ${e.paymentId} settles unknown pack ${e.ref}`);
    if (p.status !== 'pending') {
      if (p.paymentId !== e.paymentId) this.log.warn(`pack ${p.id} is ${p.status}: payment ${e.paymentId} not applied (refund it)`);
      return;
    }
    if (e.amountCents < p.priceCents) return void this.log.warn(`payment ${e.paymentId} (${e.amountCents}) is less than pack ${p.id}: kept pending`);
    const expiresAt = packExpiry(e.paidAt, p.validityDays, await this.sites.zoneOf(p.siteId));
    const res = await this.purchases.update({ id: p.id, status: 'pending' }, { status: 'active', paymentId: e.paymentId, activatedAt: e.paidAt, expiresAt });
    if (res.affected) this.log.log(`pack ${p.id} paid (${e.paymentId})`);
  }

  /** Refunded in full: what is left can no longer be drawn (minutes already used stay used). */
  async refund(e: DomainEvents['payments.refunded']): Promise<void> {
    if (!e.full) return;
    const res = await this.purchases.update({ id: e.ref, status: 'active', paymentId: e.paymentId }, { status: 'withdrawn' });
    if (res.affected) this.log.log(`pack ${e.ref} withdrawn (refund of ${e.paymentId})`);
  }
}

function view(p: PackPurchase, now: Date): PackView {
  const usable = p.status === 'active' && !!p.expiresAt && p.expiresAt > now && packLeft(p) > 0;
  return { ...p, leftMinutes: packLeft(p), usable, payUrl: p.status === 'pending' ? payUrl('pack', p.id) : null };
}

/** « 10 h », « 1 h 30 », « 45 min ». */
export function hoursText(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (!h) return `${m} min`;
  return m ? `${h} h ${String(m).padStart(2, '0')}` : `${h} h`;
}
