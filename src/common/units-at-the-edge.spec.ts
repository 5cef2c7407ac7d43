import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { centsFromTyped, IsEuros, isLocalDateTime } from './input-rules';
import { dayWords, instantIn, instantToLocalInput, monthWords } from './local-format';

class PriceForm {
  @IsEuros('Prix') priceEuros: number;
}
const reasons = (priceEuros: unknown) => validateSync(plainToInstance(PriceForm, { priceEuros })).flatMap((e) => Object.values(e.constraints ?? {}));

describe('units at the edge (what a page types, what a page shows)', () => {
  it('reads euros typed with a comma or a point, two decimals at most', () => {
    expect(centsFromTyped('7,50')).toBe(750);
    expect(centsFromTyped('7.50')).toBe(750);
    expect(centsFromTyped(' 12 ')).toBe(1200);
    expect(centsFromTyped('0,1')).toBe(10);
    expect(centsFromTyped('19,99')).toBe(1999);
    for (const bad of ['7,505', 'sept', '-1', '', '7,5,0', undefined]) expect(centsFromTyped(bad)).toBeNull();
  });

  it('IsEuros takes « 7,50 » and refuses « 7,505 » with a French reason', () => {
    expect(reasons('7,50')).toEqual([]);
    expect(plainToInstance(PriceForm, { priceEuros: '7,50' }).priceEuros).toBe(7.5);
    expect(reasons('7,505')).toEqual(['Prix en euros attendu, par exemple 7,50 (deux décimales au plus).']);
    expect(reasons('-2')).toEqual(['Prix : ne peut pas être négatif.']);
  });

  it("reads a datetime-local in the site's zone, not the server's", () => {
    expect(isLocalDateTime('2027-03-03T14:05')).toBe(true);
    expect(isLocalDateTime('2027-02-30T14:05')).toBe(false);
    expect(isLocalDateTime('2027-03-03T14:05Z')).toBe(false);
    expect(instantIn('2027-03-03T14:05', 'Europe/Paris').toISOString()).toBe('2027-03-03T13:05:00.000Z');
    expect(instantIn('2027-03-03T14:05', 'Indian/Reunion').toISOString()).toBe('2027-03-03T10:05:00.000Z');
    expect(instantIn('2027-03-03T14:05:00Z', 'Indian/Reunion').toISOString()).toBe('2027-03-03T14:05:00.000Z');
    expect(instantToLocalInput(new Date('2027-07-03T12:05:00Z'), 'Europe/Paris')).toBe('2027-07-03T14:05');
  });

  it('says days and months in words', () => {
    expect(dayWords('2027-03-03', 'fr')).toBe('3 mars 2027');
    expect(monthWords('2027-03', 'fr')).toBe('mars 2027');
    expect(monthWords('2027-03', 'en')).toBe('March 2027');
  });
});
