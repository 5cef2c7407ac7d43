import { createsCycle, expiryOf, isQualificationValid } from './trainings.service';
import { addDays, dayOf, endOfDay } from '../common/local-format';

const PARIS = 'Europe/Paris';
const parisDay = (d: Date) => dayOf(d, PARIS);
const endOfParisDay = (day: string) => endOfDay(day, PARIS);
import { reminderMail } from './training-reminders';

describe('training rules', () => {
  it('ends a 12-month qualification at the end of the same day a year later, in Paris', () => {
    expect(expiryOf('2026-03-15', 12, true, PARIS)!.toISOString()).toBe('2027-03-15T22:59:59.999Z');
    expect(expiryOf('2026-01-10', 6, true, PARIS)!.toISOString()).toBe('2026-07-10T21:59:59.999Z');
  });

  it("ends it at the end of the day on the site's clock elsewhere (Réunion, UTC+4)", () => {
    expect(expiryOf('2026-03-15', 12, true, 'Indian/Reunion')!.toISOString()).toBe('2027-03-15T19:59:59.999Z');
  });

  it('never expires a training that needs no renewal, or one without validity', () => {
    expect(expiryOf('2026-03-15', 12, false, PARIS)).toBeNull();
    expect(expiryOf('2026-03-15', null, true, PARIS)).toBeNull();
  });

  it('finds a loop of prerequisites, direct or longer', () => {
    const all = [
      { id: 'a', prerequisiteIds: [] },
      { id: 'b', prerequisiteIds: ['a'] },
      { id: 'c', prerequisiteIds: ['b'] },
    ];
    expect(createsCycle('a', ['c'], all)).toBe(true);
    expect(createsCycle('a', ['b'], all)).toBe(true);
    expect(createsCycle('c', ['a'], all)).toBe(false);
    expect(createsCycle('d', ['c', 'a'], all)).toBe(false);
  });

  it('counts a qualification as valid only when neither suspended nor expired', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    const q = { suspendedAt: null, expiresAt: new Date('2026-12-01T00:00:00Z') } as never;
    expect(isQualificationValid(q, now)).toBe(true);
    expect(isQualificationValid({ ...(q as object), suspendedAt: now } as never, now)).toBe(false);
    expect(isQualificationValid({ ...(q as object), expiresAt: now } as never, now)).toBe(false);
  });
});

describe('Paris calendar days', () => {
  it('gives the Paris day of an instant around midnight', () => {
    expect(parisDay(new Date('2026-11-23T23:30:00Z'))).toBe('2026-11-24');
    expect(parisDay(new Date('2026-07-01T21:59:00Z'))).toBe('2026-07-01');
  });

  it('ends a day at the right instant on both sides of the clock changes', () => {
    expect(endOfParisDay('2026-03-28').toISOString()).toBe('2026-03-28T22:59:59.999Z');
    expect(endOfParisDay('2026-03-29').toISOString()).toBe('2026-03-29T21:59:59.999Z');
    expect(endOfParisDay('2026-10-25').toISOString()).toBe('2026-10-25T22:59:59.999Z');
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
  });
});

describe('expiry reminder mail', () => {
  it('speaks French with the date in full', () => {
    const m = reminderMail('Lucie', { name: 'Découpe laser' }, new Date('2027-03-15T22:59:59.999Z'), 7, { name: 'Fab lab des Capucins', zone: PARIS });
    expect(m.subject).toBe('Votre formation « Découpe laser » expire dans 7 jours');
    expect(m.text).toContain("valable jusqu'au 15 mars 2027, dans 7 jours");
    expect(m.text.endsWith('Fab lab des Capucins')).toBe(true);
  });

  it("gives the date on the site's clock: the end of the 15th in Paris is the 16th in Réunion", () => {
    const m = reminderMail('Lucie', { name: 'Découpe laser' }, new Date('2027-03-15T22:59:59.999Z'), 7, { name: 'Fab lab', zone: 'Indian/Reunion' });
    expect(m.text).toContain("valable jusqu'au 16 mars 2027");
  });

  it('speaks English to a person who reads English, with the English training name', () => {
    const m = reminderMail(
      'Lucy',
      { name: 'Découpe laser', nameEn: 'Laser cutting' },
      new Date('2027-03-15T22:59:59.999Z'),
      7,
      { name: 'Fab lab', zone: PARIS },
      'en',
    );
    expect(m.subject).toBe('Your Laser cutting training expires in 7 days');
    expect(m.text).toContain('Hello Lucy,');
    expect(m.text).toContain('valid until 15 March 2027, in 7 days.');
  });
});
