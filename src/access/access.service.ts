import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { EntityManager, In, IsNull, LessThanOrEqual, Repository } from 'typeorm';
import { BookingsService } from '../bookings/bookings.service';
import { DomainEventBus } from '../common/domain-events';
import { Metrics } from '../infra/metrics/metrics';
import { MqttService } from '../infra/mqtt/mqtt.service';
import { topics } from '../infra/mqtt/topics';
import { isUniqueViolation } from '../infra/database/db-errors';
import { RealtimeService } from '../infra/realtime/realtime.service';
import type { Machine } from '../machines/entities/machine.entity';
import { MachineLiveService } from '../machines/machine-live.service';
import { MachinesService } from '../machines/machines.service';
import { MembershipStanding } from '../memberships/membership-standing';
import { alarmWord } from '../machines/machine-words';
import { PeopleService } from '../people/people.service';
import { SitesService } from '../sites/sites.service';
import { TrainingsService } from '../trainings/trainings.service';
import { MachineCommands } from '../machines/machine-commands';
import { BadgeInDecision, decideBadgeIn } from './decide-badge-in';
import { AccessDecision } from './entities/access-decision.entity';
import { ProcessedEvent } from './entities/processed-event.entity';
import { SessionEndReason, UsageSession } from './entities/usage-session.entity';
import { denialMessage } from './access-messages';
import { AccessCoordination } from './access-coordination';
import { AccessFactsCache } from './access-facts.cache';
import { AuditLog } from './audit-log';

/** What a bridge event does outside the database (realtime, live state, MQTT), once its transaction committed. */
export type AfterCommit = () => Promise<void> | void;
/** A bridge event of another feature's (jobs: job.*, cmd.ack), applied in the transaction that marks it processed. */
export type BridgeEventApplier = (em: EntityManager, machine: Machine, event: BridgeEvent) => Promise<AfterCommit | void>;
export type BridgeEvent = Record<string, unknown> & { eventId: string; type: string };
/**
 * The bridge event types (MQTT-PROTOCOL.md, Events) another feature may own; access applies
 * `session.ended`, `session.closing`, `alarm` and `offline.decision` itself.
 */
export type DelegatedBridgeEventType = 'cmd.ack' | 'job.started' | 'job.progress' | 'job.completed' | 'job.failed' | 'power.on' | 'power.off';
export type EventOutcome = 'applied' | 'duplicate';

