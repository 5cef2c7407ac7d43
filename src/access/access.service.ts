import { EventEmitter } from 'node:events';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { In, IsNull, LessThanOrEqual, Repository } from 'typeorm';
import { BookingsService } from '../bookings/bookings.service';
import { Metrics } from '../infra/metrics/metrics';
import { MqttService } from '../infra/mqtt/mqtt.service';
import { topics } from '../infra/mqtt/topics';
import { isUniqueViolation } from '../infra/database/db-errors';
import { RealtimeService } from '../infra/realtime/realtime.service';
import type { Machine } from '../machines/entities/machine.entity';
import { MachineLiveService } from '../machines/machine-live.service';
import { MachinesService } from '../machines/machines.service';
import { PeopleService } from '../people/people.service';
import { SitesService } from '../sites/sites.service';
import { TrainingsService } from '../trainings/trainings.service';
import { MachineCommands } from './commands';
import { BadgeInDecision, decideBadgeIn } from './decide-badge-in';
import { AccessDecision } from './entities/access-decision.entity';
import { ProcessedEvent } from './entities/processed-event.entity';
import { SessionEndReason, UsageSession } from './entities/usage-session.entity';
import { denialMessage } from './access-messages';
import { AccessCoordination } from './access-coordination';
import { AccessFactsCache } from './access-facts.cache';
import { AuditLog } from './audit-log';

export interface BadgeRequest {
  requestId: string;
  uid: string;
  ts: string;
}

/**
 * Open sessions the lease schedule may have lost (Redis emptied, or out of reach: then this
 * instance's own schedule takes them) are looked for this often — well within a lease, so a
 * session renewed just before Redis went away is renewed again before its lease runs out.
 */
const ADOPT_EVERY_MS = 15_000;

/**
 * Badge-in decisions, usage sessions and their audit (ARCHITECTURE.md, "Flows that must stay short").
 * One machine's requests are handled one at a time across all instances (AccessCoordination), in
 * arrival order on each; leases are renewed by whichever instance takes the renewal when it is due.
 */
