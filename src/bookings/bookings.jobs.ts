import { Injectable, Logger } from '@nestjs/common';
import { localDateTime } from '../common/local-format';
import { defineDictionary } from '../web/i18n';
import { MailService } from '../infra/mail/mail.service';
import { Queues } from '../infra/queue/queues';
import { MachinesService } from '../machines/machines.service';
import { PeopleService } from '../people/people.service';
import { BOOKINGS_QUEUE, BookingFollowUps } from './booking-follow-ups';
import { BookingsService } from './bookings.service';

/** The reminder mail, in the person's language. */
const reminderWords = defineDictionary({
  'bookingMail.subjectDay': { fr: 'Rappel : {name} demain', en: 'Reminder: {name} tomorrow' },
  'bookingMail.subjectHour': { fr: 'Rappel : {name} dans une heure', en: 'Reminder: {name} in one hour' },
  'bookingMail.text': {
    fr: 'Bonjour {firstName},\n\nVous avez réservé {name} le {when}.\nSi vous ne pouvez pas venir, annulez pour laisser la place à quelqu’un d’autre.\n',
    en: 'Hello {firstName},\n\nYou booked {name} on {when}.\nIf you cannot come, please cancel so someone else can use it.\n',
  },
});

/** Delayed jobs of a booking: reminders the day before and an hour before, and the no-show check. */
@Injectable()
export class BookingsJobs {
  private readonly log = new Logger('BookingsJobs');

  constructor(
    private readonly bookings: BookingsService,
    private readonly followUps: BookingFollowUps,
    private readonly people: PeopleService,
    private readonly machines: MachinesService,
    private readonly mail: MailService,
    queues: Queues,
  ) {
    queues.handle<{ bookingId: string }>(BOOKINGS_QUEUE, 'no-show', (d) => this.followUps.checkNoShow(d.bookingId));
    queues.handle<{ bookingId: string; when?: 'day' | 'hour' }>(BOOKINGS_QUEUE, 'remind', (d) => this.remind(d.bookingId, d.when ?? 'day'));
    queues.handle(BOOKINGS_QUEUE, 'reconcile', () => this.followUps.reconcileJobs());
  }

  async remind(bookingId: string, kind: 'day' | 'hour'): Promise<string> {
    const b = await this.bookings.findById(bookingId);
    if (!b || b.status !== 'active' || !b.personId) return 'skipped';
    const person = await this.people.findPerson(b.personId);
    if (!person?.email) return 'no_email';
    const machine = await this.machines.findById(b.machineId);
    const lang = person.locale === 'en' ? 'en' : 'fr';
    const vars = {
      name: machine?.name ?? 'machine',
      firstName: person.firstName,
      when: localDateTime(b.startsAt, await this.bookings.siteZone(b.siteId), lang, 'weekday'),
    };
    const subject = reminderWords(kind === 'day' ? 'bookingMail.subjectDay' : 'bookingMail.subjectHour', lang, vars);
    await this.mail.send({ to: person.email, subject, text: reminderWords('bookingMail.text', lang, vars) });
    this.log.debug(`reminder ${kind} sent for booking ${b.id}`);
    return 'sent';
  }
}
