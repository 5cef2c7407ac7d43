import { Injectable, Logger } from '@nestjs/common';
import { Lang, localDateTime } from '../common/local-format';
import { defineDictionary } from '../web/i18n';
import { MailService } from '../infra/mail/mail.service';
import { Queues } from '../infra/queue/queues';
import { PeopleService } from '../people/people.service';
import type { Workshop } from './entities/workshop.entity';
import { WorkshopsService } from './workshops.service';

export const WORKSHOP_QUEUE = 'workshops';

const words = defineDictionary({
  'workshopMail.subject': { fr: 'Rappel : atelier « {title} » le {when}', en: 'Reminder: workshop "{title}" on {when}' },
  'workshopMail.text': {
    fr: "Bonjour {firstName},\n\nVous êtes inscrit·e à l'atelier « {title} », le {when} ({minutes} minutes).\nSi vous ne pouvez pas venir, désinscrivez-vous sur la page « Ateliers » : votre place ira à une personne en liste d'attente.\n\nÀ bientôt !",
    en: 'Hello {firstName},\n\nYou are signed up for the workshop "{title}", on {when} ({minutes} minutes).\nIf you cannot come, leave it on the "Workshops" page: your seat will go to someone on the waiting list.\n\nSee you soon!',
  },
  'workshopMail.promotedSubject': { fr: "Une place s'est libérée : atelier « {title} »", en: 'A seat is free: workshop "{title}"' },
  'workshopMail.promotedText': {
    fr: "Bonjour {firstName},\n\nUne place s'est libérée : vous êtes inscrit·e à l'atelier « {title} », le {when}.\n\nÀ bientôt !",
    en: 'Hello {firstName},\n\nA seat is free: you are signed up for the workshop "{title}", on {when}.\n\nSee you soon!',
  },
});

const langOf = (locale: string | null | undefined): Lang => (locale === 'en' ? 'en' : 'fr');

/** The e-mail an enrolled person gets the day before a workshop, in their language, on its site's clock. */
export function workshopReminderMail(firstName: string, w: Pick<Workshop, 'title' | 'startsAt' | 'durationMinutes'>, zone: string, lang: Lang = 'fr') {
  const vars = { firstName, title: w.title, when: localDateTime(w.startsAt, zone, lang, 'full'), minutes: w.durationMinutes };
  return { subject: words('workshopMail.subject', lang, vars), text: words('workshopMail.text', lang, vars) };
}

/** The e-mail of a person who just got a seat from the waiting list. */
export function promotedMail(firstName: string, w: Pick<Workshop, 'title' | 'startsAt'>, zone: string, lang: Lang = 'fr') {
  const vars = { firstName, title: w.title, when: localDateTime(w.startsAt, zone, lang, 'full') };
  return { subject: words('workshopMail.promotedSubject', lang, vars), text: words('workshopMail.promotedText', lang, vars) };
}

/** Every hour: reminds the people enrolled in workshops starting within 24 hours, once. */
@Injectable()
export class WorkshopReminders {
  private readonly log = new Logger('WorkshopReminders');

  constructor(
    private readonly workshops: WorkshopsService,
    private readonly people: PeopleService,
    private readonly mail: MailService,
    queues: Queues,
  ) {
    queues.handle(WORKSHOP_QUEUE, 'remind-enrolled', () => this.run(new Date()));
  }

  /** Tells the person who just got a seat from the waiting list. */
  async notifyPromoted(personId: string, w: Workshop): Promise<void> {
    const person = await this.people.findPerson(personId);
    if (!person?.active || !person.email) return;
    await this.mail.send({ to: person.email, ...promotedMail(person.firstName, w, await this.workshops.siteZone(w.siteId), langOf(person.locale)) });
  }

  async run(now: Date): Promise<{ sent: number }> {
    let sent = 0;
    for (const { workshop, personIds } of await this.workshops.dueReminders(now, 24)) {
      for (const id of personIds) {
        const person = await this.people.findPerson(id);
        if (!person?.active || !person.email) continue;
        await this.mail.send({
          to: person.email,
          ...workshopReminderMail(person.firstName, workshop, await this.workshops.siteZone(workshop.siteId), langOf(person.locale)),
        });
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
