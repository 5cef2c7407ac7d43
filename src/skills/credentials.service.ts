import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { KeyObject, randomUUID } from 'node:crypto';
import { IsNull, Not, Repository } from 'typeorm';
import { isUniqueViolation } from '../infra/database/db-errors';
import { AppConfig } from '../config/app-config';
import type { Person } from '../people/entities/person.entity';
import { SiteKeysService } from '../sites/site-keys.service';
import { SitesService } from '../sites/sites.service';
import { signDocument, verifyDocument, VerifyResult } from './credentials/data-integrity';
import { didDocument, didWebFor } from './credentials/did-web';
import { didKeyFor } from './credentials/multibase';
import { openBadgeCredential } from './credentials/open-badge';
import { encodeStatusList, listOf, STATUS_LIST_SIZE } from './credentials/status-list';
import { signVcJwt } from './credentials/vc-jwt';
import { IssuedCredential } from './entities/issued-credential.entity';
import { EvidenceService } from './evidence.service';
import { FrameworksService } from './frameworks.service';
import { PathsService } from './paths.service';

/**
 * Open Badges 3.0 credentials signed with the site's Ed25519 key: embedded Data Integrity proof
 * (eddsa-rdfc-2022) or VC-JWT (EdDSA). The issuer is the site's did:web; a Bitstring Status List
 * per site says which credentials are revoked.
 */
@Injectable()
export class CredentialsService {
  constructor(
    @InjectRepository(IssuedCredential) private readonly issued: Repository<IssuedCredential>,
    private readonly keys: SiteKeysService,
    private readonly sites: SitesService,
    private readonly frameworks: FrameworksService,
    private readonly evidence: EvidenceService,
    private readonly paths: PathsService,
    private readonly config: AppConfig,
  ) {}

  /**
   * The site's issuer identity: its did:web (published at /sites/<slug>/did.json), and the
   * did:key of the same key, which credentials issued before did:web name and which still verify.
   */
  async issuerOf(siteId: string) {
    const pair = await this.keys.keyPairFor(siteId);
    const site = await this.sites.findById(siteId);
    if (!site) throw new NotFoundException({ code: 'not_found', message: 'Lieu introuvable. Site not found.' });
    const web = didWebFor(this.config.publicUrl, site.slug);
    return { site, did: web.did, verificationMethod: web.verificationMethod, jwtKid: `${web.did}#key-1-jwk`, didKey: didKeyFor(pair.publicKeyRaw), pair };
  }

  /** The DID document a verifier resolves the site's did:web to. */
  async didDocumentOf(slug: string) {
    const issuer = await this.issuerOf(await this.siteIdOf(slug));
    return didDocument(
      issuer.did,
      issuer.verificationMethod,
      issuer.pair.publicKeyRaw,
      issuer.pair.publicKey.export({ format: 'jwk' }) as Record<string, unknown>,
    );
  }

  private async siteIdOf(slug: string): Promise<string> {
    const site = /^[a-z0-9-]{1,63}$/.test(slug) ? await this.sites.findBySlug(slug) : null;
    if (!site) throw new NotFoundException({ code: 'not_found', message: 'Lieu introuvable. Site not found.' });
    return site.id;
  }

  private statusListUrl(slug: string, list: number): string {
    return `${this.config.publicUrl.replace(/\/$/, '')}/sites/${slug}/credentials/status/${list}`;
  }

