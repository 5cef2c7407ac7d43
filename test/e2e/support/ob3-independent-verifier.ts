/**
 * A minimal, independent eddsa-rdfc-2022 verifier for tests. It shares no code with
 * src/skills: its own context loader (the shared standard copies), its own base58btc, its own
 * did:key and did:web resolution (did:web through `fetchJson`, as a verifier would over HTTPS),
 * its own Bitstring Status List reading and VC-JWT check; only jsonld.canonize and node:crypto.
 */
import { createHash, createPublicKey, KeyObject, verify } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as jsonld from 'jsonld';

const DIR = fs.existsSync('/work/shared/standards/jsonld-contexts')
  ? '/work/shared/standards/jsonld-contexts'
  : path.resolve(__dirname, '../../../src/skills/credentials/contexts');
const FILES: Record<string, string> = {
  'https://www.w3.org/ns/credentials/v2': 'credentials-v2.jsonld',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json': 'ob-v3p0-context-3.0.3.json',
};
const loader = async (url: string) => {
  if (!FILES[url]) throw new Error(`no offline copy of ${url}`);
  return { contextUrl: null, documentUrl: url, document: JSON.parse(fs.readFileSync(path.join(DIR, FILES[url]), 'utf8')) };
};

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
function b58decode(s: string): Buffer {
  let n = 0n;
  for (const c of s) n = n * 58n + BigInt(B58.indexOf(c));
  let hex = n.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  const lead = s.length - s.replace(/^1+/, '').length;
  return Buffer.concat([Buffer.alloc(lead), Buffer.from(hex, 'hex')]);
}

/** Fetches a JSON document by its https URL (the tests map it onto the app under test). */
export type FetchJson = (url: string) => Promise<any>;

const ed25519 = (raw: Buffer) => createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]), format: 'der', type: 'spki' });

function didKeyPublicKey(vm: string): KeyObject | null {
  const mk = b58decode(vm.split('#')[0].slice('did:key:z'.length));
  return mk[0] === 0xed && mk[1] === 0x01 ? ed25519(mk.subarray(2)) : null;
}

/** did:web spec §3.2: did:web:host%3Aport:a:b → https://host:port/a/b/did.json. */
export function didWebUrl(did: string): string {
  const [host, ...segments] = did.slice('did:web:'.length).split('#')[0].split(':');
  return `https://${decodeURIComponent(host)}/${segments.length ? segments.map(decodeURIComponent).join('/') : '.well-known'}/did.json`;
}

/** The verification method of a did:web, from the DID document, if the DID lists it for assertions. */
export async function didWebMethod(vm: string, fetchJson: FetchJson): Promise<any | null> {
  const did = vm.split('#')[0];
  const doc = await fetchJson(didWebUrl(did));
  if (doc?.id !== did || !doc.assertionMethod?.includes(vm)) return null;
  return doc.verificationMethod?.find((m: any) => m.id === vm) ?? null;
}

async function keyFor(vm: string, fetchJson?: FetchJson): Promise<KeyObject | null> {
  if (vm.startsWith('did:key:z')) return didKeyPublicKey(vm);
  if (!vm.startsWith('did:web:') || !fetchJson) return null;
  const m = await didWebMethod(vm, fetchJson);
  if (m?.type === 'Multikey' && String(m.publicKeyMultibase).startsWith('z')) {
    const mk = b58decode(m.publicKeyMultibase.slice(1));
    return mk[0] === 0xed && mk[1] === 0x01 ? ed25519(mk.subarray(2)) : null;
  }
  if (m?.publicKeyJwk) return createPublicKey({ key: m.publicKeyJwk, format: 'jwk' });
  return null;
}

export async function independentlyVerify(credential: any, fetchJson?: FetchJson): Promise<boolean> {
  const { proof, ...doc } = credential;
  if (proof?.cryptosuite !== 'eddsa-rdfc-2022' || proof.proofPurpose !== 'assertionMethod') return false;
  const issuer = typeof doc.issuer === 'string' ? doc.issuer : doc.issuer?.id;
  if (String(proof.verificationMethod).startsWith('did:web:') && proof.verificationMethod.split('#')[0] !== issuer) return false;
  const key = await keyFor(String(proof.verificationMethod), fetchJson);
  if (!key) return false;
  const { proofValue, ...options } = proof;
  const canon = (d: object) =>
    (jsonld as any).canonize(d, { algorithm: 'RDFC-1.0', format: 'application/n-quads', documentLoader: loader, safe: true }) as Promise<string>;
  const sha = (s: string) => createHash('sha256').update(s).digest();
  const data = Buffer.concat([sha(await canon({ '@context': doc['@context'], ...options })), sha(await canon(doc))]);
  return verify(null, data, key, b58decode(String(proofValue).slice(1)));
}

/**
 * W3C Bitstring Status List v1.0 validation (§3.2) as a verifier runs it: fetch the list
 * credential, check its proof and issuer, expand the list and read the credential's bit.
 */
export async function independentStatus(credential: any, fetchJson: FetchJson): Promise<'valid' | 'revoked' | 'unverifiable'> {
  const entry = credential.credentialStatus;
  if (entry?.type !== 'BitstringStatusListEntry' || entry.statusPurpose !== 'revocation') return 'unverifiable';
  const list = await fetchJson(entry.statusListCredential);
  const issuer = typeof credential.issuer === 'string' ? credential.issuer : credential.issuer.id;
  if (!list?.type?.includes('BitstringStatusListCredential') || list.issuer !== issuer || list.id !== entry.statusListCredential) return 'unverifiable';
  if (!(await independentlyVerify(list, fetchJson))) return 'unverifiable';
  const subject = list.credentialSubject;
  if (subject.statusPurpose !== 'revocation' || !String(subject.encodedList).startsWith('u')) return 'unverifiable';
  const bits = gunzipSync(Buffer.from(subject.encodedList.slice(1), 'base64url'));
  if (bits.length * 8 < 131_072) return 'unverifiable';
  const i = Number(entry.statusListIndex);
  return bits[i >> 3] & (0x80 >> (i & 7)) ? 'revoked' : 'valid';
}

/** A VC-JWT checked with node:crypto and the key its `kid` names in the issuer's DID document. */
export async function independentlyVerifyJwt(jwt: string, fetchJson: FetchJson): Promise<any | null> {
  const [h, p, s] = jwt.split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url').toString());
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
  if (header.alg !== 'EdDSA' || header.typ !== 'JWT' || !String(header.kid).startsWith(`${payload.iss}#`)) return null;
  const key = await keyFor(header.kid, fetchJson);
  if (!key || !verify(null, Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'))) return null;
  return payload;
}
