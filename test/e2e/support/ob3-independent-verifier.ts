/**
 * A minimal, independent eddsa-rdfc-2022 verifier for tests. It shares no code with
 * src/skills: its own context loader (the shared standard copies), its own base58btc, its own
 * did:key resolution; only jsonld.canonize and node:crypto.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
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

export async function independentlyVerify(credential: any): Promise<boolean> {
  const { proof, ...doc } = credential;
  if (proof?.cryptosuite !== 'eddsa-rdfc-2022' || !String(proof.verificationMethod).startsWith('did:key:z')) return false;
  const { proofValue, ...options } = proof;
  const canon = (d: object) =>
    (jsonld as any).canonize(d, { algorithm: 'RDFC-1.0', format: 'application/n-quads', documentLoader: loader, safe: true }) as Promise<string>;
  const sha = (s: string) => createHash('sha256').update(s).digest();
  const data = Buffer.concat([sha(await canon({ '@context': doc['@context'], ...options })), sha(await canon(doc))]);
  const mk = b58decode(String(proof.verificationMethod).split('#')[0].slice('did:key:z'.length));
  if (mk[0] !== 0xed || mk[1] !== 0x01) return false;
  const key = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), mk.subarray(2)]), format: 'der', type: 'spki' });
  return verify(null, data, key, b58decode(String(proofValue).slice(1)));
}
