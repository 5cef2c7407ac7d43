import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { localDateTime } from '../common/local-format';
import { MailService } from '../infra/mail/mail.service';
import { Queues } from '../infra/queue/queues';
import { PeopleService } from '../people/people.service';
import type { Workshop } from './entities/workshop.entity';
import { WorkshopsService } from './workshops.service';

export const WORKSHOP_QUEUE = 'skills-workshops';

const frDateTime = (d: Date, zone: string) => localDateTime(d, zone, 'fr', 'full');

/** The French e-mail an enrolled person gets the day before a workshop (times on its site's clock). */
export function workshopReminderMail(firstName: string, w: Pick<Workshop, 'title' | 'startsAt' | 'durationMinutes'>, zone: string) {
  return {
    subject: `Rappel : atelier « ${w.title} » le ${frDateTime(w.startsAt, zone)}`,
    text: [
      `Bonjour ${firstName},`,
      '',
      `Vous êtes inscrit·e à l'atelier « ${w.title} », le ${frDateTime(w.startsAt, zone)} (${w.durationMinutes} minutes).`,
      "Si vous ne pouvez pas venir, désinscrivez-vous sur la page « Ateliers » : votre place ira à une personne en liste d'attente.",
      '',
      'À bientôt !',
    ].join('\n'),
  };
}

/** Every hour: reminds the people enrolled in workshops starting within 24 hours, once. */
@Processor(WORKSHOP_QUEUE)
export class WorkshopReminders extends WorkerHost {
  private readonly log = new Logger('WorkshopReminders');

  constructor(private readonly workshops: WorkshopsService, private readonly people: PeopleService, private readonly mail: MailService) {
    super();
  }

  async process(job: Job): Promise<{ sent: number }> {
    if (job.name !== 'remind-enrolled') throw new Error(`no handler for job ${job.name}`);
    return this.run(new Date());
  }

  /** Tells the person who just got a seat from the waiting list. */
  async notifyPromoted(personId: string, w: Workshop): Promise<void> {
    const person = await this.people.findPerson(personId);
    if (!person?.active || !person.email) return;
    await this.mail.send({
      to: person.email,
      subject: `Une place s'est libérée : atelier « ${w.title} »`,
      text: [`Bonjour ${person.firstName},`, '', `Une place s'est libérée : vous êtes inscrit·e à l'atelier « ${w.title} », le ${frDateTime(w.startsAt, await this.workshops.siteZone(w.siteId))}.`, '', 'À bientôt !'].join('\n'),
    });
  }

  async run(now: Date): Promise<{ sent: number }> {
    let sent = 0;
    for (const { workshop, personIds } of await this.workshops.dueReminders(now, 24)) {
      for (const id of personIds) {
        const person = await this.people.findPerson(id);
        if (!person?.active || !person.email) continue;
        await this.mail.send({ to: person.email, ...workshopReminderMail(person.firstName, workshop, await this.workshops.siteZone(workshop.siteId)) });
        sent++;
      }
    }
    if (sent) this.log.log(`sent ${sent} workshop reminders`);
    return { sent };
  }
}

@Injectable()
export class WorkshopRemindersSchedule {
  constructor(queues: Queues) {
    queues.schedule({ queue: WORKSHOP_QUEUE, job: 'remind-enrolled', repeat: { every: 3600_000 } });
  }
}
