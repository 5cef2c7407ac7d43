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
});

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
