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

/**
 * The instant a local wall-clock time happens. A time skipped by the spring change (02:30 in
 * Paris) moves forward by the gap; a repeated autumn time takes its first occurrence.
 */
export function fromLocal(date: string, minutes: number, tz: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const naive = Date.UTC(y, m - 1, d) + minutes * 60_000;
  const first = naive - offsetMinutes(new Date(naive), tz) * 60_000;
  const second = naive - offsetMinutes(new Date(first), tz) * 60_000;
  const candidates = [Math.min(first, second), Math.max(first, second)];
  for (const c of candidates) {
    const l = toLocal(new Date(c), tz);
    if (l.date === date && l.minutes === minutes) return new Date(c);
  }
  return new Date(Math.max(first, second));
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