@Injectable()
export class AccessService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('Access');
  private readonly machineQueues = new Map<string, Promise<unknown>>();
  private timers: NodeJS.Timeout[] = [];
  /** 'opened' (machine, sessionId, session) and 'ended' (machine, sessionId, reason, personId) for
   *  what follows sessions (smart plugs, jobs, skills);
   *  'machine.event' (machine, payload) for the bridge's other events (job.*, cmd.ack), once each. */
  readonly sessionEvents = new EventEmitter();

  constructor(
    @InjectRepository(UsageSession) private readonly sessions: Repository<UsageSession>,
    @InjectRepository(AccessDecision) private readonly audit: Repository<AccessDecision>,
    private readonly machines: MachinesService,
    private readonly people: PeopleService,
    private readonly trainings: TrainingsService,
    private readonly sites: SitesService,
    private readonly mqtt: MqttService,
    private readonly commands: MachineCommands,
    private readonly realtime: RealtimeService,
    private readonly live: MachineLiveService,
    private readonly metrics: Metrics,
    private readonly bookings: BookingsService,
    private readonly facts: AccessFactsCache,
    private readonly auditLog: AuditLog,
    private readonly coordination: AccessCoordination,
  ) {}

  /**
   * Open sessions survive a restart and the death of the instance that opened them: their
   * renewals stay scheduled in Redis, where any instance takes them when due.
   */
  async onApplicationBootstrap(): Promise<void> {
    await this.adoptOpenSessions();
    const every = (ms: number, work: () => Promise<void>) => {
      const timer = setInterval(() => void work().catch((err) => this.log.warn(`leases: ${(err as Error).message}`)), ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(this.tickMs, () => this.renewDueLeases());
    every(ADOPT_EVERY_MS, () => this.adoptOpenSessions());
  }

  onModuleDestroy(): void {
    this.timers.forEach(clearInterval);
  }

  private get renewEveryMs(): number {
    return (this.commands.leaseSeconds * 1000) / 2;
  }

  /** Renewals are looked for often enough to keep each interval within the contract's ±10 %. */
  private get tickMs(): number {
    return Math.max(250, Math.min(1000, this.renewEveryMs / 20));
  }

  /** Serializes work per machine on this instance, so its badges keep their arrival order. */
  private serial<T>(machineId: string, work: () => Promise<T>): Promise<T> {
    const prev = this.machineQueues.get(machineId) ?? Promise.resolve();
    const next = prev.then(work, work);
    const tail = next.catch(() => undefined);
    this.machineQueues.set(machineId, tail);
    void tail.then(() => this.machineQueues.get(machineId) === tail && this.machineQueues.delete(machineId));
    return next;
  }

  async handleBadge(siteSlug: string, machine: Machine, req: BadgeRequest, receivedAt = performance.now()): Promise<void> {
    await this.serial(machine.id, async () => {
      const claim = await this.coordination.claimRequest(req.requestId, machine.id);
      if (claim.kind === 'known') {
        // A copy, on whichever instance: same answer again, nothing opened (MQTT-PROTOCOL.md, idempotent requests).
        await this.mqtt.publish(topics.machine(siteSlug, machine.slug, 'access'), claim.reply);
        return;
      }
      let reply: Record<string, unknown> | null = null;
      try {
        reply = await this.decideAndAct(siteSlug, machine, req, receivedAt);
      } finally {
        await this.coordination.settleRequest(req.requestId, machine.id, claim.token, reply);
      }
    });
  }

  private async decideAndAct(siteSlug: string, machineRef: Machine, req: BadgeRequest, receivedAt: number) {
    const accessTopic = topics.machine(siteSlug, machineRef.slug, 'access');
    // Memory first (badges, people, trainings); the few reads that must be fresh run together.
    const machine = machineRef;
    const now = new Date();
    const { badge, person, trainings, qualifications } = await this.facts.forBadge(req.uid, machine.siteId);
    const [stored, openSession, context, zone] = await Promise.all([
      // Redis remembers answers for 24 hours; the audit log still has them if Redis was emptied.
      this.audit.findOneBy({ requestId: req.requestId }),
      this.sessions.findOneBy({ machineId: machine.id, endedAt: IsNull() }),
      this.bookings.accessContext(machine, person?.id ?? null, now),
      this.sites.zoneOf(machine.siteId),
    ]);
    if (stored?.reply) {
      await this.mqtt.publish(accessTopic, stored.reply);
      return stored.reply;
    }
    const holder = openSession && openSession.personId !== person?.id ? await this.facts.person(openSession.personId) : null;
    const { hours, booking } = context;
    let decision = decideBadgeIn({ now, zone, machine, badge, person, trainings, qualifications, openSession, holder, hours, booking });

    let session: UsageSession | null = null;
    if (decision.decision === 'granted') {
      session = decision.renewsSessionId ? openSession : await this.openSession(machine, decision, badge!.id, now);
      if (!session) {
        decision = { decision: 'denied', reason: 'machine_in_use', message: denialMessage('machine_in_use', {}, zone), person, endsSessionId: null };
      }
    }

    const sessionId = session?.id ?? null;
    const reply: Record<string, unknown> =
      decision.decision === 'granted'
        ? {
            requestId: req.requestId,
            decision: 'granted',
            sessionId,
            until: decision.until.toISOString(),
            person: { displayName: decision.person.displayName },
            message: decision.message,
          }
        : { requestId: req.requestId, decision: 'denied', reason: decision.reason, message: decision.message };

    await this.mqtt.publish(accessTopic, reply);
    if (decision.decision === 'granted') {
      // The holder back during a badge-out grace: the same session goes on, and so do its renewals.
      if (decision.renewsSessionId) await this.coordination.forgetClosing(sessionId!);
      await this.commands.unlock(siteSlug, machine.slug, sessionId!);
      await this.coordination.scheduleRenewal(sessionId!, this.nextRenewalAt(decision.until));
    }
    this.metrics.decisionSeconds.observe((performance.now() - receivedAt) / 1000);
    this.metrics.accessDecisions.inc({ decision: decision.decision, reason: decision.decision === 'denied' ? decision.reason : '' });

    // Slow work after the reply: audit, live view, sessions the re-check ended.
    void this.afterDecision(siteSlug, machine, req, decision, session, reply, now);
    return reply;
  }

  private async openSession(machine: Machine, decision: Extract<BadgeInDecision, { decision: 'granted' }>, badgeId: string, now: Date) {
    const session = this.sessions.create({
      id: randomUUID(),
      siteId: machine.siteId,
      machineId: machine.id,
      personId: decision.person.id,
      badgeId,
      startedAt: now,
      until: decision.until,
      endedAt: null,
      endReason: null,
    });
    try {
      await this.sessions.insert(session);
      return session;
    } catch (err) {
      if (isUniqueViolation(err)) return null; // another instance opened one first
      throw err;
    }
  }

  private async afterDecision(
    siteSlug: string,
    machine: Machine,
    req: BadgeRequest,
    decision: BadgeInDecision,
    session: UsageSession | null,
    reply: Record<string, unknown>,
    now: Date,
  ) {
    const sessionId = session?.id ?? null;
    this.auditLog.write({
      siteId: machine.siteId,
      machineId: machine.id,
      requestId: req.requestId,
      uid: req.uid,
      personId: decision.person?.id ?? null,
      decision: decision.decision,
      reason: decision.decision === 'denied' ? decision.reason : null,
      sessionId,
      source: 'server',
      messageFr: decision.message.fr,
      decidedAt: now,
      reply: reply as never,
    });
    const person = decision.person;
    const lastDecision = {
      decision: decision.decision,
      reason: decision.decision === 'denied' ? decision.reason : undefined,
      displayName: person?.displayName,
      message: decision.message.fr,
      at: now.toISOString(),
    };
    const base = { machineId: machine.id, siteId: machine.siteId, slug: machine.slug };
    this.realtime.toSite(machine.siteId, 'access.decision', { ...lastDecision, requestId: req.requestId, machineId: machine.id, machineName: machine.name, slug: machine.slug });
    if (decision.decision === 'granted' && session) {
      if (!decision.renewsSessionId) this.sessionEvents.emit('opened', machine, session.id, session);
      this.live.update(base, { lastDecision, holder: { personId: person!.id, displayName: person!.displayName, sessionId: session.id, until: decision.until.toISOString() } });
      if (machine.status === 'free' || machine.status === 'reserved') await this.machines.changeStatus(machine, 'in_use', null);
    } else {
      this.live.update(base, { lastDecision });
      if (decision.decision === 'denied' && decision.endsSessionId) {
        await this.endSession(decision.endsSessionId, 'denied_recheck', { lock: true });
      }
    }
  }

  /** The next renewal, or the session's end if that comes first. */
  private nextRenewalAt(until: Date, now = Date.now()): number {
    return Math.min(now + this.renewEveryMs, until.getTime());
  }

  /** Open sessions the schedule does not know are renewed at once (Redis emptied, or a restart). */
  private async adoptOpenSessions(): Promise<void> {
    const open = await this.sessions.find({ where: { endedAt: IsNull() }, select: { id: true } });
    await this.coordination.adoptSessions(open.map((s) => s.id), Date.now());
  }

  /** The open sessions on these machines are renewed at the next look (a bridge came back). */
  async renewSoon(machineIds: string[]): Promise<void> {
    if (!machineIds.length) return;
    const open = await this.sessions.find({ where: { machineId: In(machineIds), endedAt: IsNull() }, select: { id: true } });
    for (const s of open) await this.coordination.rescheduleRenewal(s.id, Date.now());
  }

  /** Unlock is a lease: renewed every leaseSeconds/2 while the session is open; ended at `until`. */
  private async renewDueLeases(): Promise<void> {
    const due = await this.coordination.claimDueRenewals(Date.now());
    await Promise.all(
      due.map((sessionId) =>
        this.renewLease(sessionId).catch((err) => this.log.warn(`lease ${sessionId}: ${(err as Error).message}`)),
      ),
    );
  }

  private async renewLease(sessionId: string): Promise<void> {
    const session = await this.sessions.findOneBy({ id: sessionId });
    if (!session || session.endedAt) return this.coordination.dropRenewal(sessionId);
    if (session.until.getTime() <= Date.now()) {
      await this.endSession(sessionId, 'expired', { lock: true });
      return;
    }
    const machine = await this.machines.findById(session.machineId);
    const site = machine && (await this.sites.findById(machine.siteId));
    if (!machine || !site) return this.coordination.dropRenewal(sessionId);
    // Checked again while holding the machine: an end, on any instance, waits for the same hold,
    // so no unlock ever leaves for a session the database has ended.
    const renewed = await this.coordination.withMachine(machine.id, async () => {
      const still = await this.sessions.exists({ where: { id: sessionId, endedAt: IsNull() } });
      // A session its bridge is closing is not renewed; it stays scheduled so that it still
      // expires at `until` if its end never comes (bridge lost).
      if (still && !(await this.coordination.isClosing(sessionId))) await this.commands.unlock(site.slug, machine.slug, sessionId);
      return still;
    });
    if (renewed) await this.coordination.rescheduleRenewal(sessionId, this.nextRenewalAt(session.until));
    else await this.coordination.dropRenewal(sessionId);
  }

  /** Ends a session once; `lock` when the server ends it (the bridge ended it otherwise). */
  async endSession(sessionId: string, reason: SessionEndReason, opts: { lock: boolean }): Promise<boolean> {
    const ended = await this.whoAndWhere(sessionId);
    const machine = ended?.machine;
    // The update is the check: only one caller ends a session, on any instance. It waits for the
    // machine's hold, so a renewal in progress is either published before it or not at all.
    const end = () => this.sessions.update({ id: sessionId, endedAt: IsNull() }, { endedAt: new Date(), endReason: reason });
    const result = machine ? await this.coordination.withMachine(machine.id, end) : await end();
    if (!result.affected) return false;
    await this.coordination.dropRenewal(sessionId);
    await this.coordination.forgetClosing(sessionId);
    if (!machine) return true;
    if (opts.lock) {
      const site = (await this.sites.findById(machine.siteId))?.slug;
      if (site) await this.commands.lock(site, machine.slug, sessionId);
    }
    await this.machines.freeIfInUse(machine);
    this.live.update({ machineId: machine.id, siteId: machine.siteId, slug: machine.slug }, { holder: null }, 'machine.session');
    this.realtime.toSite(machine.siteId, 'session.ended', { sessionId, machineId: machine.id, reason });
    this.sessionEvents.emit('ended', machine, sessionId, reason, ended!.personId);
    return true;
  }

  /**
   * A bridge's `session.closing`: a badge-out grace started, so the lease is no longer renewed
   * until the session ends or its holder badges again. Marked under the machine's hold, so a
   * renewal in progress is published before it or not at all.
   */
  async sessionClosingAtBridge(session: UsageSession): Promise<void> {
    await this.coordination.withMachine(session.machineId, async () => {
      const open = await this.sessions.findOneBy({ id: session.id, endedAt: IsNull() });
      if (!open) return;
      await this.coordination.markClosing(open.id, open.until.getTime() - Date.now() + this.commands.leaseSeconds * 1000);
    });
  }

  /**
   * A bridge's `session.ended`. A session the server does not know was opened at the bridge from
   * its offline allow-list: it is recorded now, from that grant, so offline use reaches usage
   * history, charges and skills like any other.
   */
  async sessionEndedAtBridge(machine: Machine, e: { sessionId: string; reason: SessionEndReason; endedAt: Date }): Promise<void> {
    if (await this.endSession(e.sessionId, e.reason, { lock: false })) return;
    if (await this.sessions.existsBy({ id: e.sessionId })) return; // ended already
    // The grant may still be on its way (replayed just before, handled by another instance).
    for (const waitMs of [0, 250, 500, 1000, 2000, 4000]) {
      await new Promise((r) => setTimeout(r, waitMs));
      if (await this.recordOfflineSession(machine, e)) return;
    }
    this.log.warn(`session.ended for unknown session ${e.sessionId} on ${machine.slug}: no offline grant to attach it to`);
  }

  /** The offline grant the session came from: named by the bridge, else the latest unclaimed one before its end. */
  private async offlineGrantOf(machine: Machine, e: { sessionId: string; endedAt: Date }): Promise<AccessDecision | null> {
    const base = { machineId: machine.id, source: 'offline' as const, decision: 'granted' as const };
    const named = await this.audit.findOneBy({ ...base, sessionId: e.sessionId });
    if (named) return named;
    return this.audit.findOne({ where: { ...base, sessionId: IsNull(), decidedAt: LessThanOrEqual(e.endedAt) }, order: { decidedAt: 'DESC' } });
  }

  private async recordOfflineSession(machine: Machine, e: { sessionId: string; reason: SessionEndReason; endedAt: Date }): Promise<boolean> {
    const grant = await this.offlineGrantOf(machine, e);
    if (!grant?.personId) return false;
    // Claims the grant, so two sessions never come from one (two instances, two replays).
    if (grant.sessionId !== e.sessionId) {
      const claimed = await this.audit.update({ id: grant.id, sessionId: IsNull() }, { sessionId: e.sessionId });
      if (!claimed.affected) return false;
    }
    const badge = await this.people.findBadgeByUid(grant.uid);
    const endedAt = e.endedAt < grant.decidedAt ? grant.decidedAt : e.endedAt;
    try {
      await this.sessions.insert({
        id: e.sessionId, siteId: machine.siteId, machineId: machine.id, personId: grant.personId, badgeId: badge?.id ?? null,
        startedAt: grant.decidedAt, until: endedAt, endedAt, endReason: e.reason,
      });
    } catch (err) {
      if (isUniqueViolation(err)) return true; // recorded by another copy meanwhile
      throw err;
    }
    this.realtime.toSite(machine.siteId, 'session.ended', { sessionId: e.sessionId, machineId: machine.id, reason: e.reason, offline: true });
    this.sessionEvents.emit('ended', machine, e.sessionId, e.reason, grant.personId);
    return true;
  }

  /**
   * A decision a bridge took from its offline allow-list, replayed once it could reach us. The event
   * is marked processed in the same transaction that records it, so a failure leaves it to its replay;
   * false when it was already recorded.
   */
  async recordOfflineDecision(machine: Machine, eventId: string, e: { uid: string; decision: 'granted' | 'denied'; ts: string; sessionId?: string }): Promise<boolean> {
    const card = await this.people.findBadgeByUid(e.uid);
    // A bridge speaks for its own site: another site's card names nobody here (no name leaks).
    const badge = card?.siteId === machine.siteId ? card : null;
    const messageFr = e.decision === 'granted' ? 'Accordé hors ligne (liste signée)' : 'Refusé hors ligne';
    try {
      await this.audit.manager.transaction(async (em) => {
        await em.insert(ProcessedEvent, { eventId, machineId: machine.id, type: 'offline.decision' });
        await em.insert(AccessDecision, {
          siteId: machine.siteId,
          machineId: machine.id,
          requestId: eventId,
          uid: e.uid,
          personId: badge?.personId ?? null,
          decision: e.decision,
          reason: e.decision === 'denied' ? 'offline' : null,
          sessionId: e.decision === 'granted' ? (e.sessionId ?? null) : null,
          source: 'offline',
          messageFr,
          decidedAt: new Date(e.ts),
          reply: null,
        });
      });
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
    const person = badge ? await this.people.findPerson(badge.personId) : null;
    this.realtime.toSite(machine.siteId, 'access.decision', {
      requestId: eventId, machineId: machine.id, machineName: machine.name, slug: machine.slug, decision: e.decision, offline: true, at: e.ts,
      message: messageFr, displayName: person?.displayName,
    });
    return true;
  }

  recentDecisions(siteId: string | null, limit = 50): Promise<AccessDecision[]> {
    return this.audit.find({ where: siteId ? { siteId } : {}, order: { decidedAt: 'DESC' }, take: limit });
  }

  openSessions(siteId: string | null): Promise<UsageSession[]> {
    return this.sessions.find({ where: { endedAt: IsNull(), ...(siteId ? { siteId } : {}) }, order: { startedAt: 'DESC' } });
  }

  /** The person and machine of a session. */
  private async whoAndWhere(sessionId: string): Promise<{ personId: string; machine: Machine | null } | null> {
    const session = await this.sessions.findOne({ where: { id: sessionId }, select: { machineId: true, personId: true } });
    return session ? { personId: session.personId, machine: await this.machines.findById(session.machineId) } : null;
  }

  findSession(id: string): Promise<UsageSession | null> {
    return this.sessions.findOneBy({ id });
  }
}
