import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Between, In, Repository } from 'typeorm';
import { AccessReadService } from '../access/access-read.service';
import { csvDocument } from '../common/csv';
import { sheetEuros } from '../common/local-format';
import { requireSite, Viewer } from '../common/viewer';
import type { Machine } from '../machines/entities/machine.entity';
import { MachinesService } from '../machines/machines.service';
import { PackLedger } from '../memberships/pack-ledger';
import { PeopleService } from '../people/people.service';
import { isBookingStaff } from './bookings.service';
import { bookingOf, ChargesService, DEFAULT_CATEGORY, leftToPay } from './charges.service';
import { Booking } from './entities/booking.entity';
import { ConsumableUse } from './entities/consumable-use.entity';
import { amounts, chargedParts, consumablePrice, vatPercent } from './pricing';
import { SiteHoursService } from './site-hours.service';
import { fromLocal, toLocal } from './time';

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
  /** Machine time: where this part of the session ends (a session across two rates is two lines). */
  until?: string;
  /** The first minutes the person's category is offered, at 0 €. */
  free?: boolean;
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
 * Monthly statements: machine time from real usage sessions (badge-in to end), the booking as a
 * minimum where the price line says so, minus what prepaid packs covered, plus consumables; and
 * their CSV export. Prices and categories are read from ChargesService.
 */
@Injectable()
export class StatementsService {
  constructor(
    private readonly access: AccessReadService,
    @InjectRepository(Booking) private readonly bookings: Repository<Booking>,
    @InjectRepository(ConsumableUse) private readonly consumables: Repository<ConsumableUse>,
    private readonly machines: MachinesService,
    private readonly people: PeopleService,
    private readonly hours: SiteHoursService,
    private readonly packs: PackLedger,
    private readonly charges: ChargesService,
  ) {}

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
    const [ended, uses, prices, cats] = await Promise.all([
      this.access.endedSessionsBetween(siteId, from, to, personId),
      this.consumables.find({ where: { siteId, ...who, usedAt: Between(from, to) }, order: { usedAt: 'ASC' } }),
      this.charges.pricesOf(siteId),
      this.charges.categoriesOf(siteId),
    ]);
    // An anonymous visitor's session on a public computer (docs/free-access.md) is nobody's to pay.
    const sessions = ended.filter((s): s is typeof s & { personId: string } => !!s.personId);
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
      const booking = bookingOf(s, bookings);
      const bookedMs = booking ? booking.endsAt.getTime() - booking.startsAt.getTime() : null;
      // One line per price period the session spans (day and evening rates, a price change at a
      // date), the free first minutes of the person's category apart; a prepaid pack covers the
      // paid parts in order.
      const parts = chargedParts(prices, machine, category, s.startedAt, s.endedAt!, tz, bookedMs);
      let packLeft = covers.get(`session:${s.id}`)?.minutes ?? 0;
      for (const part of parts) {
        const price = part.line;
        let quantity = part.quantity;
        let packMinutes = 0;
        if (price && !part.free && packLeft > 0) {
          packMinutes = Math.min(packLeft, part.minutes);
          packLeft -= packMinutes;
          quantity = leftToPay(price, part.quantity, packMinutes);
        }
        const a = amounts(part.free ? 0 : (price?.unitCents ?? 0), quantity, price?.vatBasisPoints ?? 0);
        push(s.personId, {
          ...(packMinutes ? { packMinutes } : {}),
          ...(part.free ? { free: true } : {}),
          date: part.start.toISOString(),
          until: part.end.toISOString(),
          kind: 'machine',
          label: part.free ? `${price?.label ?? machine.name} — ${part.minutes} min offertes` : (price?.label ?? machine.name),
          machineId: machine.id,
          sessionId: s.id,
          quantity,
          unit: part.free ? 'minute' : (price?.unit ?? 'minute'),
          unitCents: part.free ? 0 : (price?.unitCents ?? 0),
          vatBasisPoints: price?.vatBasisPoints ?? 0,
          ...a,
        });
      }
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

function totalsOf(lines: StatementLine[]) {
  return lines.reduce((t, l) => ({ netCents: t.netCents + l.netCents, vatCents: t.vatCents + l.vatCents, grossCents: t.grossCents + l.grossCents }), {
    netCents: 0,
    vatCents: 0,
    grossCents: 0,
  });
}
