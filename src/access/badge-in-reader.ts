import { Injectable } from '@nestjs/common';
import { BookingsService } from '../bookings/bookings.service';
import type { Machine } from '../machines/entities/machine.entity';
import { SitesService } from '../sites/sites.service';
import { AccessFactsCache } from './access-facts.cache';
import { AuditLog } from './audit-log';
import type { BadgeInFacts } from './decide-badge-in';
import { UsageSessions } from './usage-sessions';

/**
 * Everything a badge-in decision reads, before the rule runs: memory first (badges, people,
 * trainings), and the few reads that must be fresh together (an answer already given, the open
 * session, bookings and hours, the site's zone).
 */
@Injectable()
export class BadgeInReader {
  constructor(
    private readonly facts: AccessFactsCache,
    private readonly auditLog: AuditLog,
    private readonly sessions: UsageSessions,
    private readonly bookings: BookingsService,
    private readonly sites: SitesService,
  ) {}

  /** `answered`: the reply already given to this request (then the facts are not needed). */
  async read(machine: Machine, uid: string, requestId: string, now: Date): Promise<{ answered: Record<string, unknown> | null; facts: BadgeInFacts }> {
    const { badge, person, trainings, qualifications } = await this.facts.forBadge(uid, machine.siteId);
    const [answered, openSession, context, zone] = await Promise.all([
      this.auditLog.replyTo(requestId),
      this.sessions.openOn(machine.id),
      this.bookings.accessContext(machine, person?.id ?? null, now),
      this.sites.zoneOf(machine.siteId),
    ]);
    const holder = !answered && openSession && openSession.personId !== person?.id ? await this.facts.person(openSession.personId) : null;
    const { hours, booking } = context;
    return { answered, facts: { now, zone, machine, badge, person, trainings, qualifications, openSession, holder, hours, booking } };
  }
}
