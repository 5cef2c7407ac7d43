import { BadRequestException, ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, In, LessThan, MoreThan, Not, Repository } from 'typeorm';
import { assertVisible, siteOf, Viewer } from '../common/viewer';
import { RealtimeService } from '../infra/realtime/realtime.service';
import type { Machine } from '../machines/entities/machine.entity';
import { MachinesService } from '../machines/machines.service';
import { BookingEligibility } from './booking-eligibility';
import { BookingFollowUps } from './booking-follow-ups';
import { BookingRefusal, canBook, canCancel, cancelDeadline, freeSlots, Interval, openingAt } from './booking-rules';
import { CreateBookingDto } from './dto/bookings.dto';
import { Booking } from './entities/booking.entity';
import type { BookingChange } from './entities/booking-change.entity';
import { BookingChanges } from './booking-changes';
import { SiteHoursService } from './site-hours.service';
import { weekGrid } from './booking-grid';
import { addDays, fromLocal, mondayOf, toLocal } from './time';

export { BOOKINGS_QUEUE } from './booking-follow-ups';
const STAFF_ROLES = ['manager', 'admin'];
export const isBookingStaff = (v: Viewer) => STAFF_ROLES.includes(v.role);

const REFUSALS: Record<BookingRefusal, string> = {
  invalid_range: 'La fin doit être après le début. The end must be after the start.',
  not_on_slot: 'Choisissez un créneau de la grille de la machine. Please pick a slot on the machine’s grid.',
  too_short: 'Réservation trop courte pour cette machine. Booking too short for this machine.',
  too_long: 'Réservation trop longue pour cette machine. Booking too long for this machine.',
  in_past: 'Ce créneau est déjà passé. This slot is in the past.',
  too_far_ahead: 'Trop loin dans le futur pour cette machine. Too far ahead for this machine.',
  closed: 'Le lieu est fermé sur ce créneau. The lab is closed at that time.',
};

/** What the badge-in decision needs to know about opening hours and bookings (see decideBadgeIn). */
export interface BookingAccessContext {
  hours?: { open: boolean; closesAt?: Date; opensAt?: Date };
  booking?: { byOther: boolean; mine?: { endsAt: Date }; nextByOtherAt?: Date };
}

/** The SQLite connection underneath TypeORM, for a synchronous BEGIN IMMEDIATE transaction. */
interface SqliteDb {
  prepare(sql: string): { get(...p: unknown[]): unknown; run(...p: unknown[]): unknown };
  transaction<T>(fn: () => T): { immediate(): T };
}
const sqliteDate = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');

/** Prototyping-time bookings: who may book what, when, never twice the same time. */
@Injectable()
export class BookingsService {
  constructor(
    @InjectRepository(Booking) private readonly bookings: Repository<Booking>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hours: SiteHoursService,
    private readonly machines: MachinesService,
    private readonly realtime: RealtimeService,
    private readonly eligibility: BookingEligibility,
    private readonly followUps: BookingFollowUps,
    private readonly changeLog: BookingChanges,
  ) {}

  async book(viewer: Viewer, dto: CreateBookingDto, now = new Date()): Promise<Booking> {
    const { machine, policy, kind, personId, start, end } = await this.checkBooking(viewer, dto, now);
    this.followUps.assertUp(); // its reminders and no-show check live in the queue: no booking without them
    const row: Booking = this.bookings.create({
      id: randomUUID(),
      siteId: machine.siteId,
      machineId: machine.id,
      personId,
      kind,
      note: dto.note ?? '',
      startsAt: start,
      endsAt: end,
      status: 'active',
      createdById: viewer.id,
      createdAt: now,
      cancelledAt: null,
    });
    await this.insertExclusive(row);
    this.realtime.toSite(machine.siteId, 'booking.created', {
      bookingId: row.id,
      machineId: machine.id,
      startsAt: start.toISOString(),
      endsAt: end.toISOString(),
    });
    await this.followUps.schedule(row, policy.noShowMinutes, now);
    return row;
  }

