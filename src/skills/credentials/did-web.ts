import { ed25519Multikey } from './multibase';

/**
 * did:web identifiers of a site (W3C did:web method): `did:web:<host>[%3A<port>]:sites:<slug>`,
 * resolved by any verifier to `<PUBLIC_URL origin>/sites/<slug>/did.json`. One DID per site,
 * because each site signs with its own key.
 */
export function didWebFor(publicUrl: string, slug: string) {
  const url = new URL(publicUrl);
  const host = url.port ? `${url.hostname}%3A${url.port}` : url.hostname;
  const did = `did:web:${host}:sites:${encodeURIComponent(slug)}`;
  return { did, verificationMethod: `${did}#key-1`, documentUrl: `${url.origin}/sites/${encodeURIComponent(slug)}/did.json` };
}

/** The URL a did:web resolves to (did:web spec §3.2, read): what a verifier would fetch. */
export function didWebDocumentUrl(did: string): string {
  const [host, ...path] = did.slice('did:web:'.length).split('#')[0].split(':');
  const origin = `https://${decodeURIComponent(host)}`;
  return `${origin}/${path.length ? path.map(decodeURIComponent).join('/') : '.well-known'}/did.json`;
}

/** The DID document: the site's Ed25519 key as a Multikey, allowed to assert credentials. */
export function didDocument(did: string, verificationMethod: string, publicKeyRaw: Uint8Array, jwk: Record<string, unknown>) {
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1', 'https://w3id.org/security/suites/jws-2020/v1'],
    id: did,
    verificationMethod: [
      { id: verificationMethod, type: 'Multikey', controller: did, publicKeyMultibase: ed25519Multikey(publicKeyRaw) },
      { id: `${did}#key-1-jwk`, type: 'JsonWebKey2020', controller: did, publicKeyJwk: jwk },
    ],
    assertionMethod: [verificationMethod, `${did}#key-1-jwk`],
    authentication: [verificationMethod],
  };
}
