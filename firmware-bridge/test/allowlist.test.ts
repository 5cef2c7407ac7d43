import './helpers';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalize } from '../src/allowlist/jcs';
import { verifyAllowList, decideOffline, AllowListStore, loadPublicKey } from '../src/allowlist/allowlist';
import { siteKeys, signedAllowList } from './factories';

describe('RFC 8785 canonical JSON', () => {
  it('sorts keys by UTF-16 code units and drops whitespace', () => {
    expect(canonicalize({ b: 1, a: [true, null, 'x'], c: { z: 1, y: 2 } })).toBe('{"a":[true,null,"x"],"b":1,"c":{"y":2,"z":1}}');
    // RFC 8785 §3.2.3 example ordering: "\r" < "1" < "\u0080" < "\u00f6" < "\u20ac" < "\ud83d\ude00" < "\ufb33"
    const o = { '\u20ac': 1, '\r': 2, '\ufb33': 3, '1': 4, '\ud83d\ude00': 5, '\u0080': 6, '\u00f6': 7 };
    expect(Object.keys(JSON.parse(canonicalize(o)))).toEqual(['1', '\r', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33']);
    expect(canonicalize(o).startsWith('{"\\r":2,"1":4,"\u0080":6')).toBe(true);
  });
  it('writes numbers in ECMAScript shortest form and escapes strings like JSON.stringify', () => {
    // biome-ignore lint/correctness/noPrecisionLoss: RFC 8785's own test number, written as the RFC writes it
    expect(canonicalize([1e21, 1e-7, 0.1, -0, 333333333.33333329, 4.5, 2 ** 53])).toBe('[1e+21,1e-7,0.1,0,333333333.3333333,4.5,9007199254740992]');
    expect(canonicalize('\u0007\n"\\é\u2028')).toBe('"\\u0007\\n\\"\\\\é\u2028"');
    expect(() => canonicalize(NaN)).toThrow();
  });
});

describe('offline allow-list', () => {
  const keys = siteKeys();
  const key = loadPublicKey(keys.publicPem);
  const expect_ = { site: 'brest-capucins', bridge: 'atelier-1' };
  const good = () =>
    signedAllowList(keys.privateKey, {
      ...expect_,
      entries: [
        { machine: 'laser-1', uid: '04A224B2C35E80' },
        { machine: 'laser-1', uid: 'DEADBEEF', untilMs: -60_000 },
      ],
    });

  it('accepts a well-signed list and grants an entry for this machine', () => {
    const v = verifyAllowList(good(), key, expect_);
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(decideOffline(v.list, 'laser-1', '04A224B2C35E80')).toMatchObject({ decision: 'granted' });
    expect(decideOffline(v.list, 'printer-2', '04A224B2C35E80')).toEqual({ decision: 'denied', reason: 'not_in_allowlist' });
    expect(decideOffline(v.list, 'laser-1', '0102030405')).toEqual({ decision: 'denied', reason: 'not_in_allowlist' });
  });
  it('denies an entry whose until has passed', () => {
    const v = verifyAllowList(good(), key, expect_);
    expect(v.ok && decideOffline(v.list, 'laser-1', 'DEADBEEF')).toEqual({ decision: 'denied', reason: 'entry_expired' });
  });
  it('refuses a tampered list', () => {
    const l = good() as any;
    l.entries[0].until = '2099-01-01T00:00:00.000Z';
    expect(verifyAllowList(l, key, expect_)).toEqual({ ok: false, reason: 'bad_signature' });
  });
  it('refuses an expired list', () => {
    const l = signedAllowList(keys.privateKey, { ...expect_, entries: [], expiresInMs: -1000 });
    expect(verifyAllowList(l, key, expect_)).toEqual({ ok: false, reason: 'expired' });
  });
  it('refuses a list signed with another key', () => {
    const other = siteKeys();
    const l = signedAllowList(other.privateKey, { ...expect_, entries: [] });
    expect(verifyAllowList(l, key, expect_)).toEqual({ ok: false, reason: 'bad_signature' });
  });
  it('refuses a list for another bridge', () => {
    const l = signedAllowList(keys.privateKey, { site: 'brest-capucins', bridge: 'atelier-2', entries: [] });
    expect(verifyAllowList(l, key, expect_)).toEqual({ ok: false, reason: 'not_for_this_bridge' });
  });
  it('denies everything when there is no list', () => {
    expect(decideOffline(undefined, 'laser-1', '04A224B2C35E80')).toEqual({ decision: 'denied', reason: 'no_allowlist' });
    expect(verifyAllowList({ entries: [] }, key, expect_).ok).toBe(false);
  });
  it('keeps the last valid list on disk for a restart without the server', () => {
    const dir = mkdtempSync(join(tmpdir(), 'al-'));
    const s1 = new AllowListStore(dir, key, expect_);
    expect(s1.offer(good()).ok).toBe(true);
    expect(s1.offer({ ...good(), sig: 'AAAA' }).ok).toBe(false);
    const s2 = new AllowListStore(dir, key, expect_);
    expect(decideOffline(s2.current(), 'laser-1', '04A224B2C35E80').decision).toBe('granted');
  });
});
