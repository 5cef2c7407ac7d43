import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** The exact @context of an Open Badges 3.0 credential, in this order. */
export const OB3_CONTEXT = ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'];

export interface BadgeInput {
  credentialId: string;
  issuer: { id: string; name: string; url: string };
  subject: { email: string | null };
  achievement: { id: string; name: string; description: string; criteria: string; achievementType: 'Competency' | 'Certification' };
  validFrom: Date;
  /** Where a verifier reads whether it was revoked (W3C Bitstring Status List). */
  status?: { listUrl: string; index: number };
}

const isoSeconds = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * An unsigned OpenBadgeCredential. The learner is named by an identifier made for this
 * credential alone (never the person's id in our database, so two credentials cannot be linked
 * by it), plus a salted hash of their e-mail when they have one (OB 3.0 IdentityObject), which
 * they can prove by giving the e-mail: no name in clear.
 */
export function openBadgeCredential(b: BadgeInput) {
  const subject: Record<string, unknown> = { id: `urn:uuid:${randomUUID()}`, type: ['AchievementSubject'] };
  if (b.subject.email) {
    const salt = randomBytes(8).toString('hex');
    const hash = createHash('sha256')
      .update(b.subject.email.trim().toLowerCase() + salt)
      .digest('hex');
    subject.identifier = [{ type: 'IdentityObject', hashed: true, identityHash: `sha256$${hash}`, identityType: 'emailAddress', salt }];
  }
  subject.achievement = {
    id: b.achievement.id,
    type: ['Achievement'],
    name: b.achievement.name,
    description: b.achievement.description,
    criteria: { narrative: b.achievement.criteria },
    achievementType: b.achievement.achievementType,
  };
  const credential: Record<string, unknown> & { '@context': string[] } = {
    '@context': [...OB3_CONTEXT],
    id: `urn:uuid:${b.credentialId}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: b.issuer.id, type: ['Profile'], name: b.issuer.name, url: b.issuer.url },
    validFrom: isoSeconds(b.validFrom),
    name: b.achievement.name,
    credentialSubject: subject,
  };
  if (b.status) {
    credential.credentialStatus = {
      id: `${b.status.listUrl}#${b.status.index}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(b.status.index),
      statusListCredential: b.status.listUrl,
    };
  }
  return credential;
}
