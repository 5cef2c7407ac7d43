import { createPublicKey, KeyObject, sign, verify } from 'node:crypto';

/**
 * The VC-JWT form of an OpenBadgeCredential (Open Badges 3.0 §8.2, "compact JWS"): the
 * credential without `proof` is the payload, with the registered claims iss, sub, jti, nbf
 * (and exp); signed EdDSA (Ed25519) with the site's key, `kid` its did:web verification method.
 */
export function signVcJwt(credential: Record<string, unknown>, privateKey: KeyObject, kid: string): string {
  const { proof: _proof, ...vc } = credential as Record<string, unknown> & { proof?: unknown };
  const c = vc as { id: string; issuer: { id: string } | string; validFrom: string; validUntil?: string; credentialSubject: { id?: string } };
  const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
  const payload: Record<string, unknown> = {
    ...vc,
    iss: typeof c.issuer === 'string' ? c.issuer : c.issuer.id,
    jti: c.id,
    nbf: seconds(c.validFrom),
  };
  if (c.credentialSubject.id) payload.sub = c.credentialSubject.id;
  if (c.validUntil) payload.exp = seconds(c.validUntil);
  const header = { alg: 'EdDSA', typ: 'JWT', kid };
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${sign(null, Buffer.from(input), privateKey).toString('base64url')}`;
}

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

/** Checks an EdDSA compact JWS with a public key and returns its payload, or null. */
export function verifyVcJwt(jwt: string, publicKey: KeyObject | Record<string, unknown>): Record<string, unknown> | null {
  const [h, p, s] = jwt.split('.');
  if (!h || !p || !s) return null;
  const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
  if (header.alg !== 'EdDSA') return null;
  const key = publicKey instanceof KeyObject ? publicKey : createPublicKey({ key: publicKey as never, format: 'jwk' });
  if (!verify(null, Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'))) return null;
  return JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
}
