import { Injectable } from '@nestjs/common';
import { BookingsService } from '../bookings/bookings.service';
import type { Machine } from '../machines/entities/machine.entity';
import { MembershipStanding } from '../memberships/membership-standing';
import { SitesService } from '../sites/sites.service';
import { AccessFactsCache } from './access-facts.cache';
import { AuditLog } from './audit-log';
import type { BadgeInFacts } from './decide-badge-in';
import { UsageSessions } from './usage-sessions';
import { AccessReadService } from './access-read.service';
import { MachinesService } from '../machines/machines.service';
import type { Qualification } from '../trainings/entities/qualification.entity';
import type { Training } from '../trainings/entities/training.entity';
import type { LastUse } from '../trainings/lapse';
import { trainingCovers } from '../trainings/trainings.service';

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
    private readonly reads: AccessReadService,
    private readonly machines: MachinesService,
  ) {}

  /**
   * The person's last session on each machine of the site, only when a training covering this
   * machine lapses when unused and the person holds it (one grouped query, and the site's machines
   * for their types); otherwise nothing is read.
   */
  private async lastUses(machine: Machine, personId: string, trainings: Training[], qualifications: Qualification[]): Promise<LastUse[] | undefined> {
    const lapsing = trainings.filter((t) => t.lapseMonths && trainingCovers(t, machine) && qualifications.some((q) => q.trainingId === t.id));
    if (!lapsing.length) return undefined;
    const [uses, machines] = await Promise.all([this.reads.lastUses(machine.siteId, personId), this.machines.ofSite(machine.siteId)]);
    const types = new Map(machines.map((m) => [m.id, m.type as string]));
    return uses.map((u) => ({ ...u, machineType: types.get(u.machineId) ?? '' }));
  }

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
    const [answered, openSession, context, zone, membership] = await Promise.all([
      // Redis (or this instance) remembers answers for 24 hours; the audit log has older ones, read
      // only for a request sent before that memory began (a statement saved on nearly every badge).
      lookBack ? this.auditLog.replyTo(requestId) : null,
      this.sessions.openOn(machine.id),
      this.bookings.accessContext(machine, person?.id ?? null, now),
      this.sites.zoneOf(machine.siteId),
      person ? this.membership.forUnlock(machine.siteId, person.id, now) : undefined, // memory, as the facts
    ]);
    const lastUses = !answered && person ? await this.lastUses(machine, person.id, trainings, qualifications) : undefined;
    const holder = !answered && openSession && openSession.personId !== person?.id ? await this.facts.person(openSession.personId) : null;
    const { hours, booking } = context;
    return { answered, facts: { now, zone, machine, badge, person, trainings, qualifications, openSession, holder, hours, booking, membership, lastUses } };
  }
}
