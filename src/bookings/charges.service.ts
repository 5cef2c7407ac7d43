import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Between, In, Repository, EntityManager } from 'typeorm';
import { AccessReadService } from '../access/access-read.service';
import { requireSite, siteOf, Viewer } from '../common/viewer';
import type { Machine } from '../machines/entities/machine.entity';
import { MachinesService } from '../machines/machines.service';
import { PeopleService } from '../people/people.service';
import { isBookingStaff } from './bookings.service';
import { CreatePriceLineDto, RecordConsumableDto, SetCategoryDto } from './dto/bookings.dto';
import { Booking } from './entities/booking.entity';
import { ConsumableUse } from './entities/consumable-use.entity';
import { PersonCategory } from './entities/person-category.entity';
import { PriceLine } from './entities/price-line.entity';
import { SiteHoursService } from './site-hours.service';
import { amounts, billedQuantity, consumablePrice, machinePrice, Price, vatPercent } from './pricing';
import { fromLocal, toLocal } from './time';
import { csvDocument } from '../common/csv';
import { sheetEuros } from '../common/local-format';
import { DomainEventBus } from '../common/domain-events';
import type { UsageSession } from '../access/entities/usage-session.entity';
import { PackLedger } from '../memberships/pack-ledger';

export const DEFAULT_CATEGORY = 'standard';

export interface StatementLine {
  date: string; // ISO instant of the usage
  kind: 'machine' | 'consumable';
  label: string;
  machineId: string | null;
  sessionId: string | null;
  quantity: number;
  unit: string;
  unitCents: number;
  vatBasisPoints: number;
  netCents: number;
  vatCents: number;
  grossCents: number;
  /** Minutes a prepaid pack covered (machine time): the quantity is what is left to pay. */
  packMinutes?: number;
}

export interface TimeQuote {
  category: string;
  line: Price | null;
  quantity: number;
  netCents: number;
  vatCents: number;
  grossCents: number;
}

export interface Statement {
  month: string;
  siteId: string;
  timezone: string;
  personId: string;
  personName: string;
  category: string;
  companyName: string | null;
  lines: StatementLine[];
  totals: { netCents: number; vatCents: number; grossCents: number };
}

/**
 * What the lab charges: machine time from real usage sessions (badge-in to end), the booking as
 * a minimum where the price line says so, plus consumables; monthly statements and CSV export.
 */
@Injectable()
export class ChargesService {
  constructor(
    @InjectRepository(PriceLine) private readonly prices: Repository<PriceLine>,
    @InjectRepository(PersonCategory) private readonly categories: Repository<PersonCategory>,
    @InjectRepository(ConsumableUse) private readonly consumables: Repository<ConsumableUse>,
    private readonly access: AccessReadService,
    @InjectRepository(Booking) private readonly bookings: Repository<Booking>,
    private readonly machines: MachinesService,
    private readonly people: PeopleService,
    private readonly hours: SiteHoursService,
    private readonly packs: PackLedger,
    events: DomainEventBus,
  ) {
    events.on('session.ended', ({ sessionId }) => this.drawPacksFor(sessionId));
  }

  /** A person's price category (the default one when none was set). */
  async categoryOf(personId: string): Promise<string> {
    return (await this.categories.findOneBy({ personId }))?.category ?? DEFAULT_CATEGORY;
  }

  /**
   * A session just ended: the minutes it will be charged (its booking as a minimum where the line
   * says so) are drawn from the person's valid packs first (PackLedger: once per session, oldest
   * pack first, never below zero). Free time draws nothing. The statement charges what is left.
   */
  async drawPacksFor(sessionId: string): Promise<void> {
    const s = await this.access.sessionById(sessionId);
    if (!s?.endedAt) return;
    const [machine] = await this.machines.byIds([s.machineId]);
    if (!machine) return;
    const [prices, category, bookings] = await Promise.all([
      this.prices.findBy({ siteId: s.siteId }),
      this.categoryOf(s.personId),
      this.bookings.find({
        where: { personId: s.personId, machineId: s.machineId, startsAt: Between(new Date(s.startedAt.getTime() - 86400_000), s.endedAt) },
      }),
    ]);
    const price = machinePrice(prices, machine, category);
    if (!price) return;
    const minutes = chargedMinutes(price, s, bookingOf(s, bookings));
    await this.packs.draw(`session:${s.id}`, { siteId: s.siteId, personId: s.personId, machine, minutes, at: s.endedAt });
  }

