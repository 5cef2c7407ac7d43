import { BookingPolicy, canBook, canCancel, freeSlots, openingAt, overlaps, SiteHours, withinOpeningHours } from './booking-rules';
import { fromLocal, offsetMinutes, toLocal } from './time';

const TZ = 'Europe/Paris';
const policy: BookingPolicy = {
  slotMinutes: 30,
  minMinutes: 30,
  maxMinutes: 240,
  horizonDays: 30,
  cancelNoticeMinutes: 120,
  noShowMinutes: 15,
  earlyMinutes: 10,
};
/** Tuesday to Saturday 10:00–19:00, closed 14–15 July 2027. */
const hours: SiteHours = {
  tz: TZ,
  weekly: [2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: '10:00', closes: '19:00' })),
  closures: [{ startsOn: '2027-07-14', endsOn: '2027-07-15' }],
};
const at = (date: string, hhmm: string) => fromLocal(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)), TZ);
const now = at('2027-03-01', '09:00'); // a Monday

describe('Paris wall-clock time', () => {
  it('is UTC+1 in winter and UTC+2 in summer', () => {
    expect(at('2027-01-12', '10:00').toISOString()).toBe('2027-01-12T09:00:00.000Z');
    expect(at('2027-07-12', '10:00').toISOString()).toBe('2027-07-12T08:00:00.000Z');
  });

  it('moves a time skipped by the spring change forward, and keeps the day 23 hours long', () => {
    // 28 March 2027: 02:00 → 03:00.
    expect(at('2027-03-28', '02:30').toISOString()).toBe('2027-03-28T01:30:00.000Z');
    expect(at('2027-03-29', '00:00').getTime() - at('2027-03-28', '00:00').getTime()).toBe(23 * 3600_000);
    expect(offsetMinutes(at('2027-03-28', '12:00'), TZ)).toBe(120);
  });

  it('reads a time repeated by the autumn change as its first occurrence, still in summer time', () => {
    // 25 October 2026: 03:00 summer time → 02:00 winter time, 02:00–02:59 happen twice.
    expect(at('2026-10-25', '02:30').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(offsetMinutes(at('2026-10-25', '02:30'), TZ)).toBe(120);
    expect(at('2026-10-25', '02:00').toISOString()).toBe('2026-10-25T00:00:00.000Z');
    expect(at('2026-10-25', '01:59').toISOString()).toBe('2026-10-24T23:59:00.000Z');
    expect(at('2026-10-25', '03:00').toISOString()).toBe('2026-10-25T02:00:00.000Z');
    // A 02:30–03:30 booking that night lasts two hours, as the clock goes 02:30 → 02:59 → 02:00 → 03:30.
    expect(at('2026-10-25', '03:30').getTime() - at('2026-10-25', '02:30').getTime()).toBe(2 * 3600_000);
  });

  it('moves a time that does not exist (spring gap) to the same clock reading in summer time', () => {
    // 29 March 2026: 02:00 winter time → 03:00 summer time; 02:30 does not exist and becomes 03:30.
    expect(at('2026-03-29', '02:30').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(toLocal(at('2026-03-29', '02:30'), TZ)).toMatchObject({ date: '2026-03-29', minutes: 3 * 60 + 30 });
    expect(at('2026-03-29', '01:59').toISOString()).toBe('2026-03-29T00:59:00.000Z');
    expect(at('2026-03-29', '03:00').toISOString()).toBe('2026-03-29T01:00:00.000Z');
  });

  it('makes the autumn change day 25 hours long and reads local times back', () => {
    // 31 October 2027: 03:00 → 02:00.
    expect(at('2027-11-01', '00:00').getTime() - at('2027-10-31', '00:00').getTime()).toBe(25 * 3600_000);
    expect(toLocal(new Date('2027-10-31T01:30:00Z'), TZ)).toMatchObject({ date: '2027-10-31', minutes: 2 * 60 + 30, weekday: 0 });
  });
});

describe('overlaps', () => {
  const i = (a: string, b: string) => ({ start: at('2027-03-02', a), end: at('2027-03-02', b) });
  it('lets touching slots both exist', () => expect(overlaps(i('10:00', '11:00'), i('11:00', '12:00'))).toBe(false));
  it('refuses a booking that overlaps another by one minute', () => expect(overlaps(i('10:00', '11:00'), i('10:59', '12:00'))).toBe(true));
  it('sees a booking inside another', () => expect(overlaps(i('10:00', '13:00'), i('11:00', '11:30'))).toBe(true));
});

describe('opening hours', () => {
  it('is open on Tuesday at 18:59 and closes at 19:00', () => {
    const o = openingAt(hours, at('2027-03-02', '18:59'));
    expect(o.open).toBe(true);
    expect(o.closesAt?.toISOString()).toBe(at('2027-03-02', '19:00').toISOString());
  });
  it('is closed on Monday, at 19:00 and on a bank-holiday closure', () => {
    expect(openingAt(hours, at('2027-03-01', '12:00')).open).toBe(false);
    expect(openingAt(hours, at('2027-03-02', '19:00')).open).toBe(false);
    expect(openingAt(hours, at('2027-07-14', '12:00')).open).toBe(false);
  });
  it('is always open when no hours are configured', () => {
    expect(openingAt({ tz: TZ, weekly: [], closures: [] }, at('2027-03-01', '03:00'))).toEqual({ open: true, closesAt: null });
  });
  it('accepts a booking ending exactly at closing time but not one minute later', () => {
    expect(withinOpeningHours(hours, at('2027-03-02', '18:00'), at('2027-03-02', '19:00'))).toBe(true);
    expect(withinOpeningHours(hours, at('2027-03-02', '18:30'), at('2027-03-02', '19:30'))).toBe(false);
  });
});

describe('canBook', () => {
  const book = (date: string, from: string, to: string, n = now, opts = {}) => canBook(policy, hours, at(date, from), at(date, to), n, opts);
  it('accepts a slot on the grid within hours', () => expect(book('2027-03-02', '10:00', '11:30')).toBeNull());
  it('refuses a start off the slot grid', () => expect(book('2027-03-02', '10:15', '11:15')).toBe('not_on_slot'));
  it('refuses too short and too long bookings', () => {
    expect(canBook({ ...policy, minMinutes: 60 }, hours, at('2027-03-02', '10:00'), at('2027-03-02', '10:30'), now)).toBe('too_short');
    expect(book('2027-03-02', '10:00', '14:30')).toBe('too_long');
  });
  it('refuses the past and beyond the horizon', () => {
    expect(book('2027-02-27', '10:00', '11:00')).toBe('in_past');
    expect(book('2027-04-06', '10:00', '11:00')).toBe('too_far_ahead');
  });
  it('refuses a closed day and outside opening hours', () => {
    expect(book('2027-03-01', '10:00', '11:00')).toBe('closed');
    expect(book('2027-03-02', '08:00', '09:00')).toBe('closed');
  });
  it('lets a manager block time outside hours for maintenance', () => expect(book('2027-03-01', '08:00', '12:00', now, { block: true })).toBeNull());
  it('books on the day clocks go forward, with local slots', () => {
    // Saturday 27 March is normal; Sunday 28 the site (always open) keeps a local 30-minute grid.
    const always: SiteHours = { tz: TZ, weekly: [], closures: [] };
    expect(canBook(policy, always, at('2027-03-28', '03:00'), at('2027-03-28', '04:00'), now)).toBeNull();
  });
});

describe('canCancel', () => {
  it('lets a person cancel up to the notice and not after; a manager always', () => {
    const start = at('2027-03-02', '14:00');
    expect(canCancel(policy, start, at('2027-03-02', '12:00'), { staff: false })).toBe(true);
    expect(canCancel(policy, start, at('2027-03-02', '12:01'), { staff: false })).toBe(false);
    expect(canCancel(policy, start, at('2027-03-02', '13:59'), { staff: true })).toBe(true);
  });
});

describe('freeSlots', () => {
  it('lists the free half-hours of a day, leaving out a booked hour', () => {
    const busy = [{ start: at('2027-03-02', '11:00'), end: at('2027-03-02', '12:00') }];
    const slots = freeSlots(policy, hours, '2027-03-02', 1, busy, now);
    expect(slots).toHaveLength(18 - 2);
    expect(slots.map((s) => toLocal(s.start, TZ).minutes / 60)).not.toContain(11);
    expect(toLocal(slots[0].start, TZ).minutes).toBe(600);
    expect(toLocal(slots[slots.length - 1].end, TZ).minutes).toBe(19 * 60);
  });
  it('gives nothing on a closed day and on the closure', () => {
    expect(freeSlots(policy, hours, '2027-03-01', 1, [], now)).toHaveLength(0);
    expect(freeSlots({ ...policy, horizonDays: 365 }, hours, '2027-07-14', 2, [], now)).toHaveLength(0);
  });
  it('gives 46 half-hours on the spring-forward day and 50 on the autumn day of an always-open site', () => {
    const always: SiteHours = { tz: TZ, weekly: [], closures: [] };
    expect(freeSlots({ ...policy, horizonDays: 365 }, always, '2027-03-28', 1, [], now)).toHaveLength(46);
    expect(freeSlots({ ...policy, horizonDays: 365 }, always, '2027-10-31', 1, [], now)).toHaveLength(50);
  });
});
