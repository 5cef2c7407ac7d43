import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { MailService } from '../infra/mail/mail.service';
import { RealtimeService } from '../infra/realtime/realtime.service';
import type { Machine } from '../machines/entities/machine.entity';
import { PeopleService } from '../people/people.service';
import { defineDictionary, Lang, langOfLocale } from '../web/i18n';
import type { FabJob } from './entities/fab-job.entity';

const words = defineDictionary({
  'jobMail.started': { fr: 'a démarré', en: 'has started' },
  'jobMail.completed': { fr: 'est terminé', en: 'is finished' },
  'jobMail.failed': { fr: 'a échoué', en: 'has failed' },
  'jobMail.stopped': { fr: 'a été interrompu', en: 'was stopped' },
  'jobMail.subject': { fr: 'Votre travail « {file} » {what} ({machine})', en: 'Your job "{file}" {what} ({machine})' },
  'jobMail.text': { fr: 'Bonjour {name},\n\nVotre travail « {file} » sur {machine} {what}.', en: 'Hello {name},\n\nYour job "{file}" on {machine} {what}.' },
  'jobMail.reason': { fr: 'Raison : {reason}', en: 'Reason: {reason}' },
  'jobMail.follow': { fr: 'Suivi en direct : {url}', en: 'Follow it live: {url}' },
  'approvalMail.awaitingSubject': { fr: 'À approuver : « {file} » de {owner} ({machine})', en: 'To approve: "{file}" by {owner} ({machine})' },
  'approvalMail.answeredSubject': { fr: 'Réponse de {owner} : « {file} » ({machine})', en: 'Answer from {owner}: "{file}" ({machine})' },
  'approvalMail.awaitingText': {
    fr: 'Bonjour {name},\n\n{owner} a envoyé « {file} » pour {machine}. Ce lieu demande qu’un·e formateur·rice ou un·e responsable l’approuve avant la file : approuvez, refusez (avec la raison) ou demandez des changements.',
    en: 'Hello {name},\n\n{owner} sent "{file}" for {machine}. This site asks a trainer or a manager to approve it before the queue: approve, refuse (with the reason) or ask for changes.',
  },
  'approvalMail.answeredText': {
    fr: 'Bonjour {name},\n\n{owner} a répondu aux changements demandés pour « {file} » ({machine}) :\n« {answer} »',
    en: 'Hello {name},\n\n{owner} answered the changes asked for "{file}" ({machine}):\n"{answer}"',
  },
  'approvalMail.page': { fr: 'À approuver : {url}', en: 'To approve: {url}' },
  'reviewMail.approved': { fr: 'a été approuvé et entre dans la file', en: 'was approved and enters the queue' },
  'reviewMail.refused': { fr: 'a été refusé', en: 'was refused' },
  'reviewMail.changes': { fr: 'demande des changements', en: 'needs changes' },
  'reviewMail.note': { fr: 'Message de {reviewer} : {note}', en: 'Message from {reviewer}: {note}' },
  'reviewMail.changesHow': {
    fr: 'Envoyez une nouvelle version du fichier ou répondez depuis la page « Mes travaux ».',
    en: 'Send a new version of the file or answer from the "My jobs" page.',
  },
});

export type ReviewDecision = 'approved' | 'refused' | 'changes';
const REVIEW_WHAT = { approved: 'reviewMail.approved', refused: 'reviewMail.refused', changes: 'reviewMail.changes' } as const;

/** The mail the approvers get: a job awaits their approval, or its maker answered the changes asked. */
export function approverMail(
  name: string,
  job: Pick<FabJob, 'fileName' | 'makerAnswer'>,
  owner: string,
  machineName: string,
  kind: 'awaiting' | 'answered',
  pageUrl: string,
  lang: Lang,
) {
  const vars = { name, owner, file: job.fileName, machine: machineName, answer: job.makerAnswer ?? '' };
  const subject = words(kind === 'awaiting' ? 'approvalMail.awaitingSubject' : 'approvalMail.answeredSubject', lang, vars);
  const text = words(kind === 'awaiting' ? 'approvalMail.awaitingText' : 'approvalMail.answeredText', lang, vars);
  return { subject, text: `${text}\n\n${words('approvalMail.page', lang, { url: pageUrl })}\n` };
}