  /**
   * The signed BitstringStatusListCredential of a site's list: bit n is 1 when the credential
   * with that place is revoked. Signed at each request from the database, so every instance
   * serves the same list and a revocation shows at once.
   */
  async statusList(slug: string, list: number, now = new Date()) {
    const siteId = await this.siteIdOf(slug);
    if (!Number.isInteger(list) || list < 1)
      throw new NotFoundException({ code: 'not_found', message: 'Liste de statuts introuvable. Status list not found.' });
    const from = (list - 1) * STATUS_LIST_SIZE;
    const revoked = await this.issued.find({ where: { siteId, revokedAt: Not(IsNull()), statusSequence: Not(IsNull()) }, select: { statusSequence: true } });
    const bits = revoked.map((c) => c.statusSequence! - from).filter((i) => i >= 0 && i < STATUS_LIST_SIZE);
    const { did, verificationMethod, pair } = await this.issuerOf(siteId);
    const url = this.statusListUrl(slug, list);
    const unsigned = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: url,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: did,
      validFrom: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      credentialSubject: { id: `${url}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList: encodeStatusList(bits) },
    };
    return signDocument(unsigned, { privateKey: pair.privateKey, verificationMethod, created: now });
  }

  /** The VC-JWT form of a credential (same content, EdDSA compact JWS). */
  async jwt(c: IssuedCredential): Promise<string> {
    const { pair, jwtKid } = await this.issuerOf(c.siteId);
    return signVcJwt(c.document, pair.privateKey, jwtKid);
  }

  /**
   * Issues a credential for a skill level or a certification the person has reached; refuses
   * when it is not reached yet (says what is missing).
   */
  async issue(person: Person, kind: 'skill' | 'certification', refId: string, level?: number): Promise<IssuedCredential> {
    const siteId = person.siteId!;
    const base = this.config.publicUrl.replace(/\/$/, '');
    let achievement;
    if (kind === 'skill') {
      const skill = await this.frameworks.skill(siteId, refId);
      const lvl = skill.levels.find((l) => l.level === level);
      if (!lvl) throw new BadRequestException({ code: 'level_unknown', message: 'Indiquez un niveau existant. Give an existing level.' });
      const p = (await this.evidence.progressOf([person.id], [{ skillId: skill.id, level: lvl.level }])).get(person.id)!;
      if (!p.achieved)
        throw new BadRequestException({
          code: 'not_reached',
          message: `Niveau pas encore atteint (${p.missing[0].have}/${lvl.level}). Level not reached yet.`,
        });
      achievement = {
        id: `${base}/credentials/achievements/skill/${skill.id}/${lvl.level}`,
        name: `${skill.name} — ${lvl.label}`,
        description: `${skill.area ? skill.area + ' — ' : ''}${skill.name} (${skill.code}), ${lvl.label}.`,
        criteria: `Niveau « ${lvl.label} » validé par des preuves enregistrées au lieu (formation, atelier, séances machine, évaluation).`,
        achievementType: 'Competency' as const,
      };
    } else {
      const cert = await this.paths.certification(siteId, refId);
      const p = (await this.evidence.progressOf([person.id], cert.requirements)).get(person.id)!;
      if (!p.achieved)
        throw new BadRequestException({
          code: 'not_reached',
          message: `Certification pas encore atteinte (${p.percent} %). Not reached yet.`,
          missing: p.missing,
        });
      achievement = {
        id: `${base}/credentials/achievements/certification/${cert.id}`,
        name: cert.name,
        description: cert.description || cert.name,
        criteria: `Toutes les compétences requises au niveau demandé (${cert.requirements.length}).`,
        achievementType: 'Certification' as const,
      };
    }
    const { site, did, verificationMethod, pair } = await this.issuerOf(siteId);
    const now = new Date();
    // Two issues at once may pick the same place in the status list: the unique index refuses
    // the second, which takes the next one.
    for (let attempt = 0; ; attempt++) {
      const id = randomUUID();
      const sequence = await this.nextStatusSequence(siteId);
      const { list, index } = listOf(sequence);
      const unsigned = openBadgeCredential({
        credentialId: id,
        issuer: { id: did, name: site.name, url: base },
        subject: { email: person.email },
        achievement,
        validFrom: now,
        status: { listUrl: this.statusListUrl(site.slug, list), index },
      });
      const signed = await signDocument(unsigned, { privateKey: pair.privateKey, verificationMethod, created: now });
      try {
        return await this.issued.save(
          this.issued.create({
            id,
            siteId,
            personId: person.id,
            kind,
            refId,
            level: level ?? null,
            document: signed,
            revokedAt: null,
            statusSequence: sequence,
          }),
        );
      } catch (err) {
        if (!isUniqueViolation(err) || attempt >= 4) throw err;
      }
    }
  }

  private async nextStatusSequence(siteId: string): Promise<number> {
    const last = await this.issued.findOne({
      where: { siteId, statusSequence: Not(IsNull()) },
      order: { statusSequence: 'DESC' },
      select: { statusSequence: true },
    });
    return (last?.statusSequence ?? -1) + 1;
  }

  async get(id: string): Promise<IssuedCredential> {
    const c = /^[0-9a-f-]{36}$/i.test(id) ? await this.issued.findOneBy({ id }) : null;
    if (!c) throw new NotFoundException({ code: 'not_found', message: 'Attestation introuvable. Credential not found.' });
    return c;
  }

  /** Withdraws a credential: its public page and verification then say it is revoked. */
  async revoke(c: IssuedCredential): Promise<IssuedCredential> {
    if (!c.revokedAt) c.revokedAt = new Date();
    return this.issued.save(c);
  }

  ofPerson(personId: string) {
    return this.issued.find({ where: { personId }, order: { issuedAt: 'ASC' } });
  }

  /**
   * Checks the signature and that the key is the issuing site's own key: its did:web, or the
   * did:key of the same key for credentials issued before did:web.
   */
  async verify(c: IssuedCredential): Promise<VerifyResult> {
    const { verificationMethod, didKey, pair } = await this.issuerOf(c.siteId);
    const doc = c.document as Parameters<typeof verifyDocument>[0];
    const method = doc.proof?.verificationMethod;
    if (method !== verificationMethod && method !== didKey.verificationMethod) return { verified: false, reason: 'not signed by this site' };
    if (c.revokedAt) return { verified: false, reason: 'revoked' };
    return verifyDocument(doc, (vm): KeyObject | null => (vm === verificationMethod ? pair.publicKey : null));
  }
}
