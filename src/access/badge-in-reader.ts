import { Injectable } from '@nestjs/common';
import { BookingsService } from '../bookings/bookings.service';
import type { Machine } from '../machines/entities/machine.entity';
import { MembershipStanding } from '../memberships/membership-standing';
import { isPublicComputer } from '../machines/machine-types';
import { SitesService } from '../sites/sites.service';
import { StationQueueRead } from '../stations/station-queue.read';
import { AccessFactsCache } from './access-facts.cache';
import { AuditLog } from './audit-log';
import type { BadgeInFacts } from './decide-badge-in';
import { UsageSessions } from './usage-sessions';
import { LastUsesReader } from './last-uses-reader';

/**
 * Everything a badge-in decision reads, before the rule runs: memory first (badges, people,
 * trainings), and the few reads that must be fresh together (an answer already given, the open
 * session, bookings and hours, the site's zone, the person's membership).
 */
@Injectable()
export class BadgeInReader {
  constructor(
    private readonly facts: AccessFactsCache,
    private readonly auditLog: AuditLog,
    private readonly sessions: UsageSessions,
    private readonly bookings: BookingsService,
    private readonly sites: SitesService,
    private readonly membership: MembershipStanding,
    private readonly queue: StationQueueRead,
    private readonly lastUses: LastUsesReader,
  ) {}

  /**
   * `answered`: the reply already given to this request (then the facts are not needed). `lookBack`:
   * the audit log is read too, for a request sent before the coordination's memory began.
   */
  async read(
    machine: Machine,
    uid: string,
    requestId: string,
    now: Date,
    lookBack = true,
  ): Promise<{ answered: Record<string, unknown> | null; facts: BadgeInFacts }> {
    const { badge, person, trainings, qualifications } = await this.facts.forBadge(uid, machine.siteId);
    const [answered, openSession, context, zone, membership, freeAccess] = await Promise.all([
      // Redis (or this instance) remembers answers for 24 hours; the audit log has older ones, read
      // only for a request sent before that memory began (a statement saved on nearly every badge).
      lookBack ? this.auditLog.replyTo(requestId) : null,
      this.sessions.openOn(machine.id),
      this.bookings.accessContext(machine, person?.id ?? null, now),
      this.sites.zoneOf(machine.siteId),
      person ? this.membership.forUnlock(machine.siteId, person.id, now) : undefined, // memory, as the facts
      isPublicComputer(machine) ? this.freeAccess(machine.siteId, person?.id ?? null) : undefined,
    ]);
    const lastUses = !answered && person ? await this.lastUses.of(machine, person.id, trainings, qualifications) : undefined;
    const holderId = !answered && openSession && openSession.personId !== person?.id ? openSession.personId : null;
    // An anonymous visitor's session (public computer, opened at the desk) has no holder to name.
    const holder = holderId ? await this.facts.person(holderId) : null;
    const { hours, booking } = context;
    return {
      answered,
      facts: { now, zone, machine, badge, person, trainings, qualifications, openSession, holder, hours, booking, membership, freeAccess, lastUses },
    };
  }

  /** A public computer's session length (the site's setting) and the waiting line (docs/free-access.md). */
  private async freeAccess(siteId: string, personId: string | null): Promise<BadgeInFacts['freeAccess']> {
    const [minutes, standing] = await Promise.all([this.sites.freeAccessMinutesOf(siteId), this.queue.standing(siteId, personId)]);
    return { minutes, ...standing };
  }
}
