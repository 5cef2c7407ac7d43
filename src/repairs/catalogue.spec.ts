import { BadRequestException } from '@nestjs/common';
import { addMonths, checkEligibility, notReadyReason, priceWords, specLines, warrantyEndDay } from './catalogue';
import type { ChecklistItem } from './entities/device.entity';

const ready = {
  purpose: 'refurbish' as const,
  checklist: [{ item: 'screen', ok: true }] as ChecklistItem[],
  hasStorage: true,
  grade: 'B' as const,
  releasedAt: null,
  priceCents: 4500,
  reservedRequestId: null,
};
const verified = [{ verified: true }];

describe('the catalogue rules', () => {
  it('lists a device only when the release rule passes, with a price, not reserved', () => {
    expect(notReadyReason(ready, verified)).toBeNull();
    expect(notReadyReason({ ...ready, priceCents: 0 }, verified)).toBeNull();
    const code = (r: ReturnType<typeof notReadyReason>) => (r?.getResponse() as { code: string } | undefined)?.code;
    expect(code(notReadyReason(ready, []))).toBe('erasure_required');
    expect(code(notReadyReason({ ...ready, checklist: [{ item: 'screen', ok: false }] }, verified))).toBe('checklist_incomplete');
    expect(code(notReadyReason({ ...ready, grade: 'parts' }, verified))).toBe('grade_required');
    expect(code(notReadyReason({ ...ready, purpose: 'repair' }, verified))).toBe('not_for_refurbishment');
    expect(code(notReadyReason({ ...ready, priceCents: null }, verified))).toBe('price_required');
    expect(code(notReadyReason({ ...ready, reservedRequestId: 'r' }, verified))).toBe('device_reserved');
    expect(code(notReadyReason({ ...ready, releasedAt: new Date() }, verified))).toBe('already_released');
  });

  it('adds calendar months, the end of a short month kept', () => {
    expect(addMonths('2026-12-05', 6)).toBe('2027-06-05');
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
    expect(addMonths('2026-01-15', 0)).toBe('2026-01-15');
  });

  it("ends the warranty on the site's calendar day, not UTC's", () => {
    // 23:30 UTC on 31 December is already 1 January in Paris.
    expect(warrantyEndDay(new Date('2026-12-31T23:30:00Z'), 6, 'Europe/Paris')).toBe('2027-07-01');
    expect(warrantyEndDay(new Date('2026-12-31T23:30:00Z'), 6, 'America/Cayenne')).toBe('2027-06-30');
  });

  it('says prices in euros, 0 as free', () => {
    expect(priceWords(4500, 'fr')).toBe('45,00\u00a0€');
    expect(priceWords(0, 'fr')).toBe('Gratuit (don)');
  });

  it('writes specs in words, leaving out what is not filled in', () => {
    expect(specLines({ cpu: 'Intel Core i5', ramGb: 8, storageGb: 256, storageKind: 'ssd', screenInches: 15.6, osInstalled: 'Linux Mint' }, 'fr')).toEqual([
      ['Processeur', 'Intel Core i5'],
      ['Mémoire vive', '8 Go'],
      ['Stockage', '256 Go SSD'],
      ['Écran', '15,6 pouces'],
      ['Système', 'Linux Mint'],
    ]);
    expect(specLines({ cpu: '', ramGb: null, storageGb: null, storageKind: null, screenInches: null, osInstalled: '' }, 'fr')).toEqual([]);
  });

  it('wants at least one situation ticked when the site has criteria, and only known ones', () => {
    const criteria = [
      { code: 'job_seeker', label: "Demandeur d'emploi" },
      { code: 'student', label: 'Étudiant·e' },
    ];
    expect(checkEligibility(['student', 'student'], criteria)).toEqual(['student']);
    expect(checkEligibility([], [])).toEqual([]);
    expect(() => checkEligibility([], criteria)).toThrow(BadRequestException);
    expect(() => checkEligibility(['rsa_number_123'], criteria)).toThrow(/Situation inconnue/);
  });
});
