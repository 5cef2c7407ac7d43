import { Injectable } from '@nestjs/common';
import { ChangeBus } from '../common/change-bus';
import { MqttService } from '../infra/mqtt/mqtt.service';
import { topics } from '../infra/mqtt/topics';
import type { Machine } from '../machines/entities/machine.entity';
import { AccessCoordination } from './access-coordination';
import { denialMessage } from './access-messages';
import { BadgeInReader } from './badge-in-reader';
import { BadgeOutcomes } from './badge-outcomes';
import { decideBadgeIn } from './decide-badge-in';
import type { UsageSession } from './entities/usage-session.entity';
import { SessionLeases } from './session-leases';
import { UsageSessions } from './usage-sessions';

export interface BadgeRequest {
  requestId: string;
  uid: string;
  ts: string;
}

/**
 * The badge-in path (ARCHITECTURE.md, "Flows that must stay short"): read the facts, decide,
 * answer, open the session and start its lease; the rest follows the answer (BadgeOutcomes).
 * One machine's requests are handled one at a time across all instances (AccessCoordination), in
 * arrival order on each. Sessions are UsageSessions', leases SessionLeases', bridge events
 * BridgeEventLedger's and BridgeSessionEvents'.
 */
@Injectable()
export class AccessService {
  private readonly machineQueues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly coordination: AccessCoordination,
    private readonly mqtt: MqttService,
    private readonly reader: BadgeInReader,
    private readonly sessions: UsageSessions,
    private readonly leases: SessionLeases,
    private readonly outcomes: BadgeOutcomes,
    changes: ChangeBus,
  ) {
    // A machine put in use, here or on another instance: what this one remembers of it is read again.
    changes.on((c) => c.kind === 'machine' && c.machineId && c.status !== 'free' && this.sessions.mayBeTaken(c.machineId));
    // Freed by another instance (its session ended there): nothing to read at its next badge here (issue 16, two instances).
    changes.on((c) => c.kind === 'machine' && c.machineId && c.status === 'free' && this.sessions.freedElsewhere(c.machineId), { local: false });
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
  private async decideAndAct(siteSlug: string, machine: Machine, req: BadgeRequest, receivedAt: number, lookBack = true) {
    const accessTopic = topics.machine(siteSlug, machine.slug, 'access');
    const now = new Date();
    const { answered, facts } = await this.reader.read(machine, req.uid, req.requestId, now, lookBack);
    if (answered) {
      await this.mqtt.publish(accessTopic, answered);
      return answered;
    }
    let decision = decideBadgeIn(facts);

    let session: UsageSession | null = null;
    if (decision.decision === 'granted') {
      session = decision.renewsSessionId ? facts.openSession : await this.sessions.open(machine, decision.person.id, facts.badge!.id, decision.until, now);
      if (!session) {
        // Another instance opened one meanwhile: decided again on the session as it is now (its
        // holder badging again is a renewal), once.
        const again = await this.reader.read(machine, req.uid, req.requestId, now, false); // the refusal made it read the session
        decision = decideBadgeIn(again.facts);
        if (decision.decision === 'granted') session = decision.renewsSessionId ? again.facts.openSession : null;
      }
      if (decision.decision === 'granted' && !session) {
        decision = {
          decision: 'denied',
          reason: 'machine_in_use',
          message: denialMessage('machine_in_use', {}, facts.zone),
          person: facts.person,
          endsSessionId: null,
        };
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
    if (decision.decision === 'granted') await this.leases.start(siteSlug, machine, sessionId!, decision.until, !!decision.renewsSessionId);
    this.outcomes.measure(decision, receivedAt);

    // Slow work after the reply: audit, live view, sessions the re-check ended.
    void this.outcomes.follow({ machine, requestId: req.requestId, uid: req.uid, decision, session, reply, now });
    return reply;
  }
}
