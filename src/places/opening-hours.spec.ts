// The reference parser of the syntax (opening_hours.js, used by OpenStreetMap's tools): a test
// dependency only, to read back what we write.
import OpeningHours from 'opening_hours';
import { osmOpeningHours, WeeklyHours } from './opening-hours';

const day = (weekday: number, opens: string, closes: string) => ({ weekday, opens, closes });
const weekdays = [1, 2, 3, 4, 5];
/** Read back by the reference parser: no warning, and open or closed at local wall-clock times. */
function parsed(value: string) {
  const oh = new OpeningHours(value);
  expect(oh.getWarnings()).toEqual([]);
  return (local: string) => oh.getState(new Date(local));
}

describe('opening hours in OpenStreetMap syntax', () => {
  it('groups the working week and splits a day in two', () => {
    const hours: WeeklyHours = {
      weekly: [...weekdays.flatMap((d) => [day(d, '14:00', '18:00'), day(d, '09:00', '12:00')]), day(6, '10:00', '12:00')],
      closures: [],
    };
    const value = osmOpeningHours(hours, '2026-12-04');
    expect(value).toBe('Mo-Fr 09:00-12:00,14:00-18:00; Sa 10:00-12:00');
    const open = parsed(value);
    expect(open('2026-12-07T10:00:00')).toBe(true); // Monday morning
    expect(open('2026-12-07T13:00:00')).toBe(false); // Monday lunch
    expect(open('2026-12-12T11:00:00')).toBe(true); // Saturday
    expect(open('2026-12-13T11:00:00')).toBe(false); // Sunday: closed, not named
  });

  it('names scattered days one by one, and ends an evening at 24:00', () => {
    const value = osmOpeningHours({ weekly: [day(2, '18:00', '24:00'), day(4, '18:00', '24:00'), day(0, '10:00', '12:00')], closures: [] }, '2026-12-04');
    expect(value).toBe('Tu,Th 18:00-24:00; Su 10:00-12:00');
    const open = parsed(value);
    expect(open('2026-12-08T23:30:00')).toBe(true);
    expect(open('2026-12-09T19:00:00')).toBe(false);
    expect(open('2026-12-13T11:00:00')).toBe(true);
  });

  it('adds the closed days to come and leaves the past ones out', () => {
    const hours: WeeklyHours = {
      weekly: weekdays.map((d) => day(d, '09:00', '17:00')),
      closures: [
        { startsOn: '2027-05-01', endsOn: '2027-05-01' },
        { startsOn: '2026-12-24', endsOn: '2027-01-02' },
        { startsOn: '2026-11-11', endsOn: '2026-11-11' },
      ],
    };
    const value = osmOpeningHours(hours, '2026-12-04');
    expect(value).toBe('Mo-Fr 09:00-17:00; 2026 Dec 24-2027 Jan 02 off; 2027 May 01 off');
    const open = parsed(value);
    expect(open('2026-12-22T10:00:00')).toBe(true);
    expect(open('2026-12-28T10:00:00')).toBe(false); // a Monday of the closure
    expect(open('2027-01-04T10:00:00')).toBe(true);
    expect(open('2027-04-30T10:00:00')).toBe(true);
  });

  it('says « open » for a site with no weekly pattern, with its closed days', () => {
    const value = osmOpeningHours({ weekly: [], closures: [{ startsOn: '2026-12-25', endsOn: '2026-12-25' }] }, '2026-12-04');
    expect(value).toBe('open; 2026 Dec 25 off');
    const open = parsed(value);
    expect(open('2026-12-24T03:00:00')).toBe(true);
    expect(open('2026-12-25T12:00:00')).toBe(false);
  });

  it('joins overlapping intervals and runs of two days', () => {
    const value = osmOpeningHours({ weekly: [day(1, '10:00', '12:00'), day(1, '11:00', '13:00'), day(2, '10:00', '13:00')], closures: [] }, '2026-12-04');
    expect(value).toBe('Mo,Tu 10:00-13:00');
    parsed(value);
  });
});