  /** Material a finished job used, charged like a consumable recorded at the desk; written in the caller's transaction. */
  async recordConsumableIn(
    em: EntityManager,
    use: Pick<ConsumableUse, 'siteId' | 'personId' | 'machineId' | 'consumable' | 'quantity' | 'usedAt' | 'recordedById'>,
  ): Promise<void> {
    await em.save(em.create(ConsumableUse, use));
  }

  async setCategory(viewer: Viewer, personId: string, dto: SetCategoryDto): Promise<PersonCategory> {
    const person = await this.people.get(viewer, personId);
    if (!person.siteId) throw new BadRequestException({ code: 'no_site', message: 'Cette personne n’a pas de lieu. This person has no site.' });
    return this.categories.save(this.categories.create({ personId, siteId: person.siteId, category: dto.category, companyName: dto.companyName || null }));
  }

  async addPrice(viewer: Viewer, dto: CreatePriceLineDto): Promise<PriceLine> {
    const siteId = requireSite(viewer, dto.siteId);
    const isTime = dto.unit === 'minute' || dto.unit === 'slot';
    if (isTime === !!dto.consumable || (isTime && !dto.machineId && !dto.machineType)) {
      throw new BadRequestException({
        code: 'bad_price_line',
        message:
          'Une ligne de prix porte soit sur du temps machine (machine ou type, à la minute ou au créneau), soit sur un consommable (au gramme, à la feuille, à l’unité). A line prices machine time or a consumable.',
      });
    }
    if (dto.machineId) await this.machines.assertInSite(siteId, [dto.machineId]);
    return this.prices.save(
      this.prices.create({
        siteId,
        label: dto.label,
        machineId: dto.machineId ?? null,
        machineType: dto.machineType ?? null,
        consumable: dto.consumable ?? null,
        category: dto.category ?? '*',
        unit: dto.unit,
        slotMinutes: dto.slotMinutes ?? null,
        unitCents: dto.unitCents,
        vatBasisPoints: dto.vatBasisPoints ?? 2000,
        bookingIsMinimum: dto.bookingIsMinimum ?? false,
      }),
    );
  }

  /**
   * What `minutes` of a machine would cost a person, counted as their statement counts used time
   * (the line of their category before the catch-all, minutes or started slots). Null line: no
   * price for this machine, the time is free.
   */
  async quoteTime(personId: string, machine: Pick<Machine, 'id' | 'type' | 'siteId'>, minutes: number): Promise<TimeQuote> {
    const [lines, cat] = await Promise.all([this.prices.findBy({ siteId: machine.siteId }), this.categories.findOneBy({ personId })]);
    const category = cat?.category ?? DEFAULT_CATEGORY;
    const line = machinePrice(lines, machine, category);
    if (!line) return { category, line: null, quantity: 0, netCents: 0, vatCents: 0, grossCents: 0 };
    const quantity = billedQuantity(line, minutes * 60_000, null);
    return { category, line, quantity, ...amounts(line.unitCents, quantity, line.vatBasisPoints) };
  }

  listPrices(viewer: Viewer, siteId?: string): Promise<PriceLine[]> {
    const site = siteOf(viewer, siteId);
    return this.prices.find({ where: site ? { siteId: site } : {}, order: { label: 'ASC' } });
  }

  async recordConsumable(viewer: Viewer, dto: RecordConsumableDto): Promise<ConsumableUse> {
    const person = await this.people.get(viewer, dto.personId);
    if (dto.machineId) await this.machines.assertInSite(person.siteId!, [dto.machineId]);
    return this.consumables.save(
      this.consumables.create({
        siteId: person.siteId!,
        personId: person.id,
        machineId: dto.machineId ?? null,
        consumable: dto.consumable,
        quantity: dto.quantity,
        usedAt: dto.usedAt ? new Date(dto.usedAt) : new Date(),
        recordedById: viewer.id,
      }),
    );
  }

