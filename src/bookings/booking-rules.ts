import { addDays, fromLocal, parseHhmm, toLocal } from './time';

/** A machine's booking policy (see BookableMachine). */
export interface BookingPolicy {
  slotMinutes: number;
  minMinutes: number;
  maxMinutes: number;
  horizonDays: number;
  cancelNoticeMinutes: number;
  noShowMinutes: number;
  earlyMinutes: number;
}

/** A site's opening hours: weekly pattern and closed days, in its zone. */
export interface SiteHours {
  tz: string;
  weekly: Array<{ weekday: number; opens: string; closes: string }>;
  closures: Array<{ startsOn: string; endsOn: string }>;
  /** Badges open machines at any time; the hours and closures then only frame bookings. */
  badgesAnyTime?: boolean;
}

export interface Interval {
  start: Date;
  end: Date;
}

/** Half-open ranges: a booking ending at 10:00 and one starting at 10:00 do not overlap. */
export const overlaps = (a: Interval, b: Interval) => a.start < b.end && b.start < a.end;

const isClosedDay = (h: SiteHours, date: string) => h.closures.some((c) => c.startsOn <= date && date <= c.endsOn);

/** A site with no weekly pattern is always open (apart from its closed days). */
export const alwaysOpen = (h: SiteHours) => h.weekly.length === 0;

/** The open intervals of one local day, as instants. */
export function openIntervals(h: SiteHours, date: string): Interval[] {
  if (isClosedDay(h, date)) return [];
  if (alwaysOpen(h)) return [{ start: fromLocal(date, 0, h.tz), end: fromLocal(addDays(date, 1), 0, h.tz) }];
  const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
  return h.weekly
    .filter((w) => w.weekday === weekday)
    .map((w) => ({ start: fromLocal(date, parseHhmm(w.opens), h.tz), end: fromLocal(date, parseHhmm(w.closes), h.tz) }))
    .sort((a, b) => a.start.getTime() - b.start.getTime());
}

/** The next opening after an instant, within two weeks (null when none is that near). */
function nextOpening(h: SiteHours, at: Date, today: string): Date | null {
  for (let d = 0; d <= 14; d++) {
    const next = openIntervals(h, addDays(today, d)).find((i) => i.start > at);
    if (next) return next.start;
  }
  return null;
}

/**
 * Whether the site is open at an instant, and when it closes next (null when it never does); when
 * closed, when it opens next (the badge display says it).
 */
export function openingAt(h: SiteHours, at: Date): { open: boolean; closesAt: Date | null; opensAt?: Date | null } {
  if (alwaysOpen(h) && !h.closures.length) return { open: true, closesAt: null };
  const today = toLocal(at, h.tz).date;
  const current = openIntervals(h, today).find((i) => i.start <= at && at < i.end);
  if (!current) return { open: false, closesAt: null, opensAt: nextOpening(h, at, today) };
  if (!alwaysOpen(h)) return { open: true, closesAt: current.end };
  // Always open: it closes at the start of the next closed day, if one is near.
  for (let d = 1; d <= 366; d++) {
    const day = addDays(today, d);
    if (isClosedDay(h, day)) return { open: true, closesAt: fromLocal(day, 0, h.tz) };
  }
  return { open: true, closesAt: null };
}

/** True when [start, end) lies inside one opening interval (midnight joins always-open days). */
export function withinOpeningHours(h: SiteHours, start: Date, end: Date): boolean {
  const first = toLocal(start, h.tz).date;
  const last = toLocal(new Date(end.getTime() - 1), h.tz).date;
  const days: string[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) days.push(d);
  const intervals = days.flatMap((d) => openIntervals(h, d));
  let reach = start;
  for (const i of intervals) {
    if (i.start <= reach && i.end > reach) reach = i.end;
    if (reach >= end) return true;
  }
  return false;
}

export type BookingRefusal = 'invalid_range' | 'not_on_slot' | 'too_short' | 'too_long' | 'in_past' | 'too_far_ahead' | 'closed';

/**
 * Whether a person may book [start, end): on the slot grid, within min/max duration, not in the
 * past, not beyond the horizon, within opening hours. Managers blocking time skip all but the grid.
 */
export function canBook(p: BookingPolicy, h: SiteHours, start: Date, end: Date, now: Date, opts: { block?: boolean } = {}): BookingRefusal | null {
  if (!(end > start)) return 'invalid_range';
  const minutes = (end.getTime() - start.getTime()) / 60_000;
  const local = toLocal(start, h.tz);
  if (local.minutes % p.slotMinutes !== 0 || minutes % p.slotMinutes !== 0 || start.getUTCSeconds() || start.getUTCMilliseconds()) return 'not_on_slot';
  if (opts.block) return null;
  if (start < now) return 'in_past';
  if (minutes < p.minMinutes) return 'too_short';
  if (minutes > p.maxMinutes) return 'too_long';
  if (start.getTime() > now.getTime() + p.horizonDays * 86400_000) return 'too_far_ahead';
  if (!withinOpeningHours(h, start, end)) return 'closed';
  return null;
}

/** The last instant a person may cancel (or change) a booking starting at `startsAt`. */
export const cancelDeadline = (p: Pick<BookingPolicy, 'cancelNoticeMinutes'>, startsAt: Date) => new Date(startsAt.getTime() - p.cancelNoticeMinutes * 60_000);

/** A person cancels up to the notice before the start; a manager at any time. */
export function canCancel(p: Pick<BookingPolicy, 'cancelNoticeMinutes'>, startsAt: Date, now: Date, opts: { staff: boolean }): boolean {
  return opts.staff || now.getTime() <= startsAt.getTime() - p.cancelNoticeMinutes * 60_000;
}

/**
 * The free slots of a machine over `days` local days from `from`: slots of the grid inside
 * opening hours, in the future, within the horizon, overlapping no busy interval.
 */
export function freeSlots(p: BookingPolicy, h: SiteHours, from: string, days: number, busy: Interval[], now: Date): Interval[] {
  const out: Interval[] = [];
  const sorted = [...busy].sort((a, b) => a.start.getTime() - b.start.getTime());
  const horizon = now.getTime() + p.horizonDays * 86400_000;
  let bi = 0;
  for (let d = 0; d < days; d++) {
    const date = addDays(from, d);
    for (const open of openIntervals(h, date)) {
      const openLocal = toLocal(open.start, h.tz).minutes;
      const offset = (p.slotMinutes - (openLocal % p.slotMinutes)) % p.slotMinutes;
      for (let s = open.start.getTime() + offset * 60_000; s + p.slotMinutes * 60_000 <= open.end.getTime(); s += p.slotMinutes * 60_000) {
        const slot = { start: new Date(s), end: new Date(s + p.slotMinutes * 60_000) };
        if (slot.start < now || s > horizon) continue;
        while (bi < sorted.length && sorted[bi].end <= slot.start) bi++;
        let taken = false;
        for (let j = bi; j < sorted.length && sorted[j].start < slot.end; j++) if (overlaps(sorted[j], slot)) taken = true;
        if (!taken) out.push(slot);
      }
    }
  }
  return out;
}
