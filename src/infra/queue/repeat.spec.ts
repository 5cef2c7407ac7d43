import { firstRun, nextRun } from './repeat';

describe('repeat of the database queue', () => {
  it('aligns `every` on its period, so every process computes the same run', () => {
    const now = Date.UTC(2026, 0, 5, 10, 17, 3);
    expect(new Date(firstRun({ every: 3600_000 }, now)).toISOString()).toBe('2026-01-05T10:00:00.000Z');
    expect(new Date(nextRun({ every: 3600_000 }, now)).toISOString()).toBe('2026-01-05T11:00:00.000Z');
  });

  it('runs `dailyAt` at the local time of the zone, winter and summer', () => {
    const r = { dailyAt: '09:00', tz: 'Europe/Paris' };
    expect(new Date(nextRun(r, Date.UTC(2026, 0, 5, 7, 0))).toISOString()).toBe('2026-01-05T08:00:00.000Z');
    expect(new Date(nextRun(r, Date.UTC(2026, 0, 5, 8, 0))).toISOString()).toBe('2026-01-06T08:00:00.000Z');
    expect(new Date(nextRun(r, Date.UTC(2026, 6, 1, 6, 0))).toISOString()).toBe('2026-07-01T07:00:00.000Z');
    // The night of the change to summer time (29 March 2026): still 09:00 in Paris.
    expect(new Date(nextRun(r, Date.UTC(2026, 2, 28, 9, 0))).toISOString()).toBe('2026-03-29T07:00:00.000Z');
  });
});
