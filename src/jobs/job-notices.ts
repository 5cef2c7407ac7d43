import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { MailService } from '../infra/mail/mail.service';
import { RealtimeService } from '../infra/realtime/realtime.service';
import type { Machine } from '../machines/entities/machine.entity';
import { PeopleService } from '../people/people.service';
import type { FabJob } from './entities/fab-job.entity';

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
    const fr = ({ 'job.started': 'a démarré', 'job.completed': 'est terminé', 'job.failed': 'a échoué' } as Record<string, string>)[type] ?? 'a été interrompu';
    const base = this.config.env.PUBLIC_URL ?? '';
    await this.mail
      .send({
        to: owner.email,
        subject: `Votre travail « ${job.fileName} » ${fr} (${machine.name})`,
        text: `Bonjour ${owner.firstName},\n\nVotre travail « ${job.fileName} » sur ${machine.name} ${fr}.${job.reason ? `\nRaison : ${job.reason}` : ''}\n\nSuivi en direct : ${base}/jobs\n`,
      })
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
