import { Repeat } from './queue-types';

/** Milliseconds to add to UTC to get the wall clock of `tz` at `at`. */
function zoneOffset(at: number, tz: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(at));
  const n = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - Math.floor(at / 1000) * 1000;
}

/** The instant `hh:mm` is on the wall clock of `tz`, on the local day of `day` (a UTC midnight). */
function atLocal(day: number, h: number, m: number, tz: string): number {
  const wall = day + (h * 60 + m) * 60_000;
  const first = wall - zoneOffset(wall, tz);
  return wall - zoneOffset(first, tz); // again, in case the first guess crossed a DST change
}

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
  const today = Math.floor((after + zoneOffset(after, r.tz)) / 86400_000) * 86400_000;
  for (let d = 0; d < 3; d++) {
    const at = atLocal(today + d * 86400_000, h, m, r.tz);
    if (at > after) return at;
  }
  throw new Error(`no next run for ${r.dailyAt} ${r.tz}`);
}
