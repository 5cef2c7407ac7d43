/**
 * A site's hours as OpenStreetMap `opening_hours` (wiki.openstreetmap.org/wiki/Key:opening_hours),
 * the syntax the national places standard asks for in `horaires`:
 * - the weekly pattern, days with the same intervals grouped: `Mo-Fr 09:00-12:00,14:00-18:00; Sa 10:00-12:00`
 *   (a day not named is closed; a split day lists its intervals with commas);
 * - no weekly pattern means always open: `open` (not `24/7`, which the reference parser warns
 *   about when exceptions follow);
 * - closed days still to come (today on the site's clock and later) as rules that override:
 *   `; 2026 Dec 24-2027 Jan 02 off`, `; 2027 May 01 off`.
 * An empty string when the site is closed every day of the week.
 */

/** The same shape as the bookings feature's SiteHours (weekday 0 = Sunday … 6 = Saturday, "HH:MM" local). */
export interface WeeklyHours {
  weekly: ReadonlyArray<{ weekday: number; opens: string; closes: string }>;
  closures: ReadonlyArray<{ startsOn: string; endsOn: string }>;
}

/** OSM's days, Monday first, indexed by JavaScript's weekday (0 = Sunday). */
const OSM_DAYS = ['Su', 'Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa'];
/** Monday … Sunday as JavaScript weekdays. */
const WEEK = [1, 2, 3, 4, 5, 6, 0];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const clock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** A day's intervals in order, overlapping or touching ones joined (10:00-12:00 and 11:00-13:00 are 10:00-13:00). */
function dayIntervals(rows: WeeklyHours['weekly'], weekday: number): string {
  const spans = rows
    .filter((r) => r.weekday === weekday)
    .map((r) => [minutes(r.opens), minutes(r.closes)] as [number, number])
    .filter(([a, b]) => a < b)
    .sort((x, y) => x[0] - y[0]);
  const joined: Array<[number, number]> = [];
  for (const [a, b] of spans) {
    const last = joined[joined.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else joined.push([a, b]);
  }
  return joined.map(([a, b]) => `${clock(a)}-${clock(b)}`).join(',');
}

/** Days as OSM writes them: runs of three or more as ranges (Mo-Fr), others one by one (Mo,We,Sa). */
function daySelector(positions: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < positions.length; ) {
    let j = i;
    while (j + 1 < positions.length && positions[j + 1] === positions[j] + 1) j++;
    const first = OSM_DAYS[WEEK[positions[i]]];
    const last = OSM_DAYS[WEEK[positions[j]]];
    if (j - i >= 2) parts.push(`${first}-${last}`);
    else for (let k = i; k <= j; k++) parts.push(OSM_DAYS[WEEK[positions[k]]]);
    i = j + 1;
  }
  return parts.join(',');
}

const osmDate = (day: string) => `${day.slice(0, 4)} ${MONTHS[Number(day.slice(5, 7)) - 1]} ${day.slice(8, 10)}`;

/** The weekly pattern and the closed days from `today` (YYYY-MM-DD on the site's clock) on. */
export function osmOpeningHours(hours: WeeklyHours, today: string): string {
  const rules: string[] = [];
  if (hours.weekly.length === 0) rules.push('open');
  else {
    // Days with the same intervals make one rule, in the order of their first day in the week.
    const groups = new Map<string, number[]>();
    WEEK.forEach((weekday, position) => {
      const spans = dayIntervals(hours.weekly, weekday);
      if (spans) groups.set(spans, [...(groups.get(spans) ?? []), position]);
    });
    for (const [spans, positions] of groups) rules.push(`${daySelector(positions)} ${spans}`);
  }
  if (!rules.length) return '';
  // A closure ending before it starts is one day long (as the bookings feature stores it).
  const closures = hours.closures
    .map((c) => ({ from: c.startsOn, to: [c.startsOn, c.endsOn].sort()[1] }))
    .filter((c) => c.to >= today)
    .sort((a, b) => a.from.localeCompare(b.from));
  for (const c of closures) rules.push(`${c.from === c.to ? osmDate(c.from) : `${osmDate(c.from)}-${osmDate(c.to)}`} off`);
  return rules.join('; ');
}
