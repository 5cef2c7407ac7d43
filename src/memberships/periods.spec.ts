import { calendarYear, movingYear, periodFor, planPrice, sameDayNextYear } from './periods';

describe('membership periods', () => {
  it('a calendar year runs from 1 January to 31 December on the site clock (Paris, Réunion)', () => {
    expect(calendarYear(2027, 'Europe/Paris')).toEqual({ startsAt: new Date('2026-12-31T23:00:00Z'), endsAt: new Date('2027-12-31T23:00:00Z') });
    expect(calendarYear(2027, 'Indian/Reunion').startsAt).toEqual(new Date('2026-12-31T20:00:00Z'));
  });

  it('a moving year starts on the local day paid and ends the same day a year later', () => {
    // 23:30 UTC on 13 March is already 14 March in Paris.
    const p = movingYear(new Date('2027-03-13T23:30:00Z'), 'Europe/Paris');
    expect(p.startsAt).toEqual(new Date('2027-03-13T23:00:00Z'));
    expect(p.endsAt).toEqual(new Date('2028-03-13T23:00:00Z'));
    expect(sameDayNextYear('2028-02-29')).toBe('2029-03-01');
  });

  it('a renewal paid before the end follows on from the current membership', () => {
    const paidAt = new Date('2027-03-01T10:00:00Z');
    const currentEndsAt = new Date('2027-03-13T23:00:00Z');
    expect(periodFor('moving_year', { year: null, paidAt, currentEndsAt, zone: 'Europe/Paris' }).startsAt).toEqual(currentEndsAt);
    expect(periodFor('moving_year', { year: null, paidAt, currentEndsAt: null, zone: 'Europe/Paris' }).startsAt).toEqual(new Date('2027-02-28T23:00:00Z'));
    expect(periodFor('calendar_year', { year: 2028, paidAt, zone: 'Europe/Paris' }).startsAt).toEqual(new Date('2027-12-31T23:00:00Z'));
  });

  it("prices a person by their category, else everyone's price", () => {
    expect(planPrice({ '*': 2000, demandeur_emploi: 500 }, 'demandeur_emploi')).toBe(500);
    expect(planPrice({ '*': 2000, demandeur_emploi: 500 }, 'standard')).toBe(2000);
    expect(planPrice({ etudiant: 1000 }, 'standard')).toBeNull();
  });
});
