import { BookingPolicy, Interval, openIntervals, overlaps, SiteHours, withinOpeningHours } from './booking-rules';
import { addDays, fromLocal, toLocal } from './time';

/** What a cell of the week calendar shows: bookable now, someone's, the viewer's, closed, past, or beyond the horizon. */
export type CellState = 'free' | 'busy' | 'mine' | 'closed' | 'past' | 'far';

export interface GridCell {
  start: Date;
  end: Date;
  state: CellState;
}

export interface WeekGrid {
  /** Minutes per row: the slot, or whole half-hours when slots are shorter than a quarter-hour. */
  step: number;
  /** Local minutes since midnight of each row, from the earliest opening to the latest closing of the week. */
  rows: number[];
  days: Array<{ date: string; cells: Map<number, GridCell> }>;
}

export type BusyInterval = Interval & { mine: boolean };

/** A row of 5-minute slots would make a calendar nobody can read: rows of 30 minutes then. */
export const rowStep = (slotMinutes: number) => (slotMinutes >= 15 ? slotMinutes : Math.ceil(30 / slotMinutes) * slotMinutes);

/**
 * The week of one machine as a calendar (Monday `week`, 7 local days of the site's zone): each
 * row a start time on the machine's grid, each cell free, busy (someone else's or blocked time),
 * mine, closed, past or beyond the booking horizon. A local time the spring change skips is left out.
 */
export function weekGrid(p: BookingPolicy, h: SiteHours, week: string, busy: BusyInterval[], now: Date): WeekGrid {
  const step = rowStep(p.slotMinutes);
  const dates = Array.from({ length: 7 }, (_, i) => addDays(week, i));
  const spans = dates.flatMap((d) => openIntervals(h, d).map((i) => localSpan(i, d, h.tz)));
  if (!spans.length) return { step, rows: [], days: dates.map((date) => ({ date, cells: new Map() })) };
  const first = Math.floor(Math.min(...spans.map((s) => s.from)) / step) * step;
  const last = Math.max(...spans.map((s) => s.to));
  const rows: number[] = [];
  for (let m = first; m < last; m += step) rows.push(m);
  const horizon = now.getTime() + p.horizonDays * 86400_000;
  const days = dates.map((date) => {
    const cells = new Map<number, GridCell>();
    for (const m of rows) {
      const start = fromLocal(date, m, h.tz);
      const local = toLocal(start, h.tz);
      if (local.date !== date || local.minutes !== m) continue;
      const end = new Date(start.getTime() + step * 60_000);
      cells.set(m, { start, end, state: stateOf({ start, end }, h, busy, now, horizon) });
    }
    return { date, cells };
  });
  return { step, rows, days };
}

function stateOf(cell: Interval, h: SiteHours, busy: BusyInterval[], now: Date, horizon: number): CellState {
  if (!withinOpeningHours(h, cell.start, cell.end)) return 'closed';
  const taken = busy.filter((b) => overlaps(b, cell));
  if (taken.length) return taken.every((b) => b.mine) ? 'mine' : 'busy';
  if (cell.start < now) return 'past';
  if (cell.start.getTime() > horizon) return 'far';
  return 'free';
}

/** An open interval of `date` in local minutes (an interval running to midnight ends at 1440). */
function localSpan(i: Interval, date: string, tz: string) {
  const from = toLocal(i.start, tz);
  const to = toLocal(i.end, tz);
  return { from: from.date === date ? from.minutes : 0, to: to.date === date ? to.minutes : 1440 };
}

/** The durations a form offers: the machine's grid from its minimum to its maximum (not too many to read). */
export function durationChoices(p: Pick<BookingPolicy, 'slotMinutes' | 'minMinutes' | 'maxMinutes'>): number[] {
  const all: number[] = [];
  const first = Math.ceil(p.minMinutes / p.slotMinutes) * p.slotMinutes;
  for (let d = first; d <= p.maxMinutes; d += p.slotMinutes) all.push(d);
  if (all.length <= 24) return all;
  const round = rowStep(p.slotMinutes) >= 30 ? rowStep(p.slotMinutes) : 30;
  return all.filter((d, i) => i === 0 || d % round === 0);
}