  /** The rules a booking of [start, end) must pass, the same for a quote, a booking and a move. */
  private async checkBooking(viewer: Viewer, dto: CreateBookingDto, now: Date) {
    const machine = await this.machines.get(viewer, dto.machineId);
    const staff = isBookingStaff(viewer);
    const kind = dto.kind ?? 'booking';
    if (kind !== 'booking' && !staff)
      throw new ForbiddenException({ code: 'staff_only', message: 'Seul un·e responsable peut bloquer du temps. Only managers can block time.' });
    const personId = kind === 'booking' ? (dto.personId ?? viewer.id) : null;
    if (personId && personId !== viewer.id && !staff)
      throw new ForbiddenException({ code: 'staff_only', message: 'Vous ne pouvez réserver que pour vous. You can only book for yourself.' });
    const [policy, hours, notAllowed] = await Promise.all([
      this.hours.policyOf(machine.id),
      this.hours.hoursOf(machine.siteId),
      personId ? this.eligibility.refusalFor(personId, machine, now) : null,
    ]);
    if (!policy) throw new NotFoundException({ code: 'not_bookable', message: `${machine.name} ne se réserve pas. This machine cannot be booked.` });
    if (notAllowed) throw notAllowed;
    const start = new Date(dto.startsAt);
    const end = new Date(dto.endsAt);
    if (personId) await this.eligibility.assertMember(machine.siteId, personId, start);
    const refusal = canBook(policy, hours, start, end, now, { block: kind !== 'booking' });
    if (refusal) throw new BadRequestException({ code: refusal, message: REFUSALS[refusal] });
    return { machine, policy, kind, personId, start, end };
  }

  /**
   * What a booking (or a change of `bookingId`) would be, without writing it: the same rules as
   * booking, and whether the time is still free (409 slot_taken otherwise). The page shows it as
   * the summary before confirming.
   */
  async quote(viewer: Viewer, q: { machineId: string; startsAt: string; endsAt: string; bookingId?: string }, now = new Date()) {
    const own = q.bookingId ? await this.changeable(viewer, q.bookingId, now) : null;
    if (own && own.machineId !== q.machineId)
      throw new BadRequestException({ code: 'same_machine', message: 'Une réservation se déplace sur la même machine. A booking moves on the same machine.' });
    const { machine, policy, start, end } = await this.checkBooking(
      viewer,
      { machineId: q.machineId, startsAt: q.startsAt, endsAt: q.endsAt, ...(own ? this.holderOf(own) : {}) },
      now,
    );
    const other = await this.findOverlap({ machineId: machine.id, startsAt: start, endsAt: end } as Booking, own?.id);
    if (other) throw this.conflict(other);
    return { machine, policy, start, end, cancelBy: cancelDeadline(policy, start), booking: own };
  }

  /**
   * Moves or extends an active booking (its holder before the cancellation deadline, or a
   * manager): the new time passes the same rules, never overlaps another booking, and its
   * reminders and no-show check follow it.
   */
  async move(viewer: Viewer, id: string, to: { startsAt: string; endsAt: string }, now = new Date()): Promise<Booking & { change: BookingChange }> {
    const b = await this.changeable(viewer, id, now);
    const { policy, start, end } = await this.checkBooking(
      viewer,
      { machineId: b.machineId, startsAt: to.startsAt, endsAt: to.endsAt, ...this.holderOf(b) },
      now,
    );
    this.followUps.assertUp();
    await this.updateExclusive(b, start, end);
    // Kept with the price of the booked time before and after (periods and free minutes included).
    const change = await this.changeLog.record(viewer, b, start, end);
    const moved = { ...b, startsAt: start, endsAt: end, change };
    await this.followUps.unschedule(id);
    await this.followUps.schedule(moved, policy.noShowMinutes, now);
    this.realtime.toSite(b.siteId, 'booking.moved', { bookingId: id, machineId: b.machineId, startsAt: start.toISOString(), endsAt: end.toISOString() });
    return moved;
  }

  /** A booking's changes, for its person or the site's staff (another's: 404). */
  async changesOf(viewer: Viewer, id: string): Promise<BookingChange[]> {
    const b = assertVisible(viewer, await this.bookings.findOneBy({ id }), 'Réservation');
    if (!isBookingStaff(viewer) && b.personId !== viewer.id) throw new NotFoundException({ code: 'not_found', message: 'Réservation introuvable. Not found.' });
    return this.changeLog.of(id);
  }

