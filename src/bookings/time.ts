/**
 * Wall-clock time in a site's zone (Europe/Paris by default) ↔ UTC instants, with no library:
 * the zone's offset is read from Intl, so daylight-saving days (23 or 25 hours) come out right.
 */
export interface LocalTime {
  date: string; // YYYY-MM-DD
  minutes: number; // minutes since local midnight
  weekday: number; // 0 Sunday … 6 Saturday
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string) {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', weekday: 'short',
    });
    formatters.set(tz, f);
  }
  return f;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

export function toLocal(instant: Date, tz: string): LocalTime {
  const parts = Object.fromEntries(formatter(tz).formatToParts(instant).map((p) => [p.type, p.value]));
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
    weekday: WEEKDAYS[parts.weekday],
  };
}

/** The zone's offset from UTC at an instant, in minutes (Paris: +60 in winter, +120 in summer). */
export function offsetMinutes(instant: Date, tz: string): number {
  const l = toLocal(instant, tz);
  const [y, m, d] = l.date.split('-').map(Number);
  const asUtc = Date.UTC(y, m - 1, d) + l.minutes * 60_000;
  return Math.round((asUtc - Math.floor(instant.getTime() / 60_000) * 60_000) / 60_000);
}

const DAY_MS = 24 * 3600_000;

/**
 * The instant a local wall-clock time happens, as a booking form means it. A time repeated by the
 * autumn change (02:30 on the last Sunday of October in Paris) is its first occurrence, still in
 * summer time: that is the 02:30 people see first on their clock. A time skipped by the spring change
 * (02:30 on the last Sunday of March) does not exist: it is read with the offset in force before the
 * change, so it moves forward by the gap (02:30 → 03:30 summer time), as a wall clock would show it.
 */
export function fromLocal(date: string, minutes: number, tz: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const naive = Date.UTC(y, m - 1, d) + minutes * 60_000;
  // The offsets on either side of any change that day: a day away, no zone changes twice.
  const before = naive - offsetMinutes(new Date(naive - DAY_MS), tz) * 60_000;
  const after = naive - offsetMinutes(new Date(naive + DAY_MS), tz) * 60_000;
  const matches = [before, after]
    .sort((a, b) => a - b)
    .filter((c) => {
      const l = toLocal(new Date(c), tz);
      return l.date === date && l.minutes === minutes;
    });
  return new Date(matches[0] ?? before);
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export const weekdayOf = (date: string) => new Date(`${date}T12:00:00Z`).getUTCDay();

/** Monday of the week holding `date`. */
export function mondayOf(date: string): string {
  return addDays(date, -((weekdayOf(date) + 6) % 7));
}

export const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
export function parseHhmm(v: string): number {
  const [h, m] = v.split(':').map(Number);
  return h * 60 + m;
}
