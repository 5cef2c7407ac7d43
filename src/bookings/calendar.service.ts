import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { IsNull, MoreThan, Repository } from 'typeorm';
import { requireSite, Viewer } from '../common/viewer';
import { AppConfig } from '../config/app-config';
import { SitesService } from '../sites/sites.service';
import { MachinesService } from '../machines/machines.service';
import { PeopleService } from '../people/people.service';
import { isBookingStaff } from './bookings.service';
import { Booking } from './entities/booking.entity';
import { CalendarSettingsDto, FeedTargetDto } from './dto/calendar.dto';
import { CalendarFeed, CalendarSettings, FeedKind } from './entities/calendar-feed.entity';
import { buildCalendar, CalendarEvent } from './ics';

const KIND_FR: Record<string, string> = { booking: 'Réservation', maintenance: 'Maintenance', workshop: 'Atelier' };

const notFound = () => new NotFoundException({ code: 'not_found', message: 'Calendrier introuvable. Not found.' });
const staffOnly = () => new ForbiddenException({ code: 'staff_only', message: 'Réservé aux responsables. Managers only.' });

/** What a feed shows: a person's bookings, a machine's, or every machine of a site. */
interface FeedTarget {
  kind: FeedKind;
  siteId: string;
  personId: string | null;
  machineId: string | null;
}

/**
 * iCalendar feeds behind a secret URL. Each URL belongs to the person it was given to: they can
 * rotate it (the old one stops) or revoke it, and it stops when they are deactivated or are no
 * longer staff of the site (machine and site feeds).
 */
@Injectable()
export class CalendarService {
  constructor(
    @InjectRepository(CalendarFeed) private readonly feeds: Repository<CalendarFeed>,
    @InjectRepository(CalendarSettings) private readonly settings: Repository<CalendarSettings>,
    @InjectRepository(Booking) private readonly bookings: Repository<Booking>,
    private readonly machines: MachinesService,
    private readonly people: PeopleService,
    private readonly config: AppConfig,
    private readonly sites: SitesService,
  ) {}

  /** Which feed the viewer asks for, checked for role and site. */
  private async targetOf(viewer: Viewer, dto: FeedTargetDto): Promise<FeedTarget> {
    const kind: FeedKind = dto.kind ?? (dto.machineId ? 'machine' : 'person');
    if (kind === 'person') return { kind, siteId: viewer.siteId ?? '', personId: viewer.id, machineId: null };
    if (!isBookingStaff(viewer)) throw staffOnly();
    if (kind === 'machine') {
      const machine = await this.machines.get(viewer, dto.machineId!);
      return { kind, siteId: machine.siteId, personId: null, machineId: machine.id };
    }
    return { kind, siteId: requireSite(viewer, dto.siteId), personId: null, machineId: null };
  }

  private whereOf(viewer: Viewer, t: FeedTarget) {
    return { ownerId: viewer.id, kind: t.kind, siteId: t.siteId, personId: t.personId ?? IsNull(), machineId: t.machineId ?? IsNull() };
  }

  private urlOf(feed: CalendarFeed) {
    const path = `/api/calendar/${feed.secret}.ics`;
    return { path, url: `${this.config.publicUrl}${path}` };
  }

  private create(viewer: Viewer, t: FeedTarget) {
    return this.feeds.save(this.feeds.create({ secret: randomBytes(24).toString('hex'), ownerId: viewer.id, ...t }));
  }

  /** The viewer's URL for that feed if they asked for one already, without making one (pages' GETs change nothing). */
  async existingFeed(viewer: Viewer, dto: FeedTargetDto = {}): Promise<{ url: string; path: string } | null> {
    const feed = await this.feeds.findOneBy(this.whereOf(viewer, await this.targetOf(viewer, dto)));
    return feed ? this.urlOf(feed) : null;
  }

  /** The viewer's URL for that feed; the same URL is given again each time. */
  async feedFor(viewer: Viewer, dto: FeedTargetDto = {}): Promise<{ url: string; path: string }> {
    const target = await this.targetOf(viewer, dto);
    const feed = (await this.feeds.findOneBy(this.whereOf(viewer, target))) ?? (await this.create(viewer, target));
    return this.urlOf(feed);
  }

