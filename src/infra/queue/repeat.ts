import { addDays, dayOf, fromLocal } from '../../common/local-format';
import { Repeat } from './queue-types';

/**
 * The run of a schedule that is due at or before `now` and not earlier than the period holding it
 * (`every`: the start of the current period; `dailyAt`: the next time of day). Same answer on
 * every process, so two of them adding it at once add one row.
 */
export function firstRun(r: Repeat, now: number): number {
  if ('every' in r) return Math.floor(now / r.every) * r.every;
  return nextRun(r, now - 1);
}

/** The run after the one due at `after`. */
export function nextRun(r: Repeat, after: number): number {
  if ('every' in r) return (Math.floor(after / r.every) + 1) * r.every;
  const [h, m] = r.dailyAt.split(':').map(Number);
  const today = dayOf(after, r.tz);
  for (let d = 0; d < 3; d++) {
    const at = fromLocal(addDays(today, d), h * 60 + m, r.tz).getTime();
    if (at > after) return at;
  }
  throw new Error(`no next run for ${r.dailyAt} ${r.tz}`);
}
