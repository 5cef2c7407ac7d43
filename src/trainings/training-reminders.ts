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
import { addDays, dayOf, fromLocal, Lang, localDate } from '../common/local-format';
import { defineDictionary } from '../web/i18n';
import { LapseWarnings } from './lapse-warnings';
import { TrainingsService } from './trainings.service';

export const TRAINING_REMINDERS_QUEUE = 'trainings';
/** The schedule: looks, every quarter of an hour, for the sites where 09:00 has passed today. */
export const SEND_REMINDERS_JOB = 'send-reminders';
/** One site's reminders of the day, added once per site and local day. */
export const SITE_REMINDERS_JOB = 'site-reminders';
/** Reminders leave at this local time, on each site's own clock. */
export const REMINDER_TIME_MINUTES = 9 * 60;
const SWEEP_EVERY_MS = 15 * 60_000;
/** A finished site job keeps its id this long, so a day's reminders are added once whatever the sweeps. */
const KEEP_SITE_JOB_MS = 3 * 24 * 3600_000;

/**
 * The sites whose reminders are due at `now`: 09:00 has passed on their clock today. Each with its
 * job id, one per site and local day, so the sweeps of the rest of the day (and of other
 * instances) add nothing more; a server down at 09:00 still sends that day's when it is back.
 */
export function sitesDueForReminders(sites: Array<{ id: string; timezone: string }>, now: Date): Array<{ siteId: string; jobId: string }> {
  return sites
    .filter((site) => now >= fromLocal(dayOf(now, site.timezone), REMINDER_TIME_MINUTES, site.timezone))
    .map((site) => ({ siteId: site.id, jobId: `reminders-${site.id}-${dayOf(now, site.timezone)}` }));
}
/** Reminders go this many days before a qualification ends (calendar days of its site's zone). */
export const REMINDER_DAYS = [30, 7] as const;

const words = defineDictionary({
  'trainingMail.subject': { fr: 'Votre formation « {training} » expire dans {days} jours', en: 'Your {training} training expires in {days} days' },
  'trainingMail.text': {
    fr: [
      'Bonjour {firstName},',
      '',
      "Votre formation « {training} » est valable jusqu'au {date}, dans {days} jours.",
      'Après cette date, les machines concernées ne s\u2019ouvriront plus avec votre badge.',
      'Pour la renouveler, inscrivez-vous à une session avec un formateur ou une formatrice, ou demandez à l\u2019accueil.',
      '',
      'À bientôt,',
      '{site}',
    ].join('\n'),
    en: [
      'Hello {firstName},',
      '',
      'Your {training} training is valid until {date}, in {days} days.',
      'After that date, the machines it covers will no longer open with your badge.',
      'To renew it, sign up for a session with a trainer, or ask at the front desk.',
      '',
      'See you soon,',
      '{site}',
    ].join('\n'),
  },
});

/** The e-mail a person gets before their qualification ends, in their language, the date on the site's clock. */
export function reminderMail(
  firstName: string,
  training: Pick<Training, 'name'> & { nameEn?: string | null },
  expiresAt: Date,
  daysBefore: number,
  site: { name: string; zone: string },
  lang: Lang = 'fr',
) {
  const vars = {
    firstName,
    training: (lang === 'en' && training.nameEn) || training.name,
    date: localDate(expiresAt, site.zone, lang),
    days: daysBefore,
    site: site.name,
  };
  return { subject: words('trainingMail.subject', lang, vars), text: words('trainingMail.text', lang, vars) };
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
    private readonly lapses: LapseWarnings,
  ) {
    // A site's daily job: expiry reminders, then the warnings before a lapse from disuse.
    queues.handle<{ siteId: string }>(TRAINING_REMINDERS_QUEUE, SITE_REMINDERS_JOB, async (d) => {
      const now = new Date();
      await this.sendDue(now, d.siteId);
      await this.lapses.sendDue(now, d.siteId);
    });
  }

  /**
   * One run of a site's daily job (of every site's without `siteId`): the qualifications whose last
   * day is `daysBefore` days after today, both days on their site's clock. Read with two days'
   * margin (zones are at most 14 hours from UTC), then kept by their site's day.
   */
  async sendDue(now: Date, siteId?: string): Promise<ReminderRun> {
    const run: ReminderRun = { sent: 0, skippedNoEmail: 0, alreadySent: 0 };
    const DAY_MS = 24 * 3600_000;
    for (const daysBefore of REMINDER_DAYS) {
      const near = (
        await this.trainings.expiringBetween(new Date(now.getTime() + (daysBefore - 2) * DAY_MS), new Date(now.getTime() + (daysBefore + 2) * DAY_MS))
      ).filter((q) => !siteId || q.siteId === siteId);
      const zones = new Map(await Promise.all([...new Set(near.map((q) => q.siteId))].map(async (id) => [id, await this.sites.zoneOf(id)] as const)));
      const due = near.filter((q) => {
        const zone = zones.get(q.siteId)!;
        return dayOf(q.expiresAt!, zone) === addDays(dayOf(now, zone), daysBefore);
      });
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
    const [site, zone] = await Promise.all([this.sites.findById(q.siteId), this.sites.zoneOf(q.siteId)]);
    try {
      await this.mail.send({
        to: person.email,
        ...reminderMail(person.firstName, training, q.expiresAt!, daysBefore, { name: site?.name ?? '', zone }, person.locale === 'en' ? 'en' : 'fr'),
      });
      run.sent++;
    } catch (err) {
      await this.reminders.delete({ qualificationId: q.id, daysBefore });
      throw err;
    }
  }
}

/** Reminders at 09:00 on each site's clock: a sweep every quarter of an hour adds the day's job of each site past 09:00. */
@Injectable()
export class TrainingRemindersSchedule {
  constructor(
    private readonly sites: SitesService,
    private readonly queues: Queues,
  ) {
    queues.schedule({ queue: TRAINING_REMINDERS_QUEUE, job: SEND_REMINDERS_JOB, repeat: { every: SWEEP_EVERY_MS } });
    queues.produces(TRAINING_REMINDERS_QUEUE, SITE_REMINDERS_JOB);
    queues.handle(TRAINING_REMINDERS_QUEUE, SEND_REMINDERS_JOB, () => this.sweep(new Date()));
  }

  /** Adds the reminders job of each site whose 09:00 has passed today (once per site and day). */
  async sweep(now: Date): Promise<{ added: string[] }> {
    const due = sitesDueForReminders(await this.sites.siteZones(), now);
    await this.queues.addBulk(
      TRAINING_REMINDERS_QUEUE,
      due.map(({ siteId, jobId }) => ({
        job: SITE_REMINDERS_JOB,
        data: { siteId },
        opts: { jobId, keepMs: KEEP_SITE_JOB_MS, attempts: 3, backoffMs: 60_000 },
      })),
    );
    return { added: due.map((d) => d.jobId) };
  }
}
