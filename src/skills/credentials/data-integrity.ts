import { createHash, createPublicKey, KeyObject, sign, verify } from 'node:crypto';
import * as jsonld from 'jsonld';
import { localDocumentLoader } from './document-loader';
import { base58btcDecode, base58btcEncode, rawFromMultikey, spkiFromRaw } from './multibase';

/**
 * Data Integrity proofs with the `eddsa-rdfc-2022` cryptosuite (W3C vc-di-eddsa §3.2):
 * hash(canonical proof options) ‖ hash(canonical document), signed with Ed25519.
 */
export interface DataIntegrityProof {
  type: 'DataIntegrityProof';
  cryptosuite: 'eddsa-rdfc-2022';
  created: string;
  verificationMethod: string;
  proofPurpose: 'assertionMethod';
  proofValue?: string;
}

type Doc = Record<string, unknown> & { '@context': unknown; proof?: DataIntegrityProof };

export async function canonize(doc: object): Promise<string> {
  // `safe` makes canonicalization fail on any term the contexts do not define, rather than
  // silently leaving it unsigned.
  return (jsonld as unknown as { canonize: Function }).canonize(doc, {
    algorithm: 'RDFC-1.0',
    format: 'application/n-quads',
    documentLoader: localDocumentLoader,
    safe: true,
  });
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** The bytes an eddsa-rdfc-2022 signature covers. */
export async function hashData(unsecured: Doc, proofOptions: Omit<DataIntegrityProof, 'proofValue'>): Promise<Buffer> {
  const proofConfig = { '@context': unsecured['@context'], ...proofOptions };
  const [canonProof, canonDoc] = await Promise.all([canonize(proofConfig), canonize(unsecured)]);
  return Buffer.concat([sha256(canonProof), sha256(canonDoc)]);
}

export async function signDocument<T extends Doc>(
  unsecured: T,
  opts: { privateKey: KeyObject; verificationMethod: string; created: Date },
): Promise<T & { proof: DataIntegrityProof }> {
  const { proof: _ignored, ...doc } = unsecured;
  const proofOptions: Omit<DataIntegrityProof, 'proofValue'> = {
    type: 'DataIntegrityProof',
    cryptosuite: 'eddsa-rdfc-2022',
    created: opts.created.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    verificationMethod: opts.verificationMethod,
    proofPurpose: 'assertionMethod',
  };
  const data = await hashData(doc as Doc, proofOptions);
  const signature = sign(null, data, opts.privateKey);
  return { ...(doc as T), proof: { ...proofOptions, proofValue: 'z' + base58btcEncode(signature) } };
}

/** A public key for a verification method: a did:key resolves itself; others need `resolve`. */
export function publicKeyForMethod(verificationMethod: string, resolve?: (vm: string) => KeyObject | null): KeyObject | null {
  if (verificationMethod.startsWith('did:key:')) {
    const mk = verificationMethod.slice('did:key:'.length).split('#')[0];
    return createPublicKey({ key: spkiFromRaw(rawFromMultikey(mk)), format: 'der', type: 'spki' });
  }
  return resolve?.(verificationMethod) ?? null;
}

export type VerifyResult = { verified: true } | { verified: false; reason: string };

export async function verifyDocument(secured: Doc, resolve?: (vm: string) => KeyObject | null): Promise<VerifyResult> {
  const { proof, ...doc } = secured;
  if (!proof || proof.type !== 'DataIntegrityProof' || proof.cryptosuite !== 'eddsa-rdfc-2022') {
    return { verified: false, reason: 'no eddsa-rdfc-2022 proof' };
  }
  if (proof.proofPurpose !== 'assertionMethod') return { verified: false, reason: 'wrong proof purpose' };
  if (typeof proof.proofValue !== 'string' || !proof.proofValue.startsWith('z')) return { verified: false, reason: 'bad proofValue' };
  let key: KeyObject | null;
  try {
    key = publicKeyForMethod(proof.verificationMethod, resolve);
  } catch {
    key = null;
  }
  if (!key) return { verified: false, reason: 'unknown verification method' };
  const { proofValue, ...options } = proof;
  let data: Buffer;
  try {
    data = await hashData(doc as Doc, options);
  } catch (err) {
    return { verified: false, reason: `canonicalization failed: ${(err as Error).message}` };
  }
  const ok = verify(null, data, key, base58btcDecode(proofValue.slice(1)));
  return ok ? { verified: true } : { verified: false, reason: 'signature does not match' };
}
