import { addOutcome, isRealDay, noOutcomes, upcomingFirst } from './events';

describe('repair café outcomes', () => {
  it('counts fixed, repairable later, end of life and the rest as in progress', () => {
    const c = noOutcomes();
    for (const s of ['repaired', 'repaired', 'repairable_later', 'end_of_life', 'received', 'in_repair'] as const) addOutcome(c, s);
    addOutcome(c, 'repaired', 3);
    expect(c).toEqual({ devices: 9, repaired: 5, repairableLater: 1, endOfLife: 1, inProgress: 2 });
  });
});

describe('upcomingFirst', () => {
  it("puts today's and coming events first (nearest on top), then past ones (latest on top)", () => {
    const e = (date: string) => ({ date });
    const { upcoming, past } = upcomingFirst([e('2026-01-10'), e('2026-03-01'), e('2026-02-14'), e('2025-12-06'), e('2026-02-28')], '2026-02-14');
    expect(upcoming.map((x) => x.date)).toEqual(['2026-02-14', '2026-02-28', '2026-03-01']);
    expect(past.map((x) => x.date)).toEqual(['2026-01-10', '2025-12-06']);
  });
});

describe('isRealDay', () => {
  it('accepts calendar days and refuses well-shaped non-days', () => {
    expect(isRealDay('2028-02-29')).toBe(true);
    expect(isRealDay('2026-02-29')).toBe(false);
    expect(isRealDay('2026-13-01')).toBe(false);
    expect(isRealDay('2026-11-31')).toBe(false);
  });
});