  private holderOf(b: Booking): Pick<CreateBookingDto, 'personId' | 'kind'> {
    return { kind: b.kind, ...(b.personId ? { personId: b.personId } : {}) };
  }

  /** An active booking the viewer may still change: theirs before the cancellation deadline, or any for a manager. */
  async changeable(viewer: Viewer, id: string, now = new Date()): Promise<Booking> {
    const b = assertVisible(viewer, await this.bookings.findOneBy({ id }), 'Réservation');
    const staff = isBookingStaff(viewer);
    if (!staff && b.personId !== viewer.id) throw new NotFoundException({ code: 'not_found', message: 'Réservation introuvable. Not found.' });
    if (b.status !== 'active')
      throw new ConflictException({ code: 'not_active', message: 'Cette réservation est annulée : elle ne se change plus. This booking is cancelled.' });
    const [policy, siteCutoff] = await Promise.all([this.hours.policyOf(b.machineId), this.hours.changeCutoffOf(b.siteId)]);
    // The site's change cut-off when it has one, else the machine's cancellation notice.
    const cutoff = siteCutoff ?? policy?.cancelNoticeMinutes;
    if (cutoff !== undefined && !canCancel({ cancelNoticeMinutes: cutoff }, b.startsAt, now, { staff })) {
      throw new ConflictException({
        code: 'too_late_to_change',
        message: `Changement possible jusqu'à ${cutoff} min avant le début : contactez l'accueil. Changes close ${cutoff} min before the start.`,
      });
    }
    return b;
  }

  /** Sets a booking's new time unless another active booking of the machine overlaps it (as insertExclusive). */
  private async updateExclusive(b: Booking, start: Date, end: Date): Promise<void> {
    if (this.dataSource.options.type === 'postgres') {
      let affected = 0;
      try {
        affected = (await this.bookings.update({ id: b.id, status: 'active' }, { startsAt: start, endsAt: end })).affected ?? 0;
      } catch (err) {
        const code = (err as { driverError?: { code?: string }; code?: string }).driverError?.code ?? (err as { code?: string }).code;
        if (code === '23P01') throw this.conflict(await this.findOverlap({ machineId: b.machineId, startsAt: start, endsAt: end } as Booking, b.id));
        throw err;
      }
      if (!affected) throw new ConflictException({ code: 'not_active', message: 'Cette réservation vient d’être annulée. This booking was just cancelled.' });
      return;
    }
    const db = (this.dataSource.driver as unknown as { databaseConnection: SqliteDb }).databaseConnection;
    const overlap = db.prepare(
      `SELECT "id", "startsAt", "endsAt", "kind" FROM "bookings" WHERE "machineId" = ? AND "status" = 'active' AND "id" <> ? AND "startsAt" < ? AND "endsAt" > ? LIMIT 1`,
    );
    const update = db.prepare(`UPDATE "bookings" SET "startsAt" = ?, "endsAt" = ? WHERE "id" = ? AND "status" = 'active'`);
    const outcome = db
      .transaction(() => {
        const hit = overlap.get(b.machineId, b.id, sqliteDate(end), sqliteDate(start)) as
          | { id: string; startsAt: string; endsAt: string; kind: string }
          | undefined;
        if (hit) return hit;
        return (update.run(sqliteDate(start), sqliteDate(end), b.id) as { changes: number }).changes ? null : 'gone';
      })
      .immediate();
    if (outcome === 'gone')
      throw new ConflictException({ code: 'not_active', message: 'Cette réservation vient d’être annulée. This booking was just cancelled.' });
    if (outcome) {
      const asDate = (v: string) => new Date(v.replace(' ', 'T') + 'Z');
      throw this.conflict({ id: outcome.id, startsAt: asDate(outcome.startsAt), endsAt: asDate(outcome.endsAt), kind: outcome.kind } as Booking);
    }
  }

