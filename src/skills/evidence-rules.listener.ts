import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ChangeBus } from '../common/change-bus';
import { EvidenceService } from './evidence.service';

/**
 * When a training pass is recorded (ChangeBus "qualification"), the site's training rules are
 * applied at once, so the evidence is there before anyone opens the path. Machine-session rules
 * are applied when a path is read (no session-end event exists on the bus).
 */
@Injectable()
export class EvidenceRulesListener implements OnModuleInit {
  private readonly log = new Logger('EvidenceRules');
  /** One run per site at a time; a change during a run asks for one more. */
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();

  constructor(private readonly changes: ChangeBus, private readonly evidence: EvidenceService) {}

  onModuleInit(): void {
    this.changes.on((c) => {
      if (c.kind === 'qualification' && c.siteId) this.schedule(c.siteId);
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
    while (this.running.size) await Promise.all([...this.running.values()]);
  }
}
