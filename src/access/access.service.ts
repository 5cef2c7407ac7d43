import { EventEmitter } from 'node:events';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { IsNull, Repository } from 'typeorm';
import { BookingsService } from '../bookings/bookings.service';
import { Metrics } from '../infra/metrics/metrics';
import { MqttService } from '../infra/mqtt/mqtt.service';
import { topics } from '../infra/mqtt/topics';
import { isUniqueViolation } from '../infra/database/db-errors';
import { RealtimeService } from '../infra/realtime/realtime.service';
import { Machine } from '../machines/entities/machine.entity';
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
import { AccessFactsCache } from './access-facts.cache';
import { AuditLog } from './audit-log';

export interface BadgeRequest {
  requestId: string;
  uid: string;
  ts: string;
}

interface OpenLease {
  sessionId: string;
  personId: string;
  siteSlug: string;
  machine: Machine;
  until: number;
  nextRenewalAt: number;
}

const REMEMBER_MS = 24 * 3600_000;

/**
 * Badge-in decisions, usage sessions and their audit (ARCHITECTURE.md, "Flows that must stay short").
 * One machine's requests are handled one at a time, in arrival order.
 */
@Injectable()
export class AccessService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('Access');
  /** requestId → the reply already published (or being decided), remembered 24 hours. */
  private readonly answered = new Map<string, { at: number; reply: Promise<Record<string, unknown>> }>();
  private readonly machineQueues = new Map<string, Promise<unknown>>();
  private readonly leases = new Map<string, OpenLease>();
  private timer?: NodeJS.Timeout;
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
  ) {}

  /** Open sessions survive a restart: their leases are renewed again from here. */
  async onApplicationBootstrap(): Promise<void> {
    const open = await this.sessions.findBy({ endedAt: IsNull() });
    for (const s of open) {
      const machine = await this.machines.findById(s.machineId);
      const site = machine && (await this.sites.findById(machine.siteId));
      if (machine && site) this.trackLease(s, site.slug, machine);
    }
    this.timer = setInterval(() => void this.tickLeases(), 1000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  private readonly startedAt = Date.now();

  /**
   * Only a request sent before this process started can have been answered by an earlier one (the
   * audit log keeps those answers); newer copies are caught in memory. Five minutes of margin
   * cover bridges whose clock runs late. A copy that slips through is harmless anyway: its holder
   * gets the same session renewed, and the audit row is unique by request id.
   */
  private mayBeAnsweredBefore(req: BadgeRequest): boolean {
    return Date.parse(req.ts) < this.startedAt + 5 * 60_000;
  }

  /** Serializes work per machine so two badges at once cannot both win it. */
  private serial<T>(machineId: string, work: () => Promise<T>): Promise<T> {
    const prev = this.machineQueues.get(machineId) ?? Promise.resolve();
    const next = prev.then(work, work);
    const tail = next.catch(() => undefined);
    this.machineQueues.set(machineId, tail);
    void tail.then(() => this.machineQueues.get(machineId) === tail && this.machineQueues.delete(machineId));
    return next;
  }

  async handleBadge(siteSlug: string, machine: Machine, req: BadgeRequest, receivedAt = performance.now()): Promise<void> {
    const accessTopic = topics.machine(siteSlug, machine.slug, 'access');
    const known = this.answered.get(req.requestId);
    if (known) {
      // A QoS 1 copy: same answer again, nothing opened (MQTT-PROTOCOL.md, idempotent requests).
      await this.mqtt.publish(accessTopic, await known.reply);
      return;
    }
    const replyPromise = this.serial(machine.id, () => this.decideAndAct(siteSlug, machine, req, receivedAt));
    this.answered.set(req.requestId, { at: Date.now(), reply: replyPromise });
    try {
      await replyPromise;
    } catch (err) {
      this.answered.delete(req.requestId);
      throw err;
    }
  }

  private async decideAndAct(siteSlug: string, machineRef: Machine, req: BadgeRequest, receivedAt: number) {
    const accessTopic = topics.machine(siteSlug, machineRef.slug, 'access');
    // Memory first (badges, people, trainings); the few reads that must be fresh run together.
    const machine = machineRef;
    const now = new Date();
    const { badge, person, trainings, qualifications } = await this.facts.forBadge(req.uid, machine.siteId);
    const [stored, openSession, context] = await Promise.all([
      this.mayBeAnsweredBefore(req) ? this.audit.findOneBy({ requestId: req.requestId }) : null,
      this.sessions.findOneBy({ machineId: machine.id, endedAt: IsNull() }),
      this.bookings.accessContext(machine, person?.id ?? null, now),
    ]);
    if (stored?.reply) {
      await this.mqtt.publish(accessTopic, stored.reply);
      return stored.reply;
    }
    const holder = openSession && openSession.personId !== person?.id ? await this.facts.person(openSession.personId) : null;
    const { hours, booking } = context;
    let decision = decideBadgeIn({ now, machine, badge, person, trainings, qualifications, openSession, holder, hours, booking });

    let session: UsageSession | null = null;
    if (decision.decision === 'granted') {
      session = decision.renewsSessionId ? openSession : await this.openSession(machine, decision, badge!.id, now);
      if (!session) {
        decision = { decision: 'denied', reason: 'machine_in_use', message: denialMessage('machine_in_use'), person, endsSessionId: null };
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
    if (decision.decision === 'granted') await this.commands.unlock(siteSlug, machine.slug, sessionId!);
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
      this.trackLease(session, siteSlug, machine);
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

  private trackLease(session: UsageSession, siteSlug: string, machine: Machine) {
    const half = (this.commands.leaseSeconds * 1000) / 2;
    const existing = this.leases.get(session.id);
    this.leases.set(session.id, {
      sessionId: session.id,
      personId: session.personId,
      siteSlug,
      machine,
      until: session.until.getTime(),
      nextRenewalAt: existing?.nextRenewalAt ?? Date.now() + half,
    });
  }

  /** Unlock is a lease: renewed every leaseSeconds/2 while the session is open; ended at `until`. */
  private async tickLeases() {
    const now = Date.now();
    const half = (this.commands.leaseSeconds * 1000) / 2;
    for (const lease of this.leases.values()) {
      try {
        if (lease.until <= now) {
          await this.endSession(lease.sessionId, 'expired', { lock: true });
        } else if (lease.nextRenewalAt <= now) {
          lease.nextRenewalAt = now + half;
          await this.commands.unlock(lease.siteSlug, lease.machine.slug, lease.sessionId);
        }
      } catch (err) {
        this.log.warn(`lease ${lease.sessionId}: ${(err as Error).message}`);
      }
    }
  }

  /** Ends a session once; `lock` when the server ends it (the bridge ended it otherwise). */
  async endSession(sessionId: string, reason: SessionEndReason, opts: { lock: boolean }): Promise<boolean> {
    // The update is the check: only one caller ends a session, on any instance.
    const result = await this.sessions.update({ id: sessionId, endedAt: IsNull() }, { endedAt: new Date(), endReason: reason });
    if (!result.affected) return false;
    const lease = this.leases.get(sessionId);
    this.leases.delete(sessionId);
    const ended = lease ?? (await this.whoAndWhere(sessionId));
    const machine = ended?.machine;
    if (!machine) return true;
    if (opts.lock) {
      const site = lease?.siteSlug ?? (await this.sites.findById(machine.siteId))?.slug;
      if (site) await this.commands.lock(site, machine.slug, sessionId);
    }
    await this.machines.freeIfInUse(machine);
    this.live.update({ machineId: machine.id, siteId: machine.siteId, slug: machine.slug }, { holder: null }, 'machine.session');
    this.realtime.toSite(machine.siteId, 'session.ended', { sessionId, machineId: machine.id, reason });
    this.sessionEvents.emit('ended', machine, sessionId, reason, ended.personId);
    return true;
  }

  /**
   * A decision a bridge took from its offline allow-list, replayed once it could reach us. The event
   * is marked processed in the same transaction that records it, so a failure leaves it to its replay;
   * false when it was already recorded.
   */
  async recordOfflineDecision(machine: Machine, eventId: string, e: { uid: string; decision: 'granted' | 'denied'; ts: string }): Promise<boolean> {
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
          sessionId: null,
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

  /** Forgets request ids older than 24 hours. */
  forgetOldRequests(): number {
    const limit = Date.now() - REMEMBER_MS;
    let n = 0;
    for (const [id, v] of this.answered) if (v.at < limit && this.answered.delete(id)) n++;
    return n;
  }

  recentDecisions(siteId: string | null, limit = 50): Promise<AccessDecision[]> {
    return this.audit.find({ where: siteId ? { siteId } : {}, order: { decidedAt: 'DESC' }, take: limit });
  }

  openSessions(siteId: string | null): Promise<UsageSession[]> {
    return this.sessions.find({ where: { endedAt: IsNull(), ...(siteId ? { siteId } : {}) }, order: { startedAt: 'DESC' } });
  }

  /** The person and machine of a session this instance does not hold a lease for. */
  private async whoAndWhere(sessionId: string): Promise<{ personId: string; machine: Machine | null } | null> {
    const session = await this.sessions.findOne({ where: { id: sessionId }, select: { machineId: true, personId: true } });
    return session ? { personId: session.personId, machine: await this.machines.findById(session.machineId) } : null;
  }

  findSession(id: string): Promise<UsageSession | null> {
    return this.sessions.findOneBy({ id });
  }
}
