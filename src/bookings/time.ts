/**
 * Wall-clock time in a site's zone ↔ UTC instants: the one implementation lives in
 * src/common/local-format.ts (read from Intl, so daylight-saving days of 23 or 25 hours come out
 * right); bookings add the week and HH:MM arithmetic.
 */
import { addDays } from '../common/local-format';

export { addDays, fromLocal, offsetMinutes, toLocal } from '../common/local-format';
export type { LocalTime } from '../common/local-format';

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
