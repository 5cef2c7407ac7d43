import { Injectable, Logger } from '@nestjs/common';
import { MailService } from '../infra/mail/mail.service';
import { Queues } from '../infra/queue/queues';
import { MachinesService } from '../machines/machines.service';
import { PeopleService } from '../people/people.service';
import { BOOKINGS_QUEUE, BookingsService } from './bookings.service';

const when = (d: Date, locale: string) =>
  d.toLocaleString(locale === 'en' ? 'en-GB' : 'fr-FR', { timeZone: 'Europe/Paris', weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });

/** Delayed jobs of a booking: reminders the day before and an hour before, and the no-show check. */
@Injectable()
export class BookingsJobs {
  private readonly log = new Logger('BookingsJobs');

  constructor(private readonly bookings: BookingsService, private readonly people: PeopleService, private readonly machines: MachinesService, private readonly mail: MailService, queues: Queues) {
    queues.handle<{ bookingId: string }>(BOOKINGS_QUEUE, 'no-show', (d) => this.bookings.checkNoShow(d.bookingId));
    queues.handle<{ bookingId: string; when?: 'day' | 'hour' }>(BOOKINGS_QUEUE, 'remind', (d) => this.remind(d.bookingId, d.when ?? 'day'));
    queues.handle(BOOKINGS_QUEUE, 'reconcile', () => this.bookings.reconcileJobs());
  }

  async remind(bookingId: string, kind: 'day' | 'hour'): Promise<string> {
    const b = await this.bookings.findById(bookingId);
    if (!b || b.status !== 'active' || !b.personId) return 'skipped';
    const person = await this.people.findPerson(b.personId);
    if (!person?.email) return 'no_email';
    const machine = await this.machines.findById(b.machineId);
    const name = machine?.name ?? 'machine';
    const en = person.locale === 'en';
    const subject = en
      ? `Reminder: ${name} ${kind === 'day' ? 'tomorrow' : 'in one hour'}`
      : `Rappel : ${name} ${kind === 'day' ? 'demain' : 'dans une heure'}`;
    const text = en
      ? `Hello ${person.firstName},\n\nYou booked ${name} on ${when(b.startsAt, 'en')}.\nIf you cannot come, please cancel so someone else can use it.\n`
      : `Bonjour ${person.firstName},\n\nVous avez réservé ${name} le ${when(b.startsAt, 'fr')}.\nSi vous ne pouvez pas venir, annulez pour laisser la place à quelqu’un d’autre.\n`;
    await this.mail.send({ to: person.email, subject, text });
    this.log.debug(`reminder ${kind} sent for booking ${b.id}`);
    return 'sent';
  }
}
