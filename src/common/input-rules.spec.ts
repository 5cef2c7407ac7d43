import { controlCharPath, isCalendarDay, isCalendarMonth, isInstant, isUtcInstant } from './input-rules';

describe('input rules', () => {
  it('takes only days that exist on a calendar', () => {
    for (const ok of ['2027-03-03', '2028-02-29', '1900-01-01', '2199-12-31']) expect(isCalendarDay(ok)).toBe(true);
    for (const bad of ['2026-02-31', '2027-02-29', '0000-00-00', '9999-99-99', '2027-13-01', '2027-3-3', '2027-03-03T10:00:00Z', 20270303]) {
      expect(isCalendarDay(bad)).toBe(false);
    }
    expect(isCalendarMonth('2027-03')).toBe(true);
    expect(isCalendarMonth('2027-00')).toBe(false);
  });

  it('takes instants with their zone, on a day that exists', () => {
    expect(isInstant('2027-03-03T14:05:00Z')).toBe(true);
    expect(isInstant('2027-03-03T15:05+01:00')).toBe(true);
    expect(isInstant('2027-03-03T14:05:00')).toBe(false); // no zone: which 14:05?
    expect(isInstant('2026-02-31T10:00:00Z')).toBe(false);
    expect(isInstant('2027-03-03T24:00:00Z')).toBe(false);
    expect(isUtcInstant('2027-03-03T14:05:00.123Z')).toBe(true);
    expect(isUtcInstant('9999-99-99T99:99:99Z')).toBe(false);
    expect(isUtcInstant('2027-03-03T15:05:00+01:00')).toBe(false);
  });

  it('finds a control character anywhere, and says where', () => {
    expect(controlCharPath({ notes: 'ligne\nsuite\ttab' })).toBeNull();
    expect(controlCharPath({ levels: [{ label: 'a\u0000b' }] })).toBe('levels.0.label');
    expect(controlCharPath('a\u0007')).toBe('(valeur)');
  });
});
