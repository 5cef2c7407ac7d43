import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Between, In, IsNull, LessThan, MoreThan, Not, Repository } from 'typeorm';
import { AccessDecision } from './entities/access-decision.entity';
import { UsageSession } from './entities/usage-session.entity';

/**
 * What other features read of access (usage sessions, the latest decisions), in whole-site or
 * whole-period queries. Never writes: sessions are opened by the badge-in path (AccessService) and ended by UsageSessions.
 */
@Injectable()
export class AccessReadService {
  constructor(
    @InjectRepository(UsageSession) private readonly sessions: Repository<UsageSession>,
    @InjectRepository(AccessDecision) private readonly decisions: Repository<AccessDecision>,
  ) {}

  /** One session by id (a charge computed when it ends). */
  sessionById(id: string): Promise<UsageSession | null> {
    return this.sessions.findOneBy({ id });
  }

  /** The session open on a machine, if any (at most one). */
  openSessionOn(machineId: string): Promise<UsageSession | null> {
    return this.sessions.findOneBy({ machineId, endedAt: IsNull() });
  }

  openSessionsOfSite(siteId: string): Promise<UsageSession[]> {
    return this.sessions.find({ where: { siteId, endedAt: IsNull() } });
  }

  /** A person's latest sessions on a machine that started before `before`, newest first. */
  latestSessionsOf(personId: string, machineId: string, before: Date, take: number): Promise<UsageSession[]> {
    return this.sessions.find({ where: { personId, machineId, startedAt: LessThan(before) }, order: { startedAt: 'DESC' }, take });
  }

  /** Ended sessions of a site (of one person if given) started within [from, to], oldest first. */
  endedSessionsBetween(siteId: string, from: Date, to: Date, personId?: string): Promise<UsageSession[]> {
    const who = personId ? { personId } : {};
    return this.sessions.find({ where: { siteId, ...who, startedAt: Between(from, to), endedAt: Not(IsNull()) }, order: { startedAt: 'ASC' } });
  }

  /** Sessions on a machine still open or ended after `since` (hours of use since a date), oldest first. */
  sessionsOnSince(machineId: string, since: Date): Promise<UsageSession[]> {
    return this.sessions.find({
      where: [
        { machineId, endedAt: MoreThan(since) },
        { machineId, endedAt: IsNull() },
      ],
      order: { startedAt: 'ASC' },
    });
  }

  /** Sessions on these machines started within [from, to], open or ended (free-access counts). */
  sessionsOnMachinesBetween(machineIds: string[], from: Date, to: Date): Promise<UsageSession[]> {
    if (!machineIds.length) return Promise.resolve([]);
    return this.sessions.find({ where: { machineId: In(machineIds), startedAt: Between(from, to) } });
  }

  /**
   * The latest session start per person and machine of a site (of one person if given), in one
   * grouped query: when each last used each machine (trainings that lapse when unused).
   */
  async lastUses(siteId: string, personId?: string): Promise<Array<{ personId: string; machineId: string; at: Date }>> {
    const qb = this.sessions
      .createQueryBuilder('s')
      .select('s.personId', 'personId')
      .addSelect('s.machineId', 'machineId')
      .addSelect('MAX(s.startedAt)', 'at')
      .where('s.siteId = :siteId', { siteId })
      .andWhere('s.personId IS NOT NULL') // an anonymous visitor's session at a public computer
      .groupBy('s.personId')
      .addGroupBy('s.machineId');
    if (personId) qb.andWhere('s.personId = :personId', { personId });
    const rows = await qb.getRawMany<{ personId: string; machineId: string; at: string | Date }>();
    // SQLite gives the stored text back, PostgreSQL a Date.
    return rows.map((r) => ({
      personId: r.personId,
      machineId: r.machineId,
      at: r.at instanceof Date ? r.at : new Date(String(r.at).replace(' ', 'T') + (String(r.at).endsWith('Z') ? '' : 'Z')),
    }));
  }

  latestDecisions(siteId: string, take: number): Promise<AccessDecision[]> {
    return this.decisions.find({ where: { siteId }, order: { decidedAt: 'DESC' }, take });
  }
}