  /**
   * Monthly statements of a site (YYYY-MM, in the site's zone). A person who is not staff only
   * ever gets their own. `company` gathers every person of that company in one statement.
   */
  async statements(viewer: Viewer, q: { month: string; siteId?: string; personId?: string; company?: string }): Promise<Statement[]> {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(q.month))
      throw new BadRequestException({ code: 'bad_month', message: 'Mois attendu au format AAAA-MM. month must be YYYY-MM.' });
    const staff = isBookingStaff(viewer);
    const personId = staff ? q.personId : viewer.id;
    if (staff && q.personId) await this.people.get(viewer, q.personId); // another site's person: 404
    const siteId = staff ? requireSite(viewer, q.siteId) : viewer.siteId!;
    const { tz } = await this.hours.hoursOf(siteId);
    const [y, m] = q.month.split('-').map(Number);
    const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
    const from = fromLocal(`${q.month}-01`, 0, tz);
    const to = new Date(fromLocal(`${next}-01`, 0, tz).getTime() - 1);

    const who = personId ? { personId } : {};
    const [sessions, uses, prices, cats] = await Promise.all([
      this.access.endedSessionsBetween(siteId, from, to, personId),
      this.consumables.find({ where: { siteId, ...who, usedAt: Between(from, to) }, order: { usedAt: 'ASC' } }),
      this.prices.findBy({ siteId }),
      this.categories.findBy({ siteId }),
    ]);
    const personIds = [...new Set([...sessions.map((s) => s.personId), ...uses.map((u) => u.personId)])];
    const bookings = personIds.length
      ? await this.bookings.find({ where: { personId: In(personIds), startsAt: Between(new Date(from.getTime() - 86400_000), to) } })
      : [];
    const machines = new Map<string, Machine>((await this.machines.byIds(sessions.map((s) => s.machineId))).map((m) => [m.id, m]));
    const covers = await this.packs.coversOf(sessions.map((s) => `session:${s.id}`));
    const catOf = (pid: string) => cats.find((c) => c.personId === pid);
    const byPerson = new Map<string, StatementLine[]>();
    const push = (pid: string, line: StatementLine) => byPerson.set(pid, [...(byPerson.get(pid) ?? []), line]);

    for (const s of sessions) {
      const machine = machines.get(s.machineId);
      if (!machine) continue;
      const category = catOf(s.personId)?.category ?? DEFAULT_CATEGORY;
      const price = machinePrice(prices, machine, category);
      const booking = bookingOf(s, bookings);
      const usedMs = s.endedAt!.getTime() - s.startedAt.getTime();
      const bookedMs = booking ? booking.endsAt.getTime() - booking.startsAt.getTime() : null;
      const billed = price ? billedQuantity(price, usedMs, bookedMs) : Math.ceil(usedMs / 60_000);
      const packMinutes = price ? (covers.get(`session:${s.id}`)?.minutes ?? 0) : 0;
      const quantity = price && packMinutes ? leftToPay(price, billed, packMinutes) : billed;
      const a = amounts(price?.unitCents ?? 0, quantity, price?.vatBasisPoints ?? 0);
      push(s.personId, {
        ...(packMinutes ? { packMinutes } : {}),
        date: s.startedAt.toISOString(),
        kind: 'machine',
        label: price?.label ?? machine.name,
        machineId: machine.id,
        sessionId: s.id,
        quantity,
        unit: price?.unit ?? 'minute',
        unitCents: price?.unitCents ?? 0,
        vatBasisPoints: price?.vatBasisPoints ?? 0,
        ...a,
      });
    }
    for (const u of uses) {
      const category = catOf(u.personId)?.category ?? DEFAULT_CATEGORY;
      const price = consumablePrice(prices, u.consumable, category);
      const a = amounts(price?.unitCents ?? 0, u.quantity, price?.vatBasisPoints ?? 0);
      push(u.personId, {
        date: u.usedAt.toISOString(),
        kind: 'consumable',
        label: price?.label ?? u.consumable,
        machineId: u.machineId,
        sessionId: null,
        quantity: u.quantity,
        unit: price?.unit ?? 'unit',
        unitCents: price?.unitCents ?? 0,
        vatBasisPoints: price?.vatBasisPoints ?? 0,
        ...a,
      });
    }