/** The mail a maker gets on the review of their job: approved, refused (with the reason), changes asked. */
export function reviewMail(
  firstName: string,
  job: Pick<FabJob, 'fileName' | 'reviewNote'>,
  machineName: string,
  decision: ReviewDecision,
  reviewer: string,
  pageUrl: string,
  lang: Lang,
) {
  const what = words(REVIEW_WHAT[decision], lang);
  const vars = { name: firstName, file: job.fileName, machine: machineName, what };
  const note = job.reviewNote ? `\n${words('reviewMail.note', lang, { reviewer, note: job.reviewNote })}` : '';
  const how = decision === 'changes' ? `\n${words('reviewMail.changesHow', lang)}` : '';
  return {
    subject: words('jobMail.subject', lang, vars),
    text: `${words('jobMail.text', lang, vars)}${note}${how}\n\n${words('jobMail.follow', lang, { url: pageUrl })}\n`,
  };
}

const WHAT = { 'job.started': 'jobMail.started', 'job.completed': 'jobMail.completed', 'job.failed': 'jobMail.failed' } as const;

/** The mail a job's owner gets when it starts, ends or fails (`type`, the bridge event), in the owner's language. */
export function jobMail(firstName: string, job: Pick<FabJob, 'fileName' | 'reason'>, machineName: string, type: string, liveUrl: string, lang: Lang) {
  const what = words(WHAT[type as keyof typeof WHAT] ?? 'jobMail.stopped', lang);
  const vars = { name: firstName, file: job.fileName, machine: machineName, what };
  const reason = job.reason ? `\n${words('jobMail.reason', lang, { reason: job.reason })}` : '';
  return {
    subject: words('jobMail.subject', lang, vars),
    text: `${words('jobMail.text', lang, vars)}${reason}\n\n${words('jobMail.follow', lang, { url: liveUrl })}\n`,
  };
}

/** What the jobs tell people: the screens of the site (each change) and the owner by mail (start, end). */
@Injectable()
export class JobNotices {
  private readonly log = new Logger('Jobs');

  constructor(
    private readonly realtime: RealtimeService,
    private readonly mail: MailService,
    private readonly people: PeopleService,
    private readonly config: AppConfig,
  ) {}

  async notify(job: FabJob, machine: Machine, type: string) {
    const owner = await this.people.findPerson(job.ownerId);
    if (!owner?.email) return;
    const base = this.config.env.PUBLIC_URL ?? '';
    await this.mail
      .send({ to: owner.email, ...jobMail(owner.firstName, job, machine.name, type, `${base}/jobs`, langOfLocale(owner.locale)) })
      .catch((e) => this.log.warn(`mail: ${(e as Error).message}`));
  }

  /** Every trainer and manager of the job's site (but its owner: nobody approves their own) hears that it awaits them. */
  async toApprovers(job: FabJob, machine: Pick<Machine, 'name'>, kind: 'awaiting' | 'answered') {
    const [approvers, owner] = await Promise.all([this.people.approversToMail(job.siteId), this.people.findPerson(job.ownerId)]);
    const base = this.config.env.PUBLIC_URL ?? '';
    for (const p of approvers) {
      if (p.id === job.ownerId || !p.email) continue;
      const mail = approverMail(p.firstName, job, owner?.displayName ?? '?', machine.name, kind, `${base}/jobs/approvals`, langOfLocale(p.locale));
      await this.mail.send({ to: p.email, ...mail }).catch((e) => this.log.warn(`mail: ${(e as Error).message}`));
    }
  }

  /** The maker hears the review of their job, in their language. */
  async reviewed(job: FabJob, machine: Pick<Machine, 'name'> | null, decision: ReviewDecision, reviewer: string) {
    const owner = await this.people.findPerson(job.ownerId);
    if (!owner?.email) return;
    const base = this.config.env.PUBLIC_URL ?? '';
    const mail = reviewMail(owner.firstName, job, machine?.name ?? '', decision, reviewer, `${base}/jobs`, langOfLocale(owner.locale));
    await this.mail.send({ to: owner.email, ...mail }).catch((e) => this.log.warn(`mail: ${(e as Error).message}`));
  }

  push(job: FabJob) {
    this.realtime.toSite(job.siteId, 'job.update', {
      id: job.id,
      status: job.status,
      machineId: job.machineId,
      ownerId: job.ownerId,
      progress: job.progress,
      position: job.position,
      reason: job.reason,
    });
  }
}
