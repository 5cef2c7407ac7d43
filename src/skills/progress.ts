import type { Requirement } from './entities/certification.entity';

/** A person's highest level per skill, from their evidence. */
export function bestLevels(evidence: Iterable<{ skillId: string; level: number }>): Map<string, number> {
  const best = new Map<string, number>();
  for (const e of evidence) if ((best.get(e.skillId) ?? 0) < e.level) best.set(e.skillId, e.level);
  return best;
}

export interface Gap {
  skillId: string;
  have: number;
  need: number;
}

export interface Progress {
  /** 0–100, level-weighted: each required level counts once. */
  percent: number;
  achieved: boolean;
  missing: Gap[];
}

/** How far a person is toward a target, and what is missing. */
export function progressToward(requirements: Requirement[], levels: Map<string, number>): Progress {
  let needed = 0;
  let reached = 0;
  const missing: Gap[] = [];
  for (const r of requirements) {
    const have = levels.get(r.skillId) ?? 0;
    needed += r.level;
    reached += Math.min(have, r.level);
    if (have < r.level) missing.push({ skillId: r.skillId, have, need: r.level });
  }
  const percent = needed === 0 ? 100 : Math.floor((reached * 100) / needed);
  return { percent, achieved: missing.length === 0, missing };
}

/** Training hours to close the gaps: levels still to climb × the skill's hours per level. */
export function estimateHours(missing: Gap[], hoursPerLevel: (skillId: string) => number): number {
  return missing.reduce((sum, g) => sum + (g.need - g.have) * hoursPerLevel(g.skillId), 0);
}

export interface PlannedWeek {
  week: number;
  startsOn: string;
  hours: number;
  skills: { skillId: string; fromLevel: number; toLevel: number }[];
}

const addDays = (isoDay: string, days: number) => new Date(Date.parse(isoDay + 'T00:00:00Z') + days * 86400_000).toISOString().slice(0, 10);

/**
 * A weekly plan: the missing levels, one after the other (lowest gap first), packed into weeks of
 * `hoursPerWeek` hours. A level may span weeks; each week lists the levels worked on.
 */
export function weeklyPlan(missing: Gap[], hoursPerLevel: (skillId: string) => number, hoursPerWeek: number, startsOn: string): PlannedWeek[] {
  if (hoursPerWeek <= 0) throw new Error('hoursPerWeek must be positive');
  const steps: { skillId: string; from: number; to: number; hours: number }[] = [];
  for (const g of [...missing].sort((a, b) => a.have - b.have)) {
    for (let l = g.have; l < g.need; l++) steps.push({ skillId: g.skillId, from: l, to: l + 1, hours: hoursPerLevel(g.skillId) });
  }
  const weeks: PlannedWeek[] = [];
  let current: PlannedWeek | null = null;
  for (const step of steps) {
    let left = step.hours;
    while (left > 0) {
      if (!current || current.hours >= hoursPerWeek) {
        current = { week: weeks.length + 1, startsOn: addDays(startsOn, weeks.length * 7), hours: 0, skills: [] };
        weeks.push(current);
      }
      const take = Math.min(left, hoursPerWeek - current.hours);
      current.hours += take;
      left -= take;
      const last = current.skills[current.skills.length - 1];
      if (!last || last.skillId !== step.skillId) current.skills.push({ skillId: step.skillId, fromLevel: step.from, toLevel: step.to });
      else last.toLevel = step.to;
    }
  }
  return weeks;
}

/** Whether a rule's threshold is met by a count of completed things. */
export const ruleMet = (minCount: number, count: number) => count >= minCount;
