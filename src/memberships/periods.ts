import { addDays, dayOf, startOfDay } from '../common/local-format';
import type { PlanPeriod } from './entities/membership-plan.entity';

/** A paid period, [startsAt, endsAt) on the site's clock. */
export interface Period {
  startsAt: Date;
  endsAt: Date;
}

/** 1 January to 31 December of `year`, on the site's clock. */
export function calendarYear(year: number, zone: string): Period {
  return { startsAt: startOfDay(`${year}-01-01`, zone), endsAt: startOfDay(`${year + 1}-01-01`, zone) };
}

/** The same day next year (29 February → 1 March). */
export function sameDayNextYear(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  const next = `${y + 1}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return m === 2 && d === 29 ? addDays(`${y + 1}-02-28`, 1) : next;
}

/** A year from the local day of `from` (14 March 2027 → through 13 March 2028). */
export function movingYear(from: Date, zone: string): Period {
  const day = dayOf(from, zone);
  return { startsAt: startOfDay(day, zone), endsAt: startOfDay(sameDayNextYear(day), zone) };
}

/**
 * The period a payment opens. A calendar-year membership covers its year; a moving year starts
 * on the day paid, or when the person's current membership ends if they renew before it does.
 */
export function periodFor(period: PlanPeriod, o: { year: number | null; paidAt: Date; currentEndsAt?: Date | null; zone: string }): Period {
  if (period === 'calendar_year') return calendarYear(o.year ?? Number(dayOf(o.paidAt, o.zone).slice(0, 4)), o.zone);
  const from = o.currentEndsAt && o.currentEndsAt > o.paidAt ? o.currentEndsAt : o.paidAt;
  return movingYear(from, o.zone);
}

/** The price of a plan for a category: its own, else everyone's (`*`); null when the plan has neither. */
export function planPrice(prices: Record<string, number>, category: string): number | null {
  return prices[category] ?? prices['*'] ?? null;
}
