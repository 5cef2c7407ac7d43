import { phoneDigits } from './outreach-signups';
import { hourWords, loanRefOf, whenWords, whereWords } from './outreach-words';

describe('outreach words', () => {
  it('says hours the French way', () => {
    expect(hourWords('09:30')).toBe('9 h 30');
    expect(hourWords('14:00')).toBe('14 h');
    expect(hourWords('00:05')).toBe('0 h 05');
  });

  it('says when and where a stop is', () => {
    expect(whenWords({ date: '2026-12-12', startsAt: '09:30', endsAt: '12:00' })).toBe('samedi 12 décembre 2026, de 9 h 30 à 12 h');
    expect(whereWords({ placeName: 'Mairie annexe', address: '12 rue de la Mairie', postalCode: '29200', commune: 'Brest' })).toBe(
      'Mairie annexe, 12 rue de la Mairie, 29200 Brest',
    );
  });

  it('keeps a phone number as digits, and the inventory key of a stop', () => {
    expect(phoneDigits('06 12.34-56 78')).toBe('0612345678');
    expect(phoneDigits('+262 692 12 34 56')).toBe('+262692123456');
    expect(loanRefOf('abc')).toBe('outreach-stop:abc');
  });
});
