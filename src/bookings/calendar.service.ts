import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { MoreThan, Repository } from 'typeorm';
import { Viewer } from '../common/viewer';
import { AppConfig } from '../config/app-config';
import { MachinesService } from '../machines/machines.service';
import { PeopleService } from '../people/people.service';
import { isBookingStaff } from './bookings.service';
import { Booking } from './entities/booking.entity';
import { CalendarFeed } from './entities/calendar-feed.entity';
import { buildCalendar, CalendarEvent } from './ics';

const KIND_FR: Record<string, string> = { booking: 'Réservation', maintenance: 'Maintenance', workshop: 'Atelier' };

/** iCalendar feeds behind a secret URL, of a person's bookings or of a machine's. */
@Injectable()
export class CalendarService {
  constructor(
    @InjectRepository(CalendarFeed) private readonly feeds: Repository<CalendarFeed>,
    @InjectRepository(Booking) private readonly bookings: Repository<Booking>,
    private readonly machines: MachinesService,
    private readonly people: PeopleService,
    private readonly config: AppConfig,
  ) {}

  /** The viewer's feed, or a machine's for managers; the same URL is given again each time. */
  async feedFor(viewer: Viewer, machineId?: string): Promise<{ url: string; path: string }> {
    let where: { personId: string } | { machineId: string };
    let siteId: string;
    if (machineId) {
      if (!isBookingStaff(viewer)) throw new ForbiddenException({ code: 'staff_only', message: 'Réservé aux responsables. Managers only.' });
      const machine = await this.machines.get(viewer, machineId);
      where = { machineId: machine.id };
      siteId = machine.siteId;
    } else {
      where = { personId: viewer.id };
      siteId = viewer.siteId ?? '';
    }
    let feed = await this.feeds.findOneBy(where);
    if (!feed) feed = await this.feeds.save(this.feeds.create({ secret: randomBytes(24).toString('hex'), siteId, personId: null, machineId: null, ...where }));
    const path = `/api/calendar/${feed.secret}.ics`;
    return { path, url: `${this.config.publicUrl}${path}` };
  }

  async ics(secret: string, now = new Date()): Promise<string> {
    const feed = /^[0-9a-f]{48}$/.test(secret) ? await this.feeds.findOneBy({ secret }) : null;
    if (!feed) throw new NotFoundException({ code: 'not_found', message: 'Calendrier introuvable. Not found.' });
    const since = new Date(now.getTime() - 90 * 86400_000);
    const rows = await this.bookings.find({
      where: feed.machineId ? { machineId: feed.machineId, endsAt: MoreThan(since) } : { personId: feed.personId!, endsAt: MoreThan(since) },
      order: { startsAt: 'ASC' },
      take: 5000,
    });
    const names = new Map<string, string>();
    const nameOf = async (id: string) => {
      if (!names.has(id)) names.set(id, (await this.machines.findById(id))?.name ?? 'Machine');
      return names.get(id)!;
    };
    const events: CalendarEvent[] = [];
    for (const b of rows) {
      if (b.status === 'no_show') continue;
      const machineName = await nameOf(b.machineId);
      let who = '';
      if (feed.machineId && b.personId) who = (await this.people.findPerson(b.personId))?.displayName ?? '';
      events.push({
        uid: `${b.id}@fablab-ops`,
        start: b.startsAt,
        end: b.endsAt,
        stamp: b.cancelledAt ?? b.createdAt,
        summary: feed.machineId ? `${KIND_FR[b.kind]} ${who}`.trim() + ` — ${machineName}` : `${KIND_FR[b.kind]} : ${machineName}`,
        description: b.note || undefined,
        cancelled: b.status === 'cancelled',
        sequence: b.status === 'cancelled' ? 1 : 0,
      });
    }
    const title = feed.machineId ? `Réservations — ${await nameOf(feed.machineId)}` : 'Mes réservations machines';
    return buildCalendar(title, events);
  }
}