  /** A new secret URL for that feed; the one given before stops answering at once. */
  async rotate(viewer: Viewer, dto: FeedTargetDto): Promise<{ url: string; path: string }> {
    const target = await this.targetOf(viewer, dto);
    await this.feeds.delete(this.whereOf(viewer, target));
    return this.urlOf(await this.create(viewer, target));
  }

  /** Stops the viewer's URL for that feed. */
  async revoke(viewer: Viewer, dto: FeedTargetDto): Promise<{ revoked: number }> {
    const target = await this.targetOf(viewer, dto);
    const res = await this.feeds.delete(this.whereOf(viewer, target));
    return { revoked: res.affected ?? 0 };
  }

  async settingsOf(viewer: Viewer, siteId?: string): Promise<CalendarSettings> {
    if (!isBookingStaff(viewer)) throw staffOnly();
    const site = requireSite(viewer, siteId);
    return (await this.settings.findOneBy({ siteId: site })) ?? this.settings.create({ siteId: site, namesOnStaffFeeds: false });
  }

  async saveSettings(viewer: Viewer, dto: CalendarSettingsDto): Promise<CalendarSettings> {
    const current = await this.settingsOf(viewer, dto.siteId);
    return this.settings.save({ ...current, namesOnStaffFeeds: dto.namesOnStaffFeeds });
  }

  /** The owner still may see this feed: active, and still staff of the site for staff feeds. */
  private async ownerMaySee(feed: CalendarFeed): Promise<boolean> {
    const owner = feed.ownerId ? await this.people.findPerson(feed.ownerId) : null;
    if (!owner?.active) return false;
    if (feed.kind === 'person') return owner.id === feed.personId;
    if (owner.role === 'admin') return true;
    return owner.role === 'manager' && owner.siteId === feed.siteId;
  }

  async ics(secret: string, now = new Date()): Promise<string> {
    const feed = /^[0-9a-f]{48}$/.test(secret) ? await this.feeds.findOneBy({ secret }) : null;
    if (!feed || !(await this.ownerMaySee(feed))) throw notFound();
    const since = new Date(now.getTime() - 90 * 86400_000);
    const staffFeed = feed.kind !== 'person';
    const rows = await this.bookings.find({ where: { ...this.bookingsOf(feed), endsAt: MoreThan(since) }, order: { startsAt: 'ASC' }, take: 5000 });
    const withNames = staffFeed && (await this.settings.findOneBy({ siteId: feed.siteId }))?.namesOnStaffFeeds === true;
    const names = new Map<string, string>();
    const nameOf = async (id: string) => {
      if (!names.has(id)) names.set(id, (await this.machines.findById(id))?.name ?? 'Machine');
      return names.get(id)!;
    };
    const events: CalendarEvent[] = [];
    for (const b of rows) {
      if (b.status === 'no_show') continue;
      const machineName = await nameOf(b.machineId);
      const who = withNames && b.personId ? ((await this.people.findPerson(b.personId))?.displayName ?? '') : '';
      events.push({
        uid: `${b.id}@fablab-ops`,
        start: b.startsAt,
        end: b.endsAt,
        stamp: b.cancelledAt ?? b.createdAt,
        summary: staffFeed ? `${KIND_FR[b.kind]} ${who}`.trim() + ` — ${machineName}` : `${KIND_FR[b.kind]} : ${machineName}`,
        description: b.note || undefined,
        cancelled: b.status === 'cancelled',
        sequence: b.status === 'cancelled' ? 1 : 0,
      });
    }
    return buildCalendar(await this.titleOf(feed, nameOf), events, await this.sites.zoneOf(feed.siteId));
  }

  private bookingsOf(feed: CalendarFeed) {
    if (feed.kind === 'machine') return { machineId: feed.machineId! };
    if (feed.kind === 'person') return { personId: feed.personId! };
    return { siteId: feed.siteId };
  }

  private async titleOf(feed: CalendarFeed, nameOf: (id: string) => Promise<string>) {
    if (feed.kind === 'machine') return `Réservations — ${await nameOf(feed.machineId!)}`;
    if (feed.kind === 'site') return 'Réservations du lieu';
    return 'Mes réservations machines';
  }
}
