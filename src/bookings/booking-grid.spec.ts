import { durationChoices, rowStep, weekGrid } from './booking-grid';
import { BookingPolicy, cancelDeadline, SiteHours } from './booking-rules';
import { fromLocal } from './time';

const TZ = 'Europe/Paris';
const policy: BookingPolicy = {
  slotMinutes: 30,
  minMinutes: 30,
  maxMinutes: 240,
  horizonDays: 10,
  cancelNoticeMinutes: 120,
  noShowMinutes: 15,
  earlyMinutes: 10,
};
/** Tuesday to Saturday 10:00–19:00, Saturday 14:00–18:00 only, closed Thursday 4 March 2027. */
const hours: SiteHours = {
  tz: TZ,
  weekly: [...[2, 3, 4, 5].map((weekday) => ({ weekday, opens: '10:00', closes: '19:00' })), { weekday: 6, opens: '14:00', closes: '18:00' }],
  closures: [{ startsOn: '2027-03-04', endsOn: '2027-03-04' }],
};
const at = (date: string, hhmm: string, tz = TZ) => fromLocal(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)), tz);
const WEEK = '2027-03-01'; // a Monday
const now = at('2027-03-02', '12:10');

describe('the week calendar of a machine', () => {
  const grid = weekGrid(
    policy,
    hours,
    WEEK,
    [
      { start: at('2027-03-03', '10:00'), end: at('2027-03-03', '11:00'), mine: true },
      { start: at('2027-03-03', '15:00'), end: at('2027-03-03', '15:30'), mine: false },
    ],
    now,
  );
  const state = (date: string, hhmm: string) => grid.days.find((d) => d.date === date)!.cells.get(Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)))?.state;

  it('has one row per slot from the earliest opening to the latest closing of the week, in local time', () => {
    expect(grid.step).toBe(30);
    expect(grid.rows[0]).toBe(600);
    expect(grid.rows[grid.rows.length - 1]).toBe(18 * 60 + 30);
    expect(grid.days.map((d) => d.date)).toEqual(['2027-03-01', '2027-03-02', '2027-03-03', '2027-03-04', '2027-03-05', '2027-03-06', '2027-03-07']);
    expect(grid.days[0].cells.get(600)!.start.toISOString()).toBe('2027-03-01T09:00:00.000Z');
  });

  it('tells free, mine, busy, closed and past cells apart', () => {
    expect(state('2027-03-01', '10:00')).toBe('closed'); // Monday
    expect(state('2027-03-04', '10:00')).toBe('closed'); // closure
    expect(state('2027-03-06', '11:00')).toBe('closed'); // Saturday morning
    expect(state('2027-03-06', '14:00')).toBe('free');
    expect(state('2027-03-02', '12:00')).toBe('past'); // started ten minutes ago
    expect(state('2027-03-02', '12:30')).toBe('free');
    expect(state('2027-03-03', '10:30')).toBe('mine');
    expect(state('2027-03-03', '15:00')).toBe('busy');
    expect(state('2027-03-03', '15:30')).toBe('free'); // touching is not overlapping
  });

  it('marks slots beyond the booking horizon, which a booking would refuse', () => {
    const far = weekGrid({ ...policy, horizonDays: 2 }, hours, WEEK, [], now);
    expect(far.days[4].cells.get(600)!.state).toBe('far');
    expect(far.days[2].cells.get(600)!.state).toBe('free');
  });

  it('leaves out the hour the spring change skips, and draws the site’s zone, not Paris', () => {
    const always: SiteHours = { tz: TZ, weekly: [], closures: [] };
    const spring = weekGrid({ ...policy, horizonDays: 365 }, always, '2027-03-22', [], at('2027-03-01', '00:00'));
    const sunday = spring.days[6];
    expect(sunday.date).toBe('2027-03-28');
    expect(sunday.cells.has(120)).toBe(false);
    expect(sunday.cells.has(150)).toBe(false);
    expect(sunday.cells.get(180)!.start.toISOString()).toBe('2027-03-28T01:00:00.000Z');
    const cayenne = weekGrid({ ...policy, horizonDays: 365 }, { ...hours, tz: 'America/Cayenne' }, WEEK, [], at('2027-02-01', '00:00'));
    expect(cayenne.days[1].cells.get(600)!.start.toISOString()).toBe('2027-03-02T13:00:00.000Z');
  });

  it('draws rows of half an hour when the slots are shorter than a quarter-hour', () => {
    expect(rowStep(5)).toBe(30);
    expect(rowStep(10)).toBe(30);
    expect(rowStep(15)).toBe(15);
    expect(rowStep(60)).toBe(60);
  });

  it('shows nothing to book on a week the site is closed', () => {
    const closed = weekGrid(policy, { ...hours, closures: [{ startsOn: '2027-03-01', endsOn: '2027-03-07' }] }, WEEK, [], now);
    expect(closed.rows).toEqual([]);
  });
});

describe('the lengths a booking form offers', () => {
  it('follows the grid from the minimum to the maximum', () => {
    expect(durationChoices({ slotMinutes: 30, minMinutes: 60, maxMinutes: 180 })).toEqual([60, 90, 120, 150, 180]);
    expect(durationChoices({ slotMinutes: 60, minMinutes: 30, maxMinutes: 180 })).toEqual([60, 120, 180]);
  });

  it('keeps a long list readable: the minimum, then whole half-hours', () => {
    const five = durationChoices({ slotMinutes: 5, minMinutes: 5, maxMinutes: 240 });
    expect(five[0]).toBe(5);
    expect(five.slice(1).every((d) => d % 30 === 0)).toBe(true);
    expect(five[five.length - 1]).toBe(240);
  });
});

describe('the cancellation deadline', () => {
  it('is the notice before the start', () => {
    expect(cancelDeadline(policy, at('2027-03-03', '10:00')).toISOString()).toBe(at('2027-03-03', '08:00').toISOString());
  });
});
