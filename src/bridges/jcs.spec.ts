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

  it('writes flat objects the same whether their keys come sorted or not', () => {
    const entry = { machine: 'laser-1', uidHash: 'ab', until: '2026-12-31T23:00:00.000Z', n: -0, ok: true, none: null };
    const sorted = { machine: 'laser-1', n: -0, none: null, ok: true, uidHash: 'ab', until: '2026-12-31T23:00:00.000Z' };
    const want = '{"machine":"laser-1","n":0,"none":null,"ok":true,"uidHash":"ab","until":"2026-12-31T23:00:00.000Z"}';
    expect(jcs(entry)).toBe(want);
    expect(jcs(sorted)).toBe(want);
    expect(jcs({ a: 1, b: undefined, c: 'x' })).toBe('{"a":1,"c":"x"}');
    expect(jcs({ '\u0080': 1, '€': 2 })).toBe('{"\u0080":1,"€":2}');
    expect(jcs({ b: { z: 1, a: 2 }, a: [{ y: 1, x: 2 }] })).toBe('{"a":[{"x":2,"y":1}],"b":{"a":2,"z":1}}');
  });

  it('refuses what JSON cannot carry', () => {
    expect(() => jcs({ n: NaN })).toThrow();
    expect(() => jcs({ a: 'x', n: Infinity })).toThrow();
  });
});
