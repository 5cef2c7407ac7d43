import { dayOf, endOfDay } from '../common/local-format';
import type { Qualification } from './entities/qualification.entity';
import type { Training } from './entities/training.entity';

/** A person's latest session on a machine (access's usage sessions), with the machine's type for the training's cover. */
export interface LastUse {
  personId: string;
  machineId: string;
  machineType: string;
  at: Date;
}

const coversUse = (t: Pick<Training, 'machineIds' | 'machineTypes'>, u: Pick<LastUse, 'machineId' | 'machineType'>) =>
  t.machineIds.includes(u.machineId) || (t.machineTypes as string[]).includes(u.machineType);

/** The latest use by `personId` of a machine the training covers, or null. */
export function lastUseOf(t: Pick<Training, 'machineIds' | 'machineTypes'>, personId: string, uses: readonly LastUse[]): Date | null {
  let last: Date | null = null;
  for (const u of uses) if (u.personId === personId && coversUse(t, u) && (!last || u.at > last)) last = u.at;
  return last;
}

/** `day` + N months, clamped to the month's last day (31 January + 1 month → 28 or 29 February). */
export function addMonthsToDay(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const lastOfMonth = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, lastOfMonth))).toISOString().slice(0, 10);
}

/**
 * Fab-manager's rule, per training (`lapseMonths`): a qualification lapses at the end of the day N
 * months after the latest of its pass, its last check-up (`renewedOn`) and the person's last session
 * on a machine the training covers, on the site's clock. Null when the training has no such rule.
 * `lastActiveOn`: that latest day.
 */
export function lapseOf(
  q: Pick<Qualification, 'passedOn' | 'renewedOn'>,
  t: Pick<Training, 'lapseMonths'>,
  lastUse: Date | null,
  zone: string,
): { lapsesOn: string; lapsesAt: Date; lastActiveOn: string } | null {
  if (!t.lapseMonths) return null;
  const days = [q.passedOn, q.renewedOn ?? '', lastUse ? dayOf(lastUse, zone) : ''].filter(Boolean).sort();
  const lastActiveOn = days[days.length - 1];
  const lapsesOn = addMonthsToDay(lastActiveOn, t.lapseMonths);
  return { lapsesOn, lapsesAt: endOfDay(lapsesOn, zone), lastActiveOn };
}

/** True when the qualification has lapsed from disuse at `now`. */
export function hasLapsed(
  q: Pick<Qualification, 'passedOn' | 'renewedOn' | 'personId'>,
  t: Pick<Training, 'lapseMonths' | 'machineIds' | 'machineTypes'>,
  uses: readonly LastUse[],
  zone: string,
  now: Date,
): boolean {
  const lapse = lapseOf(q, t, lastUseOf(t, q.personId, uses), zone);
  return !!lapse && lapse.lapsesAt <= now;
}
