import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ChangeBus } from '../common/change-bus';
import { DomainEventBus } from '../common/domain-events';
import { CLEAN_SESSION_ENDS, EvidenceService } from './evidence.service';

/**
 * Evidence is logged as soon as it is earned, before anyone opens the path: when a training pass
 * is recorded (ChangeBus "qualification") the site's training rules run, and when a machine
 * session ends cleanly its holder's machine-session rules run.
 */
@Injectable()
export class EvidenceRulesListener implements OnModuleInit {
  private readonly log = new Logger('EvidenceRules');
  /** One run per site at a time; a change during a run asks for one more. */
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();

  private readonly sessionRuns = new Set<Promise<unknown>>();

  constructor(
    private readonly changes: ChangeBus,
    private readonly evidence: EvidenceService,
    private readonly events: DomainEventBus,
  ) {}

  onModuleInit(): void {
    this.changes.on((c) => {
      if (c.kind === 'qualification' && c.siteId) this.schedule(c.siteId);
    });
    this.events.on('session.ended', ({ machine, reason, personId }) => {
      if (!personId || !CLEAN_SESSION_ENDS.includes(reason)) return;
      const run = this.evidence
        .applySessionRules(machine.siteId, personId, machine.type)
        .then((logged) => void (logged.length && this.log.debug(`${logged.length} evidence logged after a session`)))
        .catch((err) => this.log.error(`session rules failed: ${(err as Error).message}`))
        .finally(() => this.sessionRuns.delete(run));
      this.sessionRuns.add(run);
    });
  }

  private schedule(siteId: string): void {
    if (this.running.has(siteId)) {
      this.again.add(siteId);
      return;
    }
    const run = this.evidence
      .applyTrainingRules(siteId)
      .then((n) => void (n && this.log.debug(`${n} evidence logged from training passes`)))
      .catch((err) => this.log.error(`training rules failed: ${(err as Error).message}`))
      .finally(() => {
        this.running.delete(siteId);
        if (this.again.delete(siteId)) this.schedule(siteId);
      });
    this.running.set(siteId, run);
  }

  /** For tests: resolves when no run is in progress. */
  async idle(): Promise<void> {
    while (this.running.size || this.sessionRuns.size) await Promise.all([...this.running.values(), ...this.sessionRuns]);
  }
}