    const out: Statement[] = [];
    for (const [pid, lines] of byPerson) {
      const person = await this.people.findPerson(pid);
      const cat = catOf(pid);
      if (q.company && cat?.companyName !== q.company) continue;
      lines.sort((a, b) => a.date.localeCompare(b.date));
      out.push({
        month: q.month,
        siteId,
        timezone: tz,
        personId: pid,
        personName: person ? `${person.firstName} ${person.lastName}`.trim() : pid,
        category: cat?.category ?? DEFAULT_CATEGORY,
        companyName: cat?.companyName ?? null,
        lines,
        totals: totalsOf(lines),
      });
    }
    out.sort((a, b) => a.personName.localeCompare(b.personName));
    if (q.company && out.length) {
      const lines = out.flatMap((s) => s.lines);
      return [{ ...out[0], personId: '', personName: q.company, lines, totals: totalsOf(lines) }];
    }
    return out;
  }

  /** One row per charge line, `;`-separated, decimal comma, UTF-8 with BOM (opens right in French spreadsheets). */
  async csv(viewer: Viewer, q: { month: string; siteId?: string }): Promise<string> {
    const statements = await this.statements(viewer, q);
    const header = [
      'date',
      'client',
      'entreprise',
      'categorie',
      'libelle',
      'quantite',
      'unite',
      'prix_unitaire_ht',
      'montant_ht',
      'taux_tva',
      'montant_tva',
      'montant_ttc',
    ];
    const rows = statements.flatMap((s) =>
      s.lines.map((l) => [
        toLocal(new Date(l.date), s.timezone).date,
        s.personName,
        s.companyName ?? '',
        s.category,
        l.label,
        String(l.quantity),
        l.unit,
        sheetEuros(l.unitCents),
        sheetEuros(l.netCents),
        vatPercent(l.vatBasisPoints),
        sheetEuros(l.vatCents),
        sheetEuros(l.grossCents),
      ]),
    );
    return csvDocument(header, rows);
  }
}

/** The booking a session was the use of: the person's, on that machine, started at most an hour before. */
function bookingOf(s: Pick<UsageSession, 'personId' | 'machineId' | 'startedAt'>, bookings: Booking[]): Booking | undefined {
  return bookings.find(
    (b) =>
      b.personId === s.personId &&
      b.machineId === s.machineId &&
      b.kind === 'booking' &&
      b.startsAt.getTime() - 3600_000 <= s.startedAt.getTime() &&
      s.startedAt < b.endsAt,
  );
}

/** The minutes a session is charged, as its statement line counts them (a started slot is a whole slot). */
export function chargedMinutes(price: Price, s: Pick<UsageSession, 'startedAt' | 'endedAt'>, booking?: Pick<Booking, 'startsAt' | 'endsAt'>): number {
  const usedMs = s.endedAt!.getTime() - s.startedAt.getTime();
  const bookedMs = booking ? booking.endsAt.getTime() - booking.startsAt.getTime() : null;
  const quantity = billedQuantity(price, usedMs, bookedMs);
  return price.unit === 'slot' ? quantity * (price.slotMinutes ?? 30) : quantity;
}

/** What is left to pay of `billed` units once a pack covered `packMinutes` (a slot partly covered is paid whole). */
export function leftToPay(price: Price, billed: number, packMinutes: number): number {
  const minutes = price.unit === 'slot' ? billed * (price.slotMinutes ?? 30) : billed;
  const left = Math.max(0, minutes - packMinutes);
  return price.unit === 'slot' ? Math.ceil(left / (price.slotMinutes ?? 30)) : left;
}

function totalsOf(lines: StatementLine[]) {
  return lines.reduce((t, l) => ({ netCents: t.netCents + l.netCents, vatCents: t.vatCents + l.vatCents, grossCents: t.grossCents + l.grossCents }), {
    netCents: 0,
    vatCents: 0,
    grossCents: 0,
  });
}
