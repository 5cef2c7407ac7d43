import { getRepositoryToken } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { Repository } from 'typeorm';
import { signDocument } from '../../src/skills/credentials/data-integrity';
import { didKeyFor } from '../../src/skills/credentials/multibase';
import { openBadgeCredential } from '../../src/skills/credentials/open-badge';
import { IssuedCredential } from '../../src/skills/entities/issued-credential.entity';
import { SiteKeysService } from '../../src/sites/site-keys.service';
import { adminToken, as, createManager, createPerson, createSite } from '../factories/api.factory';
import { logEvidence, skillsOf } from '../factories/skills.factory';
import { startTestApp, TestApp } from './harness';
import { didWebUrl, FetchJson, independentlyVerify, independentlyVerifyJwt, independentStatus } from './support/ob3-independent-verifier';

/** The server as the world sees it: PUBLIC_URL with a non-default port, as did:web must encode it. */
const PUBLIC_URL = 'https://labo.example:8443';

describe(`Open Badges 3.0 as an outside verifier sees them (${process.env.TEST_DB})`, () => {
  let t: TestApp;
  let manager: string;
  let site: { id: string; slug: string };
  let skills: Awaited<ReturnType<typeof skillsOf>>;
  let person: { id: string };
  /** A verifier's HTTPS GET, answered by the app under test. */
  let fetchJson: FetchJson;

  const issue = async () =>
    (
      await as(t, manager)
        .post(`/api/skills/people/${person.id}/credentials`, { kind: 'skill', refId: skills.skill('3.1').id, level: 3 })
        .expect(201)
    ).body;

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_URL });
    const admin = await adminToken(t);
    site = await createSite(t, admin);
    manager = (await createManager(t, admin, site.id)).token;
    skills = await skillsOf(t, manager, site.id);
    person = await createPerson(t, manager, site.id, { firstName: 'Inès', email: `ines-${randomUUID().slice(0, 6)}@exemple.fr` });
    await logEvidence(t, manager, person.id, skills.skill('3.1').id, 3);
    fetchJson = async (url: string) => {
      if (!url.startsWith(`${PUBLIC_URL}/`)) throw new Error(`outside the lab: ${url}`);
      const res = await t
        .http()
        .get(url.slice(PUBLIC_URL.length))
        .buffer(true)
        .parse((r: any, cb: any) => {
          let text = '';
          r.on('data', (c: Buffer) => (text += c.toString()));
          r.on('end', () => cb(null, text));
        });
      return res.status === 200 ? JSON.parse(res.body) : null;
    };
  }, 120_000);
  afterAll(() => t?.close());

  describe('issuer as did:web', () => {
    it("names the issuer by the site's did:web, whose DID document the lab publishes with the signing key", async () => {
      const { document: vc } = await issue();
      const did = `did:web:labo.example%3A8443:sites:${site.slug}`;
      expect(vc.issuer).toMatchObject({ id: did, type: ['Profile'] });
      expect(vc.proof.verificationMethod).toBe(`${did}#key-1`);
      expect(didWebUrl(did)).toBe(`${PUBLIC_URL}/sites/${site.slug}/did.json`);
      const doc = await fetchJson(didWebUrl(did));
      expect(doc).toMatchObject({ id: did, assertionMethod: expect.arrayContaining([`${did}#key-1`]) });
      expect(await independentlyVerify(vc, fetchJson)).toBe(true);
    });

    it('is rejected when tampered with, or when it claims another DID than the one that signed', async () => {
      const { document: vc } = await issue();
      const tampered = structuredClone(vc);
      tampered.credentialSubject.achievement.name = 'Programmer — Expert';
      expect(await independentlyVerify(tampered, fetchJson)).toBe(false);
      const otherIssuer = structuredClone(vc);
      otherIssuer.issuer.id = 'did:web:ailleurs.example';
      expect(await independentlyVerify(otherIssuer, fetchJson)).toBe(false);
    });

    it('still verifies a credential issued earlier under the did:key of the same site key', async () => {
      const pair = await t.app.get(SiteKeysService).keyPairFor(site.id);
      const { did, verificationMethod } = didKeyFor(pair.publicKeyRaw);
      const id = randomUUID();
      const unsigned = openBadgeCredential({
        credentialId: id,
        issuer: { id: did, name: 'Atelier', url: PUBLIC_URL },
        subject: { email: null },
        achievement: {
          id: `${PUBLIC_URL}/credentials/achievements/x`,
          name: 'Ancienne attestation',
          description: 'Émise avant did:web',
          criteria: 'Preuves',
          achievementType: 'Competency',
        },
        validFrom: new Date('2026-01-05T10:00:00Z'),
      });
      const old = await signDocument(unsigned, { privateKey: pair.privateKey, verificationMethod, created: new Date('2026-01-05T10:00:00Z') });
      const repo = t.app.get<Repository<IssuedCredential>>(getRepositoryToken(IssuedCredential));
      await repo.save(
        repo.create({
          id,
          siteId: site.id,
          personId: person.id,
          kind: 'skill',
          refId: skills.skill('3.1').id,
          level: 3,
          document: old,
          revokedAt: null,
          statusSequence: null,
        }),
      );
      expect(await independentlyVerify(old, fetchJson)).toBe(true);
      const page = await t.http().get(`/credentials/${id}`).expect(200);
      expect(page.text).toContain('Attestation authentique');
    });

    it('answers 404 for the DID document of a site that does not exist', async () => {
      await t.http().get('/sites/pas-un-lieu/did.json').expect(404);
    });
  });

  describe('revocation a verifier can see (Bitstring Status List)', () => {
    it('points each credential at a signed status list of 131,072 entries, and revoking flips its bit', async () => {
      const { document: vc } = await issue();
      expect(vc.credentialStatus).toMatchObject({
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListCredential: `${PUBLIC_URL}/sites/${site.slug}/credentials/status/1`,
        statusListIndex: expect.stringMatching(/^\d+$/),
      });
      expect(await independentlyVerify(vc, fetchJson)).toBe(true);
      const other = (await issue()).document;
      expect(other.credentialStatus.statusListIndex).not.toBe(vc.credentialStatus.statusListIndex);
      expect(await independentStatus(vc, fetchJson)).toBe('valid');

      const id = String(vc.id).replace('urn:uuid:', '');
      await as(t, manager).post(`/api/skills/credentials/${id}/revoke`).expect(201);
      expect(await independentStatus(vc, fetchJson)).toBe('revoked');
      expect(await independentStatus(other, fetchJson)).toBe('valid');
      const list = await fetchJson(vc.credentialStatus.statusListCredential);
      expect(list).toMatchObject({ type: ['VerifiableCredential', 'BitstringStatusListCredential'], credentialSubject: { type: 'BitstringStatusList' } });
      expect(list.proof).toMatchObject({ cryptosuite: 'eddsa-rdfc-2022', verificationMethod: `${vc.issuer.id}#key-1` });
    });

    it('serves no list for a number or a site it does not have', async () => {
      await t.http().get(`/sites/${site.slug}/credentials/status/0`).expect(404);
      await t.http().get(`/sites/${site.slug}/credentials/status/abc`).expect(404);
      await t.http().get('/sites/pas-un-lieu/credentials/status/1').expect(404);
    });
  });

  describe('VC-JWT form', () => {
    it('serves the same credential as an EdDSA JWT that node:crypto verifies with the key of the DID document', async () => {
      const { document: vc } = await issue();
      const id = String(vc.id).replace('urn:uuid:', '');
      const res = await t.http().get(`/credentials/${id}.jwt`).expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/jwt/);
      const payload = await independentlyVerifyJwt(res.text, fetchJson);
      expect(payload).toMatchObject({ iss: vc.issuer.id, jti: vc.id, sub: vc.credentialSubject.id, nbf: Date.parse(vc.validFrom) / 1000 });
      const { proof: _proof, ...withoutProof } = vc;
      expect(payload).toMatchObject(withoutProof);
      expect(payload.proof).toBeUndefined();
      const [h, p, s] = res.text.split('.');
      const forged = Buffer.from(JSON.stringify({ ...payload, name: 'Autre chose' })).toString('base64url');
      expect(await independentlyVerifyJwt(`${h}.${forged}.${s}`, fetchJson)).toBeNull();
      expect(p).not.toBe(forged);
    });
  });

  describe('subject', () => {
    it('never names the learner by their internal id, and gives each credential its own subject id', async () => {
      const a = (await issue()).document;
      const b = (await issue()).document;
      expect(JSON.stringify(a)).not.toContain(person.id);
      expect(a.credentialSubject.id).toMatch(/^urn:uuid:/);
      expect(a.credentialSubject.id).not.toBe(b.credentialSubject.id);
      expect(a.credentialSubject.identifier[0]).toMatchObject({ type: 'IdentityObject', hashed: true, identityType: 'emailAddress' });
    });
  });
});
