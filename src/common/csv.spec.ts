import { csvCell, csvDocument, csvLine, RFC4180 } from './csv';

describe('the one CSV writer', () => {
  it('defuses text a spreadsheet would run as a formula', () => {
    for (const formula of ['=1+1', '+33 6', '-2+3', '@SUM(A1)', ' =HYPERLINK("x")', '\t=1', '＝1+1']) {
      expect(csvCell(formula).replace(/^"/, '')).toMatch(/^'/);
    }
  });

  it('keeps plain numbers, negative ones too, as numbers', () => {
    expect(csvCell('-3,5')).toBe('-3,5');
    expect(csvCell(-12)).toBe('-12');
    expect(csvCell('12.40', ',')).toBe('12.40');
  });

  it('quotes cells holding the separator, quotes or line breaks', () => {
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('a,"b"', ',')).toBe('"a,""b"""');
    expect(csvCell('a,b')).toBe('a,b');
    expect(csvCell('ligne\r\nsuite')).toBe('"ligne\r\nsuite"');
  });

  it('writes French spreadsheets with a BOM and RFC 4180 without', () => {
    expect(csvDocument(['a', 'b'], [['=x', null]])).toBe("\uFEFFa;b\r\n'=x;\r\n");
    expect(csvLine(['a', 'b,c'], RFC4180)).toBe('a,"b,c"\r\n');
  });
});
