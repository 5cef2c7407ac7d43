import { createPrivateKey, createPublicKey } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { canonize, signDocument, verifyDocument } from './data-integrity';
import { base58btcDecode, rawFromMultikey, spkiFromRaw } from './multibase';

/** Copies of shared/standards/ob3-test-vectors, kept in the repository so CI always runs them. */
const VECTORS = path.resolve(__dirname, '../../../test/fixtures/ob3-test-vectors');
const haveVectors = fs.existsSync(VECTORS);
const read = (f: string) => fs.readFileSync(path.join(VECTORS, f), 'utf8');
const json = (f: string) => JSON.parse(read(f));
const itv = haveVectors ? it : it.skip;
it('has the test vectors', () => expect(haveVectors).toBe(true));

/** The W3C vc-di-eddsa test key (its secret key is published in the specification, §A). */
const W3C_SECRET = 'z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq';
function w3cPrivateKey() {
  const seed = base58btcDecode(W3C_SECRET.slice(1)).subarray(2); // 0x8026 multicodec prefix
  return createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]), format: 'der', type: 'pkcs8' });
}

describe('eddsa-rdfc-2022 Data Integrity', () => {
  itv('canonicalizes the Open Badges guide example to exactly the published N-Quads', async () => {
    const { proof, ...doc } = json('ob-impl-guide-eddsa-rdfc-2022.json');
    expect(await canonize(doc)).toBe(read('ob-impl-guide-document-canon.nq'));
    const { proofValue: _pv, ...options } = proof;
    expect(await canonize({ '@context': doc['@context'], ...options })).toBe(read('ob-impl-guide-proof-canon.nq'));
  });

  itv('verifies the Open Badges implementation guide credential with its published key', async () => {
    const key = json('ob-impl-guide-key.json');
    const pub = createPublicKey({ key: spkiFromRaw(rawFromMultikey(key.publicKeyMultibase)), format: 'der', type: 'spki' });
    const result = await verifyDocument(json('ob-impl-guide-eddsa-rdfc-2022.json'), (vm) => (vm === key.id ? pub : null));
    expect(result).toEqual({ verified: true });
  });

  itv('reproduces the W3C eddsa-rdfc-2022 signed vector byte for byte', async () => {
    const signed = json('w3c-eddsa-rdfc-2022-signed.json');
    const ours = await signDocument(signed, {
      privateKey: w3cPrivateKey(),
      verificationMethod: signed.proof.verificationMethod,
      created: new Date(signed.proof.created),
    });
    expect(ours.proof.proofValue).toBe(signed.proof.proofValue);
    expect(await verifyDocument(signed)).toEqual({ verified: true });
  });

  itv('rejects the guide credential once its achievement name is changed', async () => {
    const key = json('ob-impl-guide-key.json');
    const pub = createPublicKey({ key: spkiFromRaw(rawFromMultikey(key.publicKeyMultibase)), format: 'der', type: 'spki' });
    const doc = json('ob-impl-guide-eddsa-rdfc-2022.json');
    doc.credentialSubject.achievement.name = 'Leadership';
    expect(await verifyDocument(doc, () => pub)).toMatchObject({ verified: false, reason: 'signature does not match' });
  });
});