declare module '../common/domain-events' {
  interface DomainEvents {
    /** A badge-in opened a session (not the holder back in a grace): jobs start a waiting job, plugs switch on. */
    'session.opened': { machine: Machine; sessionId: string; session: UsageSession };
    /** A session ended, on the server or at the bridge (offline ones too, once recorded): plugs, skills. */
    'session.ended': { machine: Machine; sessionId: string; reason: SessionEndReason; personId: string };
  }
}

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
  /** The bridge event types other features own, and the applier each registered (handleBridgeEvents). */
  private readonly eventAppliers = new Map<string, BridgeEventApplier>();
  /** SQLite has one connection: its transactions here run one after another. */
  private sqliteTail: Promise<unknown> = Promise.resolve();

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
    private readonly membership: MembershipStanding,
    private readonly auditLog: AuditLog,
    private readonly coordination: AccessCoordination,
    private readonly events: DomainEventBus,
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
        reply = await this.decideAndAct(siteSlug, machine, req, receivedAt, this.coordination.mayBeAnsweredElsewhere(Date.parse(req.ts), claim));
      } finally {
        await this.coordination.settleRequest(req.requestId, machine.id, claim.token, reply);
      }
    });
  }

  /** `lookBack`: the request may predate what the coordination remembers, so the audit log is read too. */
  private async decideAndAct(siteSlug: string, machineRef: Machine, req: BadgeRequest, receivedAt: number, lookBack = true) {
    const accessTopic = topics.machine(siteSlug, machineRef.slug, 'access');
    // Memory first (badges, people, trainings); the few reads that must be fresh run together.
    const machine = machineRef;
    const now = new Date();
    const { badge, person, trainings, qualifications } = await this.facts.forBadge(req.uid, machine.siteId);
    const [stored, openSession, context, zone, membership] = await Promise.all([
      // Redis (or this instance) remembers answers for 24 hours; the audit log has older ones, read
      // only for a request sent before that memory began (a statement saved on nearly every badge).
      lookBack ? this.audit.findOneBy({ requestId: req.requestId }) : null,
      this.sessions.findOneBy({ machineId: machine.id, endedAt: IsNull() }),
      this.bookings.accessContext(machine, person?.id ?? null, now),
      this.sites.zoneOf(machine.siteId),
      person ? this.membership.forUnlock(machine.siteId, person.id, now) : undefined, // memory, as the facts
    ]);
    if (stored?.reply) {
      await this.mqtt.publish(accessTopic, stored.reply);
      return stored.reply;
    }
    const holder = openSession && openSession.personId !== person?.id ? await this.facts.person(openSession.personId) : null;
    const { hours, booking } = context;
    let decision = decideBadgeIn({ now, zone, machine, badge, person, trainings, qualifications, openSession, holder, hours, booking, membership });

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
    this.realtime.toSite(machine.siteId, 'access.decision', {
      ...lastDecision,
      requestId: req.requestId,
      machineId: machine.id,
      machineName: machine.name,
      slug: machine.slug,
    });
    if (decision.decision === 'granted' && session) {
      if (!decision.renewsSessionId) this.events.emit('session.opened', { machine, sessionId: session.id, session });
      this.live.update(base, {
        lastDecision,
        holder: { personId: person!.id, displayName: person!.displayName, sessionId: session.id, until: decision.until.toISOString() },
      });
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
    await this.coordination.adoptSessions(
      open.map((s) => s.id),
      Date.now(),
    );
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
    await Promise.all(due.map((sessionId) => this.renewLease(sessionId).catch((err) => this.log.warn(`lease ${sessionId}: ${(err as Error).message}`))));
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
    const machineId = (await this.sessions.findOne({ where: { id: sessionId }, select: { machineId: true } }))?.machineId;
    // It waits for the machine's hold, so a renewal in progress is either published before it or
    // not at all. No transaction: the update alone decides, as one statement.
    const end = () => this.endSessionIn(this.sessions.manager, sessionId, reason, opts);
    const after = machineId ? await this.coordination.withMachine(machineId, end) : await end();
    if (!after) return false;
    await after();
    return true;
  }

  /**
   * Ends a session in the caller's transaction (null: it was not open). The update is the check:
   * only one caller ends a session, on any instance. The returned step tells everyone, once committed.
   */
  async endSessionIn(
    em: EntityManager,
    sessionId: string,
    reason: SessionEndReason,
    opts: { lock: boolean },
    known?: { personId: string; machine: Machine },
  ): Promise<AfterCommit | null> {
    // Who held it and where never change once a session is open: a caller that read them passes them.
    const ended = known ?? (await this.whoAndWhere(sessionId));
    const machine = ended?.machine;
    const result = await em.update(UsageSession, { id: sessionId, endedAt: IsNull() }, { endedAt: new Date(), endReason: reason });
    if (!result.affected) return null;
    const announceFree = machine ? await this.machines.freeIfInUseIn(em, machine) : null;
    return async () => {
      await this.coordination.dropRenewal(sessionId);
      await this.coordination.forgetClosing(sessionId);
      if (!machine) return;
      if (opts.lock) {
        const site = (await this.sites.findById(machine.siteId))?.slug;
        if (site) await this.commands.lock(site, machine.slug, sessionId);
      }
      announceFree!();
      this.live.update({ machineId: machine.id, siteId: machine.siteId, slug: machine.slug }, { holder: null }, 'machine.session');
      this.realtime.toSite(machine.siteId, 'session.ended', { sessionId, machineId: machine.id, reason });
      this.events.emit('session.ended', { machine, sessionId, reason, personId: ended!.personId });
    };
  }

  private transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const manager = this.sessions.manager;
    if (manager.connection.options.type !== 'better-sqlite3') return manager.transaction(work);
    const next = this.sqliteTail.then(() => manager.transaction(work));
    this.sqliteTail = next.catch(() => undefined);
    return next;
  }

  /**
   * The feature that owns these bridge event types applies them with `applier` (jobs: job.*,
   * cmd.ack), in the transaction that marks each processed. One owner per type.
   */
  handleBridgeEvents(types: readonly DelegatedBridgeEventType[], applier: BridgeEventApplier): void {
    for (const type of types) {
      if (this.eventAppliers.has(type)) throw new Error(`bridge event ${type} already has its owner`);
      this.eventAppliers.set(type, applier);
    }
  }

  isEventProcessed(eventId: string): Promise<boolean> {
    return this.sessions.manager.existsBy(ProcessedEvent, { eventId });
  }

  /**
   * Applies a bridge event once: it is marked processed in the very transaction that applies it,
   * so a failure leaves it unprocessed and its replay applies it (MQTT-PROTOCOL.md, acks). What
   * leaves the database (realtime, live state, MQTT commands) follows the commit. `hold`: under
   * the machine's hold, as anything that ends or renews a session.
   */
  async applyEventOnce(
    machine: Machine,
    eventId: string,
    type: string,
    apply: (em: EntityManager) => Promise<AfterCommit | null | void>,
    hold = false,
  ): Promise<EventOutcome> {
    const done: { after?: AfterCommit | null | void } = {};
    const run = () =>
      this.transaction(async (em) => {
        await em.insert(ProcessedEvent, { eventId, machineId: machine.id, type });
        done.after = await apply(em);
      });
    try {
      await (hold ? this.coordination.withMachine(machine.id, run) : run());
    } catch (err) {
      // Another copy committed first (two instances, a replay racing the original).
      if (isUniqueViolation(err) && (await this.isEventProcessed(eventId))) return 'duplicate';
      throw err;
    }
    // Applied and committed: a failure from here on is said, not retried.
    if (done.after)
      await Promise.resolve()
        .then(done.after)
        .catch((err) => this.log.warn(`after ${type} ${eventId}: ${(err as Error).message}`));
    return 'applied';
  }

  /** A bridge's `alarm`: the machine is to be checked, and the wall screen shows why (in words, not the code). */
  alarmAtBridge(machine: Machine, eventId: string, e: { code: string; message?: string; at: string }): Promise<EventOutcome> {
    return this.applyEventOnce(machine, eventId, 'alarm', async (em) => {
      const fresh = await this.machines.findByIdIn(em, machine.id);
      const announce = fresh ? await this.machines.changeStatusIn(em, fresh, 'to_check', alarmReason(e)) : null;
      return () => {
        // Kept before the status change, so the wall screen's tile shows the alarm with it.
        this.live.note({ machineId: machine.id, siteId: machine.siteId, slug: machine.slug }, { alarm: { code: e.code, message: e.message, at: e.at } });
        announce?.();
        this.realtime.toSite(machine.siteId, 'machine.alarm', { machineId: machine.id, slug: machine.slug, code: e.code, message: e.message, ts: e.at });
      };
    });
  }

  /** The bridge's other events (job.*, cmd.ack…): applied by the feature that owns their type, if any. */
  otherEventAtBridge(machine: Machine, event: BridgeEvent): Promise<EventOutcome> {
    const apply = this.eventAppliers.get(event.type);
    return this.applyEventOnce(machine, event.eventId, event.type, async (em) => {
      const after = apply ? await apply(em, machine, event) : undefined;
      return async () => {
        this.realtime.toSite(machine.siteId, 'machine.event', { machineId: machine.id, slug: machine.slug, ...event });
        if (after) await after();
      };
    });
  }

  /**
   * A bridge's `session.closing`: a badge-out grace started, so the lease is no longer renewed
   * until the session ends or its holder badges again. Marked under the machine's hold, so a
   * renewal in progress is published before it or not at all; marked before the commit (marking
   * again is harmless), so a failure leaves the event to its replay.
   */
  sessionClosingAtBridge(machine: Machine, eventId: string, session: UsageSession): Promise<EventOutcome> {
    return this.applyEventOnce(
      machine,
      eventId,
      'session.closing',
      async (em) => {
        const open = await em.findOneBy(UsageSession, { id: session.id, endedAt: IsNull() });
        if (open) await this.coordination.markClosing(open.id, open.until.getTime() - Date.now() + this.commands.leaseSeconds * 1000);
      },
      true,
    );
  }

  /**
   * A bridge's `session.ended`. A session the server does not know was opened at the bridge from
   * its offline allow-list: it is recorded now, from that grant, so offline use reaches usage
   * history, charges and skills like any other.
   */
  /** `session`: the row as the caller just read it (this machine's), which saves reading it again. */
  async sessionEndedAtBridge(
    machine: Machine,
    eventId: string,
    e: { sessionId: string; reason: SessionEndReason; endedAt: Date },
    session?: UsageSession | null,
  ): Promise<EventOutcome> {
    // The grant may still be on its way (replayed just before, handled by another instance): waited
    // for before the transaction, which must stay short.
    const known = session?.id === e.sessionId && session.machineId === machine.id ? { personId: session.personId, machine } : undefined;
    if (!known && !(await this.sessions.existsBy({ id: e.sessionId }))) await this.waitForOfflineGrant(machine, e);
    return this.applyEventOnce(
      machine,
      eventId,
      'session.ended',
      async (em) => {
        const ended = await this.endSessionIn(em, e.sessionId, e.reason, { lock: false }, known);
        if (ended) return ended;
        if (await em.existsBy(UsageSession, { id: e.sessionId })) return null; // ended already
        const recorded = await this.recordOfflineSessionIn(em, machine, e);
        return recorded ?? (() => this.log.warn(`session.ended for unknown session ${e.sessionId} on ${machine.slug}: no offline grant to attach it to`));
      },
      true,
    );
  }

  private async waitForOfflineGrant(machine: Machine, e: { sessionId: string; endedAt: Date }): Promise<void> {
    for (const waitMs of [0, 250, 500, 1000, 2000, 4000]) {
      await new Promise((r) => setTimeout(r, waitMs));
      const grant = await this.offlineGrantOf(this.audit.manager, machine, e);
      if (grant?.personId && (grant.sessionId === null || grant.sessionId === e.sessionId)) return;
    }
  }

  /** The offline grant the session came from: named by the bridge, else the latest unclaimed one before its end. */
  private async offlineGrantOf(em: EntityManager, machine: Machine, e: { sessionId: string; endedAt: Date }): Promise<AccessDecision | null> {
    const base = { machineId: machine.id, source: 'offline' as const, decision: 'granted' as const };
    const named = await em.findOneBy(AccessDecision, { ...base, sessionId: e.sessionId });
    if (named) return named;
    return em.findOne(AccessDecision, { where: { ...base, sessionId: IsNull(), decidedAt: LessThanOrEqual(e.endedAt) }, order: { decidedAt: 'DESC' } });
  }

  /** Records an offline session from its grant, in the caller's transaction; null when there is no grant to claim. */
  private async recordOfflineSessionIn(
    em: EntityManager,
    machine: Machine,
    e: { sessionId: string; reason: SessionEndReason; endedAt: Date },
  ): Promise<AfterCommit | null> {
    const grant = await this.offlineGrantOf(em, machine, e);
    if (!grant?.personId) return null;
    // Claims the grant, so two sessions never come from one (two instances, two replays).
    if (grant.sessionId !== e.sessionId) {
      const claimed = await em.update(AccessDecision, { id: grant.id, sessionId: IsNull() }, { sessionId: e.sessionId });
      if (!claimed.affected) return null;
    }
    const badge = await this.people.findBadgeByUid(grant.uid);
    const endedAt = e.endedAt < grant.decidedAt ? grant.decidedAt : e.endedAt;
    await em.insert(UsageSession, {
      id: e.sessionId,
      siteId: machine.siteId,
      machineId: machine.id,
      personId: grant.personId,
      badgeId: badge?.id ?? null,
      startedAt: grant.decidedAt,
      until: endedAt,
      endedAt,
      endReason: e.reason,
    });
    return () => {
      this.realtime.toSite(machine.siteId, 'session.ended', { sessionId: e.sessionId, machineId: machine.id, reason: e.reason, offline: true });
      this.events.emit('session.ended', { machine, sessionId: e.sessionId, reason: e.reason, personId: grant.personId! });
    };
  }

  /** A decision a bridge took from its offline allow-list, replayed once it could reach us. */
  async recordOfflineDecision(
    machine: Machine,
    eventId: string,
    e: { uid: string; decision: 'granted' | 'denied'; ts: string; sessionId?: string },
  ): Promise<EventOutcome> {
    const card = await this.people.findBadgeByUid(e.uid);
    // A bridge speaks for its own site: another site's card names nobody here (no name leaks).
    const badge = card?.siteId === machine.siteId ? card : null;
    const messageFr = e.decision === 'granted' ? 'Accordé hors ligne (liste signée)' : 'Refusé hors ligne';
    // Recorded already, though its processed mark may have been forgotten since (30 days).
    if (await this.audit.existsBy({ requestId: eventId })) return 'duplicate';
    return this.applyEventOnce(machine, eventId, 'offline.decision', async (em) => {
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
      return async () => {
        const person = badge ? await this.people.findPerson(badge.personId) : null;
        this.realtime.toSite(machine.siteId, 'access.decision', {
          requestId: eventId,
          machineId: machine.id,
          machineName: machine.name,
          slug: machine.slug,
          decision: e.decision,
          offline: true,
          at: e.ts,
          message: messageFr,
          displayName: person?.displayName,
        });
      };
    });
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

/** « Alarme : Porte ouverte — Porte du caisson ouverte… »: the status reason people read; an unknown code is said as sent. */
function alarmReason(e: { code: string; message?: string }): string {
  const word = alarmWord(e.code, 'fr') ?? (e.message ? null : e.code);
  const said = [...new Set([word, e.message].filter(Boolean))].join(' — ');
  return said ? `Alarme : ${said}` : 'Alarme';
}
