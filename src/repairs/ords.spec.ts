import {
  DEVICE_CATEGORY_CODES,
  IMPACT_FACTORS,
  MAX_DEVICE_KG,
  ORDS_PRODUCT_CATEGORIES,
  ordsCategoryOf,
  ordsStatusOf,
  productAge,
  scrubPersonalData,
} from './ords';

describe('ORDS vocabulary', () => {
  it('has the 40 product categories of ORDS v0.3 with their ids', () => {
    expect(Object.keys(ORDS_PRODUCT_CATEGORIES)).toHaveLength(40);
    expect(ORDS_PRODUCT_CATEGORIES[4]).toBe('Desktop computer');
    expect(ORDS_PRODUCT_CATEGORIES[16]).toBe('Laptop');
    expect(ORDS_PRODUCT_CATEGORIES[19]).toBe('Mobile');
    expect(ORDS_PRODUCT_CATEGORIES[22]).toBe('PC accessory');
    expect(ORDS_PRODUCT_CATEGORIES[25]).toBe('Printer/scanner');
    expect(ORDS_PRODUCT_CATEGORIES[30]).toBe('Tablet');
    expect(ORDS_PRODUCT_CATEGORIES[37]).toBe('Food processor');
  });

  it('maps every intake category to an ORDS category', () => {
    for (const c of DEVICE_CATEGORY_CODES) expect(ORDS_PRODUCT_CATEGORIES[ordsCategoryOf(c).id]).toBe(ordsCategoryOf(c).name);
  });

  it('exports the status texts, Unknown while the repair is under way (never empty: the field is required)', () => {
    expect(ordsStatusOf('repaired')).toBe('Fixed');
    expect(ordsStatusOf('repairable_later')).toBe('Repairable');
    expect(ordsStatusOf('end_of_life')).toBe('End of life');
    expect(ordsStatusOf('in_repair')).toBe('Unknown');
    expect(ordsStatusOf('received')).toBe('Unknown');
  });

  it('keeps impact weights in kg (no category heavier than the kg limit)', () => {
    for (const f of Object.values(IMPACT_FACTORS)) if (f.weightKg !== null) expect(f.weightKg).toBeLessThan(MAX_DEVICE_KG);
  });

  it('computes the product age in years with one decimal', () => {
    expect(productAge(2019, '2026-11-28')).toBe('7.8');
    expect(productAge(null, '2026-11-28')).toBe('');
  });

  it('removes e-mails and French phone numbers from the problem text', () => {
    expect(scrubPersonalData('Écran, appeler 06 12 34 56 78 ou a.b@example.org')).toBe('Écran, appeler [tél] ou [email]');
  });
});
