/** Hours of use counted from usage sessions, for preventive care (« toutes les 40 h de laser »). */

export interface SessionSpan {
  startedAt: Date;
  endedAt: Date | null;
}

/**
 * Hours of use since `since` (an open session counts up to `now`), and when the count reached
 * `everyHours`, if it did: the instant a task fell due, stable until it is done again.
 */
export function usageSince(sessions: SessionSpan[], since: Date, now: Date, everyHours: number): { hours: number; dueAt: Date | null } {
  const limit = everyHours * 3_600_000;
  let used = 0;
  let dueAt: Date | null = null;
  const ordered = [...sessions].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  for (const s of ordered) {
    const start = Math.max(s.startedAt.getTime(), since.getTime());
    const end = Math.min((s.endedAt ?? now).getTime(), now.getTime());
    if (end <= start) continue;
    if (!dueAt && used + (end - start) >= limit) dueAt = new Date(start + (limit - used));
    used += end - start;
  }
  return { hours: Math.round((used / 3_600_000) * 100) / 100, dueAt };
}
