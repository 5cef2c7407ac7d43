/** Calendar days in the sites' zone (Europe/Paris): storage is UTC, days are people's days. */
export const SITE_ZONE = 'Europe/Paris';

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: SITE_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The Paris calendar day (YYYY-MM-DD) of an instant. */
export function parisDay(instant: Date): string {
  return dayFormat.format(instant);
}

/** YYYY-MM-DD plus n days (calendar arithmetic, no zone involved). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** Minutes Paris is ahead of UTC at an instant (60 in winter, 120 in summer). */
function parisOffsetMinutes(instant: Date): number {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: SITE_ZONE, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' })
      .formatToParts(instant)
      .map((x) => [x.type, Number(x.value)]),
  );
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return Math.round((asUtc - Math.floor(instant.getTime() / 60_000) * 60_000) / 60_000);
}

/** The last millisecond of a Paris calendar day, as a UTC instant. */
export function endOfParisDay(day: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  const nextMidnightUtc = Date.UTC(y, m - 1, d + 1);
  // The offset at the guess is the offset at that midnight except within an hour of a change,
  // and a change never happens at midnight in Paris (it is at 02:00/03:00).
  const offset = parisOffsetMinutes(new Date(nextMidnightUtc));
  return new Date(nextMidnightUtc - offset * 60_000 - 1);
}
