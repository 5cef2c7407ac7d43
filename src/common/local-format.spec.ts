import {
  addDays,
  dayOf,
  duration,
  endOfDay,
  euros,
  sheetEuros,
  fromLocal,
  localDate,
  localDateTime,
  localInputToInstant,
  localNumber,
  localTime,
  offsetMinutes,
  percent,
  sheetDateTime,
  startOfDay,
} from './local-format';

const PARIS = 'Europe/Paris';
const REUNION = 'Indian/Reunion';
const CAYENNE = 'America/Cayenne';
const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('local-format: days', () => {
  it('puts an instant at 22:00 UTC on the next day in Réunion, the same day in Paris and Cayenne', () => {
    const at = new Date('2027-03-03T22:00:00Z');
    expect(dayOf(at, REUNION)).toBe('2027-03-04');
    expect(dayOf(at, PARIS)).toBe('2027-03-03');
    expect(dayOf(at, CAYENNE)).toBe('2027-03-03');
  });

  it('puts 02:00 UTC on the previous day in Cayenne (UTC-3)', () => {
    expect(dayOf(new Date('2027-03-04T02:00:00Z'), CAYENNE)).toBe('2027-03-03');
  });

  it('knows the offsets: Paris changes twice a year, Réunion and Cayenne never', () => {
    expect(offsetMinutes(new Date('2027-01-15T12:00:00Z'), PARIS)).toBe(60);
    expect(offsetMinutes(new Date('2027-07-15T12:00:00Z'), PARIS)).toBe(120);
    expect(offsetMinutes(new Date('2027-01-15T12:00:00Z'), REUNION)).toBe(240);
    expect(offsetMinutes(new Date('2027-07-15T12:00:00Z'), REUNION)).toBe(240);
    expect(offsetMinutes(new Date('2027-07-15T12:00:00Z'), CAYENNE)).toBe(-180);
  });

  it('has 23 hours on the spring change day and 25 on the autumn one in Paris, 24 in Réunion', () => {
    const hours = (day: string, tz: string) => (endOfDay(day, tz).getTime() + 1 - startOfDay(day, tz).getTime()) / 3600_000;
    expect(hours('2027-03-28', PARIS)).toBe(23);
    expect(hours('2027-10-31', PARIS)).toBe(25);
    expect(hours('2027-03-28', REUNION)).toBe(24);
    expect(endOfDay('2027-03-28', PARIS).toISOString()).toBe('2027-03-28T21:59:59.999Z');
    expect(endOfDay('2027-10-31', PARIS).toISOString()).toBe('2027-10-31T22:59:59.999Z');
    expect(endOfDay('2027-03-03', REUNION).toISOString()).toBe('2027-03-03T19:59:59.999Z');
    expect(startOfDay('2027-03-03', CAYENNE).toISOString()).toBe('2027-03-03T03:00:00.000Z');
  });

  it('reads wall clocks across the changes: skipped 02:30 moves forward, repeated 02:30 is the first', () => {
    expect(fromLocal('2027-03-28', 150, PARIS).toISOString()).toBe('2027-03-28T01:30:00.000Z');
    expect(fromLocal('2027-10-31', 150, PARIS).toISOString()).toBe('2027-10-31T00:30:00.000Z');
    expect(localInputToInstant('2027-03-03T09:00', REUNION).toISOString()).toBe('2027-03-03T05:00:00.000Z');
    expect(localInputToInstant('2027-07-03T09:00', PARIS).toISOString()).toBe('2027-07-03T07:00:00.000Z');
  });

  it('adds calendar days across months and years', () => {
    expect(addDays('2027-12-31', 1)).toBe('2028-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
  });
});

describe('local-format: reading', () => {
  const at = new Date('2027-03-03T05:00:00Z');

  it('writes dates and times on the site clock, in both languages', () => {
    expect(localDate(at, REUNION, 'fr')).toBe('3 mars 2027');
    expect(localDate(at, REUNION, 'en')).toBe('3 March 2027');
    expect(localDate(at, REUNION, 'fr', 'short')).toBe('03/03/2027');
    expect(localTime(at, REUNION, 'fr')).toBe('09:00');
    expect(localTime(at, PARIS, 'fr')).toBe('06:00');
    expect(localTime(at, REUNION, 'fr', 'spoken')).toBe('09 h 00');
    expect(localTime(at, REUNION, 'en', 'spoken')).toBe('09:00');
    expect(localTime(at, CAYENNE, 'fr', 'seconds')).toBe('02:00:00');
    expect(nbsp(localDateTime(at, REUNION, 'fr', 'short'))).toBe('03/03/2027 09:00');
    expect(localDateTime(at, REUNION, 'fr', 'weekday')).toBe('mercredi 3 mars à 09:00');
    expect(localDateTime(at, REUNION, 'en', 'weekday')).toBe('Wednesday 3 March at 09:00');
  });

  it('writes the summer and winter hour in Paris on either side of the changes', () => {
    expect(localTime(new Date('2027-03-28T00:30:00Z'), PARIS, 'fr')).toBe('01:30');
    expect(localTime(new Date('2027-03-28T01:30:00Z'), PARIS, 'fr')).toBe('03:30');
    expect(localTime(new Date('2027-10-31T00:30:00Z'), PARIS, 'fr')).toBe('02:30');
    expect(localTime(new Date('2027-10-31T01:30:00Z'), PARIS, 'fr')).toBe('02:30');
  });

  it('writes spreadsheet dates on the site clock', () => {
    expect(sheetDateTime(new Date('2027-03-03T22:00:00Z'), REUNION)).toBe('04/03/2027 02:00');
    expect(sheetDateTime(new Date('2027-03-03T22:00:05Z'), PARIS, true)).toBe('03/03/2027 23:00:05');
  });

  it('writes euros, percents, numbers and durations', () => {
    expect(nbsp(euros(750, 'fr'))).toBe('7,50 €');
    expect(euros(750, 'en')).toBe('€7.50');
    expect(nbsp(euros(123456, 'fr'))).toBe('1 234,56 €');
    expect(nbsp(euros(-5, 'fr'))).toBe('-0,05 €');
    expect(nbsp(percent(0.125, 'fr'))).toBe('12,5 %');
    expect(percent(0.125, 'en')).toBe('12.5%');
    expect(nbsp(localNumber(1234.56, 'fr'))).toBe('1 234,6');
    expect(localNumber(1234.56, 'en', 1, false)).toBe('1234.6');
    expect(duration(45)).toBe('45 min');
    expect(duration(90)).toBe('1 h 30 min');
    expect(duration(120)).toBe('2 h');
  });

  it('writes euros for a French spreadsheet: a comma, two decimals, no symbol, no grouping, an ASCII minus', () => {
    expect(sheetEuros(123456)).toBe('1234,56');
    expect(sheetEuros(5)).toBe('0,05');
    expect(sheetEuros(-1250)).toBe('-12,50');
  });
});
