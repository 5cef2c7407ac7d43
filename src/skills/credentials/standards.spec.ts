import { generateKeyPairSync } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { didWebDocumentUrl, didWebFor } from './did-web';
import { encodeStatusList, listOf, STATUS_LIST_SIZE, statusBit } from './status-list';
import { signVcJwt, verifyVcJwt } from './vc-jwt';

describe('did:web of a site', () => {
  it('encodes a non-default port as %3A and resolves back to the site path', () => {
    const web = didWebFor('https://labo.example:8443/', 'atelier-nord');
    expect(web.did).toBe('did:web:labo.example%3A8443:sites:atelier-nord');
    expect(web.verificationMethod).toBe(`${web.did}#key-1`);
    expect(web.documentUrl).toBe('https://labo.example:8443/sites/atelier-nord/did.json');
    expect(didWebDocumentUrl(web.verificationMethod)).toBe(web.documentUrl);
    expect(didWebFor('https://labo.example', 'a').did).toBe('did:web:labo.example:sites:a');
    expect(didWebDocumentUrl('did:web:labo.example')).toBe('https://labo.example/.well-known/did.json');
  });
});

describe('Bitstring Status List', () => {
  it('is at least 131,072 entries, gzip + base64url with the "u" multibase prefix', () => {
    const encoded = encodeStatusList([]);
    expect(encoded[0]).toBe('u');
    expect(encoded).not.toMatch(/[+/=]/);
    expect(gunzipSync(Buffer.from(encoded.slice(1), 'base64url')).length * 8).toBe(STATUS_LIST_SIZE);
  });

  it('sets exactly the revoked bits, index 0 being the leftmost bit', () => {
    const encoded = encodeStatusList([0, 9, STATUS_LIST_SIZE - 1]);
    const bytes = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
    expect(bytes[0]).toBe(0b1000_0000);
    expect(bytes[1]).toBe(0b0100_0000);
    expect(bytes[bytes.length - 1]).toBe(0b0000_0001);
    expect([0, 1, 8, 9, 10, STATUS_LIST_SIZE - 1].map((i) => statusBit(encoded, i))).toEqual([1, 0, 0, 1, 0, 1]);
    expect(() => encodeStatusList([STATUS_LIST_SIZE])).toThrow(RangeError);
  });

  it('numbers lists from 1 and places a sequence in its list', () => {
    expect(listOf(0)).toEqual({ list: 1, index: 0 });
    expect(listOf(STATUS_LIST_SIZE + 5)).toEqual({ list: 2, index: 5 });
  });
});

describe('VC-JWT', () => {
  it('puts the credential (without proof) in the payload with iss, sub, jti, nbf, exp, and signs it EdDSA', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const vc = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: 'urn:uuid:1',
      issuer: { id: 'did:web:labo.example:sites:a' },
      validFrom: '2026-12-03T10:00:00Z',
      validUntil: '2027-12-03T10:00:00Z',
      credentialSubject: { id: 'urn:uuid:2' },
      proof: { type: 'DataIntegrityProof' },
    };
    const jwt = signVcJwt(vc, privateKey, 'did:web:labo.example:sites:a#key-1-jwk');
    expect(JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString())).toEqual({
      alg: 'EdDSA',
      typ: 'JWT',
      kid: 'did:web:labo.example:sites:a#key-1-jwk',
    });
    const payload = verifyVcJwt(jwt, publicKey.export({ format: 'jwk' }) as Record<string, unknown>)!;
    expect(payload).toMatchObject({
      iss: vc.issuer.id,
      sub: 'urn:uuid:2',
      jti: 'urn:uuid:1',
      nbf: Date.parse(vc.validFrom) / 1000,
      exp: Date.parse(vc.validUntil) / 1000,
    });
    expect(payload.proof).toBeUndefined();
    const [h, , sig] = jwt.split('.');
    const forged = Buffer.from(JSON.stringify({ ...payload, name: 'Autre' })).toString('base64url');
    expect(verifyVcJwt(`${h}.${forged}.${sig}`, publicKey)).toBeNull();
    expect(verifyVcJwt(jwt, generateKeyPairSync('ed25519').publicKey)).toBeNull();
  });
});
