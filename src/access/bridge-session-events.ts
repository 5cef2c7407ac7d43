import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, LessThanOrEqual, Repository } from 'typeorm';
import { TurnBatch } from '../infra/database/turn-batch';
import { RealtimeService } from '../infra/realtime/realtime.service';
import type { Machine } from '../machines/entities/machine.entity';
import { PeopleService } from '../people/people.service';
import { AccessCoordination } from './access-coordination';
import { AfterCommit, BridgeEventLedger, EventOutcome } from './bridge-event-ledger';
import { AccessDecision } from './entities/access-decision.entity';
import { SessionEndReason, UsageSession } from './entities/usage-session.entity';
import { SessionLeases } from './session-leases';
import { KnownSessionEnd, UsageSessions } from './usage-sessions';

/** A bridge's `session.ended` for a session this instance opened (its holder and machine known). */
type KnownEndEvent = KnownSessionEnd & { eventId: string };
type KnownEndOutcome = { outcome: 'duplicate' } | { outcome: 'applied'; after: AfterCommit | null };

/**
 * What a bridge tells of its sessions: a badge-out grace (`session.closing`), an end
 * (`session.ended`, an offline session recorded from its grant) and the decisions it took from its
 * offline allow-list. Each applied once through the ledger.
 */
@Injectable()
export class BridgeSessionEvents {
  private readonly log = new Logger('Access');
  /** Ends of sessions opened here, gathered per turn of the loop: one transaction for all (issue 16). */
  private readonly knownEnds = new TurnBatch<KnownEndEvent, KnownEndOutcome>((ends) => this.endKnownMany(ends));

  constructor(
    @InjectRepository(AccessDecision) private readonly audit: Repository<AccessDecision>,
    private readonly ledger: BridgeEventLedger,
    private readonly sessions: UsageSessions,
    private readonly leases: SessionLeases,
    private readonly coordination: AccessCoordination,
    private readonly people: PeopleService,
    private readonly realtime: RealtimeService,
  ) {}

  /**
   * A bridge's `session.closing`: a badge-out grace started, so the lease is no longer renewed
   * until the session ends or its holder badges again. Marked under the machine's hold, so a
   * renewal in progress is published before it or not at all; marked before the commit (marking
   * again is harmless), so a failure leaves the event to its replay.
   */
  sessionClosingAtBridge(machine: Machine, eventId: string, session: UsageSession): Promise<EventOutcome> {
    return this.ledger.applyEventOnce(
      machine,
      eventId,
      'session.closing',
      async (em) => {
        const open = await em.findOneBy(UsageSession, { id: session.id, endedAt: IsNull() });
        if (open) await this.coordination.markClosing(open.id, open.until.getTime() - Date.now() + this.leases.leaseMs);
      },
      true,
    );
  }

  /**
   * A bridge's `session.ended`. A session the server does not know was opened at the bridge from
   * its offline allow-list: it is recorded now, from that grant, so offline use reaches usage
   * history, charges and skills like any other. `session`: the row as the caller just read it (this
   * machine's), which saves reading it again.
   */
  async sessionEndedAtBridge(
    machine: Machine,
    eventId: string,
    e: { sessionId: string; reason: SessionEndReason; endedAt: Date },
    session?: Pick<UsageSession, 'id' | 'machineId' | 'personId'> | null,
  ): Promise<EventOutcome> {
    // The grant may still be on its way (replayed just before, handled by another instance): waited
    // for before the transaction, which must stay short.
    const known = session?.id === e.sessionId && session.machineId === machine.id ? { personId: session.personId, machine } : undefined;
    if (known) {
      const end = { eventId, sessionId: e.sessionId, reason: e.reason, personId: known.personId, machine };
      // Under the machine's hold, as any end. A batch that failed as a whole wrote nothing: this
      // event then goes the way of any other, alone.
      const done = await this.coordination
        .withMachine(machine.id, () => this.knownEnds.add(end))
        .catch((err) => (this.log.warn(`session.ended ${eventId} not applied with others (${(err as Error).message}): alone`), null));
      if (done?.outcome === 'duplicate') return 'duplicate';
      if (done) {
        await this.ledger.afterCommit('session.ended', eventId, done.after);
        return 'applied';
      }
    }
    if (!known && !(await this.sessions.exists(e.sessionId))) await this.waitForOfflineGrant(machine, e);
    return this.ledger.applyEventOnce(
      machine,
      eventId,
      'session.ended',
      async (em) => {
        const ended = await this.sessions.endSessionIn(em, e.sessionId, e.reason, { lock: false }, known);
        if (ended) return ended;
        if (await em.existsBy(UsageSession, { id: e.sessionId })) return null; // ended already
        const recorded = await this.recordOfflineSessionIn(em, machine, e);
        return recorded ?? (() => this.log.warn(`session.ended for unknown session ${e.sessionId} on ${machine.slug}: no offline grant to attach it to`));
      },
      true,
    );
  }

  /** Marks the events processed and ends their sessions, in one transaction; a copy already marked is a duplicate. */
  private endKnownMany(ends: KnownEndEvent[]): Promise<KnownEndOutcome[]> {
    return this.ledger.transaction(async (em) => {
      const fresh = await this.ledger.markProcessedManyIn(
        em,
        ends.map((e) => ({ eventId: e.eventId, machineId: e.machine.id, type: 'session.ended' })),
      );
      const steps = await this.sessions.endManyIn(
        em,
        ends.filter((e) => fresh.has(e.eventId)),
      );
      return ends.map((e): KnownEndOutcome => {
        if (!fresh.delete(e.eventId)) return { outcome: 'duplicate' }; // marked before, or a copy earlier in this batch
        const after = steps.get(e.sessionId) ?? null;
        steps.delete(e.sessionId); // told once, by the first event that ended it
        return { outcome: 'applied', after };
      });
    });
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
    return this.sessions.recordOfflineIn(em, machine, {
      id: e.sessionId,
      personId: grant.personId,
      badgeId: badge?.id ?? null,
      startedAt: grant.decidedAt,
      endedAt,
      endReason: e.reason,
    });
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
    return this.ledger.applyEventOnce(machine, eventId, 'offline.decision', async (em) => {
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
}
