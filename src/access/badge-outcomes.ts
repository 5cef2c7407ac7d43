import { Injectable } from '@nestjs/common';
import { DomainEventBus } from '../common/domain-events';
import { Metrics } from '../infra/metrics/metrics';
import { RealtimeService } from '../infra/realtime/realtime.service';
import type { Machine } from '../machines/entities/machine.entity';
import { MachineLiveService } from '../machines/machine-live.service';
import { AuditLog } from './audit-log';
import type { BadgeInDecision } from './decide-badge-in';
import type { UsageSession } from './entities/usage-session.entity';
import { UsageSessions } from './usage-sessions';

declare module '../common/domain-events' {
  interface DomainEvents {
    /** A badge-in opened a session (not the holder back in a grace): jobs start a waiting job, plugs switch on. */
    'session.opened': { machine: Machine; sessionId: string; session: UsageSession };
  }
}

export interface BadgeAnswer {
  machine: Machine;
  requestId: string;
  uid: string;
  decision: BadgeInDecision;
  session: UsageSession | null;
  reply: Record<string, unknown>;
  now: Date;
}

/**
 * What follows a badge-in answer, off the decision's path: its measure, the audit row, the live
 * view and realtime push, `session.opened`, and a session the re-check ended (the machine went in
 * use with its session: UsageSessions.open).
 */
@Injectable()
export class BadgeOutcomes {
  constructor(
    private readonly auditLog: AuditLog,
    private readonly sessions: UsageSessions,
    private readonly live: MachineLiveService,
    private readonly realtime: RealtimeService,
    private readonly events: DomainEventBus,
    private readonly metrics: Metrics,
  ) {}

  /** The time from the badge's arrival (`receivedAt`, performance.now()) to its answer, by decision and reason. */
  measure(decision: BadgeInDecision, receivedAt: number): void {
    this.metrics.decisionSeconds.observe((performance.now() - receivedAt) / 1000);
    this.metrics.accessDecisions.inc({ decision: decision.decision, reason: decision.decision === 'denied' ? decision.reason : '' });
  }

  async follow({ machine, requestId, uid, decision, session, reply, now }: BadgeAnswer): Promise<void> {
    const sessionId = session?.id ?? null;
    this.auditLog.write({
      siteId: machine.siteId,
      machineId: machine.id,
      requestId,
      uid,
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
      requestId,
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
    } else {
      this.live.update(base, { lastDecision });
      if (decision.decision === 'denied' && decision.endsSessionId) {
        await this.sessions.endSession(decision.endsSessionId, 'denied_recheck', { lock: true });
      }
    }
  }
}
