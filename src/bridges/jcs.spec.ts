import { jcs } from './jcs';

describe('jcs (RFC 8785)', () => {
  it('sorts keys by UTF-16 code units, recursively, without spaces', () => {
    expect(jcs({ b: [3, { z: 1, a: null }], a: 'x', '€': 1, '\u0080': 2 })).toBe('{"a":"x","b":[3,{"a":null,"z":1}],"\u0080":2,"€":1}');
  });

  it('writes numbers as ECMAScript does (RFC 8785 appendix B samples)', () => {
    // biome-ignore lint/correctness/noPrecisionLoss: RFC 8785's own test number, written as the RFC writes it
    expect(jcs([1e21, 1e-7, 0.000001, -0, 333333333.33333329, 1.5e300])).toBe('[1e+21,1e-7,0.000001,0,333333333.3333333,1.5e+300]');
  });

  it('keeps non-ASCII text as is and escapes controls', () => {
    expect(jcs({ s: 'Découpe\n\u001f' })).toBe('{"s":"Découpe\\n\\u001f"}');
  });

  it('refuses what JSON cannot carry', () => {
    expect(() => jcs({ n: NaN })).toThrow();
  });
});
