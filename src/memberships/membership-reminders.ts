import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { dayOf, Lang, localDate, localHour } from '../common/local-format';
import { AppConfig } from '../config/app-config';
import { isUniqueViolation } from '../infra/database/db-errors';
import { MailService } from '../infra/mail/mail.service';
import { Queues } from '../infra/queue/queues';
import { PeopleService } from '../people/people.service';
import { SitesService } from '../sites/sites.service';
import { defineDictionary } from '../web/i18n';
import type { Membership } from './entities/membership.entity';
import { MembershipReminder } from './entities/membership-reminder.entity';
import { membershipLabel, MembershipsService } from './memberships.service';

export const MEMBERSHIPS_QUEUE = 'memberships';
/** Renewal reminders go this many days before a membership ends (calendar days of its site). */
export const RENEWAL_REMINDER_DAYS = [30, 7] as const;
/** They go out on the first round after this local hour of the site: in the morning, wherever the site is. */
export const REMINDER_LOCAL_HOUR = 9;

const words = defineDictionary({
  'membershipMail.subject': { fr: 'Votre adhésion se termine le {date}', en: 'Your membership ends on {date}' },
  'membershipMail.text': {
    fr: [
      'Bonjour {firstName},',
      '',
      'Votre adhésion « {plan} » se termine le {date}.',
      'Pour continuer à réserver et à utiliser les machines, renouvelez-la sur la page « Adhésion » ({url}) ou à l’accueil.',
      '',
      'Merci de votre soutien,',
      '{site}',
    ].join('\n'),
    en: [
      'Hello {firstName},',
      '',
      'Your membership "{plan}" ends on {date}.',
      'To keep booking and using the machines, renew it on the « Adhésion » page ({url}) or at the front desk.',
      '',
      'Thank you for your support,',
      '{site}',
    ].join('\n'),
  },
});

/** The renewal e-mail, the last day of the membership on the site's clock. */
export function renewalMail(firstName: string, plan: string, endsAt: Date, site: { name: string; zone: string; url: string }, lang: Lang = 'fr') {
  const vars = { firstName, plan, date: localDate(new Date(endsAt.getTime() - 1), site.zone, lang), site: site.name, url: site.url };
  return { subject: words('membershipMail.subject', lang, vars), text: words('membershipMail.text', lang, vars) };
}

/** Which reminder is due for a membership ending in `daysLeft` days: the smallest threshold it has reached. */
export function dueReminder(daysLeft: number): number | null {
  const reached = RENEWAL_REMINDER_DAYS.filter((d) => daysLeft <= d);
  return reached.length ? Math.min(...reached) : null;
}

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86400_000);

interface ReminderRun {
  sent: number;
  alreadySent: number;
  skipped: number;
}

/**
 * Renewal reminders: one mail per membership per threshold (30 and 7 days before its last day),
 * to its holder, in their language. The queue runs this every hour; a site's reminders go on the
 * first round after 09:00 on its own clock, so one schedule serves sites in every zone. The
 * reminder row is the claim: of two instances, only the one that inserts it sends.
 */
@Injectable()
export class MembershipReminders {
  private readonly log = new Logger('MembershipReminders');

  constructor(
    private readonly memberships: MembershipsService,
    @InjectRepository(MembershipReminder) private readonly reminders: Repository<MembershipReminder>,
    private readonly people: PeopleService,
    private readonly sites: SitesService,
    private readonly mail: MailService,
    private readonly config: AppConfig,
    queues: Queues,
  ) {
    queues.handle(MEMBERSHIPS_QUEUE, 'remind-renewals', () => this.run(new Date()));
  }

  async run(now: Date): Promise<ReminderRun> {
    const publicUrl = this.config.publicUrl.replace(/\/$/, '');
    const run: ReminderRun = { sent: 0, alreadySent: 0, skipped: 0 };
    for (const m of await this.memberships.endingWithin(now, Math.max(...RENEWAL_REMINDER_DAYS) + 1)) {
      const zone = await this.sites.zoneOf(m.siteId);
      if (localHour(now, zone) < REMINDER_LOCAL_HOUR) continue;
      const lastDay = dayOf(new Date(m.endsAt!.getTime() - 1), zone);
      const threshold = dueReminder(daysBetween(dayOf(now, zone), lastDay));
      if (threshold === null) continue;
      if (await this.memberships.renewed(m)) {
        run.skipped++;
        continue;
      }
      await this.remind(m, threshold, now, zone, publicUrl, run);
    }
    if (run.sent) this.log.log(`sent ${run.sent} membership renewal reminders`);
    return run;
  }

  private async remind(m: Membership, daysBefore: number, now: Date, zone: string, publicUrl: string, run: ReminderRun) {
    const person = await this.people.findPerson(m.personId);
    if (!person?.active || !person.email) {
      run.skipped++;
      return;
    }
    try {
      await this.reminders.insert({ membershipId: m.id, daysBefore, sentAt: now });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      run.alreadySent++;
      return;
    }
    const site = await this.sites.findById(m.siteId);
    const plan = membershipLabel(m, await this.memberships.planName(m.planId));
    try {
      await this.mail.send({
        to: person.email,
        ...renewalMail(person.firstName, plan, m.endsAt!, { name: site?.name ?? '', zone, url: `${publicUrl}/adhesion` }, person.locale === 'en' ? 'en' : 'fr'),
      });
      run.sent++;
    } catch (err) {
      await this.reminders.delete({ membershipId: m.id, daysBefore });
      throw err;
    }
  }
}

@Injectable()
export class MembershipRemindersSchedule {
  constructor(queues: Queues) {
    queues.schedule({ queue: MEMBERSHIPS_QUEUE, job: 'remind-renewals', repeat: { every: 3600_000 } });
  }
}
