import type { TicketStatus } from './ticket-flow';

/** How a repair café's devices ended up: what volunteers and funders ask about the day. */
export interface EventOutcomes {
  devices: number;
  repaired: number;
  repairableLater: number;
  endOfLife: number;
  /** Not closed yet: received, diagnosed, waiting for parts, in repair. */
  inProgress: number;
}

export const noOutcomes = (): EventOutcomes => ({ devices: 0, repaired: 0, repairableLater: 0, endOfLife: 0, inProgress: 0 });

/** Adds `n` tickets of `status` to the counts (n > 1 when counted by the database). */
export function addOutcome(counts: EventOutcomes, status: TicketStatus, n = 1): EventOutcomes {
  counts.devices += n;
  if (status === 'repaired') counts.repaired += n;
  else if (status === 'repairable_later') counts.repairableLater += n;
  else if (status === 'end_of_life') counts.endOfLife += n;
  else counts.inProgress += n;
  return counts;
}

/**
 * Today's and coming repair cafés first, the nearest on top (what the team prepares), then past
 * ones, the latest on top. Dates are YYYY-MM-DD, so they compare as strings.
 */
export function upcomingFirst<E extends { date: string }>(events: E[], today: string): { upcoming: E[]; past: E[] } {
  const upcoming = events.filter((e) => e.date >= today).sort((a, b) => a.date.localeCompare(b.date));
  const past = events.filter((e) => e.date < today).sort((a, b) => b.date.localeCompare(a.date));
  return { upcoming, past };
}

/** « 2026-02-30 » has the right shape but is no day: refuse it rather than store it. */
export function isRealDay(date: string): boolean {
  const d = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date;
}