  /**
   * Inserts a booking unless an active one of the same machine overlaps it. PostgreSQL: the
   * exclusion constraint decides (23P01). SQLite: BEGIN IMMEDIATE, check, insert, COMMIT, run
   * synchronously on the one connection so no other request can interleave.
   */
  private async insertExclusive(row: Booking): Promise<void> {
    if (this.dataSource.options.type === 'postgres') {
      try {
        await this.bookings.insert(row);
      } catch (err) {
        const code = (err as { driverError?: { code?: string }; code?: string }).driverError?.code ?? (err as { code?: string }).code;
        if (code === '23P01') throw this.conflict(await this.findOverlap(row));
        throw err;
      }
      return;
    }
    const db = (this.dataSource.driver as unknown as { databaseConnection: SqliteDb }).databaseConnection;
    const overlap = db.prepare(
      `SELECT "id", "startsAt", "endsAt", "kind" FROM "bookings" WHERE "machineId" = ? AND "status" = 'active' AND "startsAt" < ? AND "endsAt" > ? LIMIT 1`,
    );
    const insert = db.prepare(
      `INSERT INTO "bookings" ("id","siteId","machineId","personId","kind","note","startsAt","endsAt","status","createdById","createdAt","cancelledAt") VALUES (?,?,?,?,?,?,?,?,?,?,?,NULL)`,
    );
    const found = db
      .transaction(() => {
        const hit = overlap.get(row.machineId, sqliteDate(row.endsAt), sqliteDate(row.startsAt)) as
          | { id: string; startsAt: string; endsAt: string; kind: string }
          | undefined;
        if (hit) return hit;
        insert.run(
          row.id,
          row.siteId,
          row.machineId,
          row.personId,
          row.kind,
          row.note,
          sqliteDate(row.startsAt),
          sqliteDate(row.endsAt),
          row.status,
          row.createdById,
          sqliteDate(row.createdAt),
        );
        return null;
      })
      .immediate();
    if (found) {
      const asDate = (s: string) => new Date(s.replace(' ', 'T') + 'Z');
      throw this.conflict({ id: found.id, startsAt: asDate(found.startsAt), endsAt: asDate(found.endsAt), kind: found.kind } as Booking);
    }
  }

  private findOverlap(row: Booking, except?: string): Promise<Booking | null> {
    return this.bookings.findOne({
      where: {
        machineId: row.machineId,
        status: 'active',
        startsAt: LessThan(row.endsAt),
        endsAt: MoreThan(row.startsAt),
        ...(except ? { id: Not(except) } : {}),
      },
    });
  }

  private conflict(other: Pick<Booking, 'id' | 'startsAt' | 'endsAt' | 'kind'> | null) {
    return new ConflictException({
      code: 'slot_taken',
      message: 'Ce créneau vient d’être réservé : choisissez-en un autre. This slot is already booked: please pick another one.',
      conflict: other ? { startsAt: other.startsAt.toISOString(), endsAt: other.endsAt.toISOString(), kind: other.kind } : null,
    });
  }

  async cancel(viewer: Viewer, id: string, now = new Date()): Promise<Booking> {
    const b = assertVisible(viewer, await this.bookings.findOneBy({ id }), 'Réservation');
    const staff = isBookingStaff(viewer);
    if (!staff && b.personId !== viewer.id) throw new NotFoundException({ code: 'not_found', message: 'Réservation introuvable. Not found.' });
    if (b.status !== 'active') throw new ConflictException({ code: 'not_active', message: 'Cette réservation est déjà annulée. Already cancelled.' });
    const policy = await this.hours.policyOf(b.machineId);
    if (policy && !canCancel(policy, b.startsAt, now, { staff })) {
      throw new ConflictException({
        code: 'too_late_to_cancel',
        message: `Annulation possible jusqu'à ${policy.cancelNoticeMinutes} min avant le début : contactez l'accueil. Cancellation closes ${policy.cancelNoticeMinutes} min before the start.`,
      });
    }
    await this.bookings.update({ id, status: 'active' }, { status: 'cancelled', cancelledAt: now });
    await this.followUps.unschedule(id);
    this.realtime.toSite(b.siteId, 'booking.cancelled', { bookingId: id, machineId: b.machineId });
    return { ...b, status: 'cancelled', cancelledAt: now };
  }

