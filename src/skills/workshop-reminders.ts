import { Injectable, Logger } from '@nestjs/common';
import { MailService } from '../infra/mail/mail.service';
import { Queues } from '../infra/queue/queues';
import { PeopleService } from '../people/people.service';
import type { Workshop } from './entities/workshop.entity';
import { WorkshopsService } from './workshops.service';

export const WORKSHOP_QUEUE = 'workshops';

const frDateTime = (d: Date) => new Intl.DateTimeFormat('fr-FR', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(d);

/** The French e-mail an enrolled person gets the day before a workshop. */
export function workshopReminderMail(firstName: string, w: Pick<Workshop, 'title' | 'startsAt' | 'durationMinutes'>) {
  return {
    subject: `Rappel : atelier « ${w.title} » le ${frDateTime(w.startsAt)}`,
    text: [
      `Bonjour ${firstName},`,
      '',
      `Vous êtes inscrit·e à l'atelier « ${w.title} », le ${frDateTime(w.startsAt)} (${w.durationMinutes} minutes).`,
      "Si vous ne pouvez pas venir, désinscrivez-vous sur la page « Ateliers » : votre place ira à une personne en liste d'attente.",
      '',
      'À bientôt !',
    ].join('\n'),
  };
}

/** Every hour: reminds the people enrolled in workshops starting within 24 hours, once. */
@Injectable()
export class WorkshopReminders {
  private readonly log = new Logger('WorkshopReminders');

  constructor(private readonly workshops: WorkshopsService, private readonly people: PeopleService, private readonly mail: MailService, queues: Queues) {
    queues.handle(WORKSHOP_QUEUE, 'remind-enrolled', () => this.run(new Date()));
  }

  /** Tells the person who just got a seat from the waiting list. */
  async notifyPromoted(personId: string, w: Workshop): Promise<void> {
    const person = await this.people.findPerson(personId);
    if (!person?.active || !person.email) return;
    await this.mail.send({
      to: person.email,
      subject: `Une place s'est libérée : atelier « ${w.title} »`,
      text: [`Bonjour ${person.firstName},`, '', `Une place s'est libérée : vous êtes inscrit·e à l'atelier « ${w.title} », le ${frDateTime(w.startsAt)}.`, '', 'À bientôt !'].join('\n'),
    });
  }

  async run(now: Date): Promise<{ sent: number }> {
    let sent = 0;
    for (const { workshop, personIds } of await this.workshops.dueReminders(now, 24)) {
      for (const id of personIds) {
        const person = await this.people.findPerson(id);
        if (!person?.active || !person.email) continue;
        await this.mail.send({ to: person.email, ...workshopReminderMail(person.firstName, workshop) });
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
