import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { isUniqueViolation } from '../infra/database/db-errors';
import { MailService } from '../infra/mail/mail.service';
import { Queues } from '../infra/queue/queues';
import { PeopleService } from '../people/people.service';
import { SitesService } from '../sites/sites.service';
import { Qualification } from './entities/qualification.entity';
import { QualificationReminder } from './entities/qualification-reminder.entity';
import { Training } from './entities/training.entity';
import { addDays, endOfParisDay, parisDay, SITE_ZONE } from '../common/paris-day';
import { TrainingsService } from './trainings.service';

export const TRAINING_REMINDERS_QUEUE = 'trainings';
/** Reminders go this many days before a qualification ends (Paris calendar days). */
export const REMINDER_DAYS = [30, 7] as const;

const frLongDate = (d: Date) => new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: SITE_ZONE }).format(d);

/** The French e-mail a person gets before their qualification ends. */
export function reminderMail(firstName: string, training: Pick<Training, 'name'>, expiresAt: Date, daysBefore: number, siteName: string) {
  return {
    subject: `Votre formation « ${training.name} » expire dans ${daysBefore} jours`,
    text: [
      `Bonjour ${firstName},`,
      '',
      `Votre formation « ${training.name} » est valable jusqu'au ${frLongDate(expiresAt)}, dans ${daysBefore} jours.`,
      'Après cette date, les machines concernées ne s\u2019ouvriront plus avec votre badge.',
      'Pour la renouveler, inscrivez-vous à une session avec un formateur ou une formatrice, ou demandez à l\u2019accueil.',
      '',
      `À bientôt,`,
      siteName,
    ].join('\n'),
  };
}

export interface ReminderRun {
  sent: number;
  skippedNoEmail: number;
  alreadySent: number;
}

/** Finds qualifications ending in exactly 30 and 7 days and mails their holders, once each. */
@Injectable()
export class TrainingReminders {
  private readonly log = new Logger('TrainingReminders');

  constructor(
    private readonly trainings: TrainingsService,
    private readonly people: PeopleService,
    private readonly sites: SitesService,
    private readonly mail: MailService,
    @InjectRepository(QualificationReminder) private readonly reminders: Repository<QualificationReminder>,
    queues: Queues,
  ) {
    queues.handle(TRAINING_REMINDERS_QUEUE, 'send-reminders', () => this.sendDue(new Date()));
  }

  /** One run of the daily job, for the Paris day of `now`. */
  async sendDue(now: Date): Promise<ReminderRun> {
    const run: ReminderRun = { sent: 0, skippedNoEmail: 0, alreadySent: 0 };
    const today = parisDay(now);
    for (const daysBefore of REMINDER_DAYS) {
      const day = addDays(today, daysBefore);
      const due = await this.trainings.expiringBetween(endOfParisDay(addDays(day, -1)), endOfParisDay(day));
      const trainings = await this.trainings.trainingsByIds(due.map((q) => q.trainingId));
      for (const q of due) {
        const training = trainings.find((t) => t.id === q.trainingId);
        if (training) await this.remind(q, training, daysBefore, now, run);
      }
    }
    if (run.sent) this.log.log(`sent ${run.sent} expiry reminders`);
    return run;
  }

  private async remind(q: Qualification, training: Training, daysBefore: number, now: Date, run: ReminderRun) {
    const person = await this.people.findPerson(q.personId);
    if (!person?.active || !person.email) {
      run.skippedNoEmail++;
      return;
    }
    // The row is the claim: with several instances, only the one that inserts it sends.
    try {
      await this.reminders.insert({ qualificationId: q.id, daysBefore, sentAt: now });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      run.alreadySent++;
      return;
    }
    const site = await this.sites.findById(q.siteId);
    try {
      await this.mail.send({ to: person.email, ...reminderMail(person.firstName, training, q.expiresAt!, daysBefore, site?.name ?? '') });
      run.sent++;
    } catch (err) {
      await this.reminders.delete({ qualificationId: q.id, daysBefore });
      throw err;
    }
  }
}

@Injectable()
export class TrainingRemindersSchedule {
  constructor(queues: Queues) {
    queues.schedule({ queue: TRAINING_REMINDERS_QUEUE, job: 'send-reminders', repeat: { dailyAt: '09:00', tz: SITE_ZONE } });
  }
}