  mine(viewer: Viewer, now = new Date()): Promise<Booking[]> {
    return this.bookings.find({
      where: { personId: viewer.id, endsAt: MoreThan(new Date(now.getTime() - 7 * 86400_000)) },
      order: { startsAt: 'ASC' },
      take: 200,
    });
  }

  async list(viewer: Viewer, q: { siteId?: string; machineId?: string; from: Date; to: Date }): Promise<Booking[]> {
    const site = siteOf(viewer, q.siteId);
    if (q.machineId) await this.machines.get(viewer, q.machineId); // another site's machine: 404
    return this.bookings.find({
      where: {
        ...(site ? { siteId: site } : {}),
        ...(q.machineId ? { machineId: q.machineId } : {}),
        startsAt: LessThan(q.to),
        endsAt: MoreThan(q.from),
        status: 'active',
      },
      order: { startsAt: 'ASC' },
      take: 2000,
    });
  }

  findById(id: string): Promise<Booking | null> {
    return this.bookings.findOneBy({ id });
  }

  /** Active bookings of machines that overlap [from, to). */
  busy(machineIds: string[], from: Date, to: Date): Promise<Booking[]> {
    if (!machineIds.length) return Promise.resolve([]);
    // PostgreSQL: "overlaps" in the shape of the exclusion constraint's GiST index (status written
    // as in its WHERE), which finds the week's rows directly. The B-tree on (machineId, startsAt)
    // would read every earlier booking of the machine and throw all but the week's away (EXPLAIN
    // ANALYZE over 100,000 bookings: 2,500 rows read for 111 kept, 0.6 ms → 0.1 ms).
    if (this.dataSource.options.type === 'postgres')
      return this.bookings
        .createQueryBuilder('b')
        .where('b.machineId IN (:...machineIds)', { machineIds })
        .andWhere(`b.status = 'active'`)
        .andWhere(`tstzrange(b."startsAt", b."endsAt", '[)') && tstzrange(:from, :to, '[)')`, { from, to })
        .orderBy('b.startsAt', 'ASC')
        .getMany();
    return this.bookings.find({
      where: { machineId: In(machineIds), status: 'active', startsAt: LessThan(to), endsAt: MoreThan(from) },
      order: { startsAt: 'ASC' },
    });
  }

  /**
   * One machine's week as the booking page draws it: its policy, the site's hours and zone, and
   * the calendar of the week holding `day` (today in the site's zone by default), the viewer's own
   * bookings told apart from others'.
   */
  async weekOf(viewer: Viewer, machineId: string, day?: string, now = new Date()) {
    const machine = await this.machines.get(viewer, machineId);
    const [policy, hours] = await Promise.all([this.hours.policyOf(machine.id), this.hours.hoursOf(machine.siteId)]);
    if (!policy) throw new NotFoundException({ code: 'not_bookable', message: `${machine.name} ne se réserve pas. This machine cannot be booked.` });
    const today = toLocal(now, hours.tz).date;
    const focus = day ?? today;
    const week = mondayOf(focus);
    const rows = await this.busy([machine.id], fromLocal(addDays(week, -1), 0, hours.tz), fromLocal(addDays(week, 8), 0, hours.tz));
    const busy = rows.map((b) => ({ start: b.startsAt, end: b.endsAt, mine: b.personId === viewer.id && b.kind === 'booking' }));
    return { machine, policy, hours, today, day: focus, week, grid: weekGrid(policy, hours, week, busy, now) };
  }

  /**
   * Free slots over a week (Monday of `week`) for one machine or every bookable machine of a
   * type: one entry per slot with the machines free then.
   */
  /** The zone a booking's site reads its times in (reminder mails, pages). */
  siteZone(siteId: string | null | undefined): Promise<string> {
    return this.hours.zoneOf(siteId);
  }

