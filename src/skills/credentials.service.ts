import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { AppConfig } from '../config/app-config';
import type { Person } from '../people/entities/person.entity';
import { SiteKeysService } from '../sites/site-keys.service';
import { SitesService } from '../sites/sites.service';
import { signDocument, verifyDocument, VerifyResult } from './credentials/data-integrity';
import { didKeyFor } from './credentials/multibase';
import { openBadgeCredential } from './credentials/open-badge';
import { IssuedCredential } from './entities/issued-credential.entity';
import { EvidenceService } from './evidence.service';
import { FrameworksService } from './frameworks.service';
import { PathsService } from './paths.service';

/** Open Badges 3.0 credentials signed with the site's Ed25519 key (eddsa-rdfc-2022). */
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

  /** The site's issuer identity: a did:key of its public key, so any verifier can resolve it. */
  async issuerOf(siteId: string) {
    const pair = await this.keys.keyPairFor(siteId);
    const { did, verificationMethod } = didKeyFor(pair.publicKeyRaw);
    return { did, verificationMethod, pair };
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
      if (!p.achieved) throw new BadRequestException({ code: 'not_reached', message: `Niveau pas encore atteint (${p.missing[0].have}/${lvl.level}). Level not reached yet.` });
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
      if (!p.achieved) throw new BadRequestException({ code: 'not_reached', message: `Certification pas encore atteinte (${p.percent} %). Not reached yet.`, missing: p.missing });
      achievement = {
        id: `${base}/credentials/achievements/certification/${cert.id}`,
        name: cert.name,
        description: cert.description || cert.name,
        criteria: `Toutes les compétences requises au niveau demandé (${cert.requirements.length}).`,
        achievementType: 'Certification' as const,
      };
    }
    const site = await this.sites.findById(siteId);
    const { did, verificationMethod, pair } = await this.issuerOf(siteId);
    const id = randomUUID();
    const now = new Date();
    const unsigned = openBadgeCredential({
      credentialId: id,
      issuer: { id: did, name: site?.name ?? 'Fab lab', url: base },
      subject: { personId: person.id, email: person.email },
      achievement,
      validFrom: now,
    });
    const signed = await signDocument(unsigned, { privateKey: pair.privateKey, verificationMethod, created: now });
    return this.issued.save(this.issued.create({ id, siteId, personId: person.id, kind, refId, level: level ?? null, document: signed, revokedAt: null }));
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

  /** Checks the signature and that the key is the issuing site's own key. */
  async verify(c: IssuedCredential): Promise<VerifyResult> {
    const { verificationMethod } = await this.issuerOf(c.siteId);
    const doc = c.document as Parameters<typeof verifyDocument>[0];
    if (doc.proof?.verificationMethod !== verificationMethod) return { verified: false, reason: 'not signed by this site' };
    if (c.revokedAt) return { verified: false, reason: 'revoked' };
    return verifyDocument(doc);
  }
}