  async availability(viewer: Viewer, q: { machineId?: string; machineType?: string; siteId?: string; week?: string }, now = new Date()) {
    let machines: Machine[];
    if (q.machineId) machines = [await this.machines.get(viewer, q.machineId)];
    else {
      if (!q.machineType)
        throw new BadRequestException({ code: 'machine_required', message: 'Indiquez une machine ou un type. machineId or machineType is required.' });
      const all = await this.machines.list(viewer, q.siteId);
      machines = all.filter((m) => m.type === q.machineType);
    }
    const policies = new Map((await Promise.all(machines.map(async (m) => [m.id, await this.hours.policyOf(m.id)] as const))).filter(([, p]) => p));
    machines = machines.filter((m) => policies.has(m.id));
    const siteId = machines[0]?.siteId ?? siteOf(viewer, q.siteId);
    const hours = siteId ? await this.hours.hoursOf(siteId) : { tz: await this.hours.zoneOf(null), weekly: [], closures: [] };
    const from = mondayOf(q.week && /^\d{4}-\d{2}-\d{2}$/.test(q.week) ? q.week : toLocal(now, hours.tz).date);
    const fromAt = new Date(`${addDays(from, -1)}T00:00:00Z`);
    const toAt = new Date(`${addDays(from, 8)}T00:00:00Z`);
    const busy = await this.busy(
      machines.map((m) => m.id),
      fromAt,
      toAt,
    );
    const slots = new Map<number, { start: Date; end: Date; machineIds: string[] }>();
    for (const m of machines) {
      const mine: Interval[] = busy.filter((b) => b.machineId === m.id).map((b) => ({ start: b.startsAt, end: b.endsAt }));
      for (const s of freeSlots(policies.get(m.id)!, hours, from, 7, mine, now)) {
        const key = s.start.getTime();
        const entry = slots.get(key) ?? { start: s.start, end: s.end, machineIds: [] };
        entry.machineIds.push(m.id);
        slots.set(key, entry);
      }
    }
    return {
      week: from,
      timezone: hours.tz,
      machines: machines.map((m) => ({ id: m.id, name: m.name, type: m.type, policy: policies.get(m.id) })),
      slots: [...slots.values()]
        .sort((a, b) => a.start.getTime() - b.start.getTime())
        .map((s) => ({ startsAt: s.start.toISOString(), endsAt: s.end.toISOString(), machineIds: s.machineIds })),
    };
  }

  /**
   * Opening hours and bookings around a badge-in (MQTT-PROTOCOL.md, "Precise rules"): whether
   * the site is open and until when, whether someone else holds the machine's time now, and the
   * person's own booking, which lets them in `earlyMinutes` before its start.
   */
  async accessContext(machine: Pick<Machine, 'id' | 'siteId' | 'maxSessionMinutes'>, personId: string | null, now: Date): Promise<BookingAccessContext> {
    const [hours, policy] = await Promise.all([this.hours.hoursOf(machine.siteId), this.hours.policyOf(machine.id)]);
    const opening = hours.badgesAnyTime ? { open: true, closesAt: null } : openingAt(hours, now);
    const ctx: BookingAccessContext = {
      hours: { open: opening.open, ...(opening.closesAt ? { closesAt: opening.closesAt } : {}), ...(opening.opensAt ? { opensAt: opening.opensAt } : {}) },
    };
    if (!policy) return ctx;
    const early = policy.earlyMinutes * 60_000;
    const horizon = new Date(now.getTime() + Math.max(machine.maxSessionMinutes * 60_000, early));
    const rows = await this.bookings.find({
      where: { machineId: machine.id, status: 'active', startsAt: LessThan(horizon), endsAt: MoreThan(now) },
      order: { startsAt: 'ASC' },
    });
    const isMine = (b: Booking) => !!personId && b.personId === personId;
    const mine = rows.find((b) => isMine(b) && b.startsAt.getTime() - early <= now.getTime());
    const byOther = rows.some((b) => !isMine(b) && b.startsAt <= now);
    const next = rows.find((b) => !isMine(b) && b.startsAt > now);
    ctx.booking = { byOther, ...(mine ? { mine: { endsAt: mine.endsAt } } : {}), ...(next ? { nextByOtherAt: next.startsAt } : {}) };
    return ctx;
  }
}
