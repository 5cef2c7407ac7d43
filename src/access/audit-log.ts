import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Repository } from 'typeorm';
import { isUniqueViolation } from '../infra/database/db-errors';
import { AccessDecision } from './entities/access-decision.entity';

type AuditRow = Omit<AccessDecision, 'id'>;

/** At most this many rows per INSERT (SQLite allows 32,766 parameters; a row has 13). */
const MAX_BATCH = 500;
/**
 * How long the first decision of a batch waits for others: at a hundred badges a second, one
 * INSERT (and one commit) for a few decisions instead of one each; nothing waits on the audit row.
 */
const GATHER_MS = 25;

/**
 * The audit of badge-in decisions, written after the reply. Rows that arrive while a write is in
 * flight go together in the next INSERT: a burst of badges costs a few statements instead of one
 * per decision, and leaves database connections to the next decisions. Also where decisions are read back.
 */
@Injectable()
export class AuditLog implements OnModuleDestroy {
  private readonly log = new Logger('AuditLog');
  private queue: AuditRow[] = [];
  private draining?: Promise<void>;

  constructor(@InjectRepository(AccessDecision) private readonly decisions: Repository<AccessDecision>) {}

  write(row: AuditRow): void {
    this.queue.push(row);
    this.draining ??= this.drain();
  }

  /** The reply already given to a request (Redis keeps answers 24 hours; the audit log is the second memory). */
  async replyTo(requestId: string): Promise<Record<string, unknown> | null> {
    return (await this.decisions.findOneBy({ requestId }))?.reply ?? null;
  }

  /** The latest decisions, of a site or of all. */
  recent(siteId: string | null, limit = 50): Promise<AccessDecision[]> {
    return this.decisions.find({ where: siteId ? { siteId } : {}, order: { decidedAt: 'DESC' }, take: limit });
  }

  /** Resolves once every decision written so far is in the database (shutdown, tests). */
  async settle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  async onModuleDestroy(): Promise<void> {
    await this.settle();
  }

  private async drain(): Promise<void> {
    try {
      await sleep(GATHER_MS);
      while (this.queue.length) await this.insert(this.queue.splice(0, MAX_BATCH));
    } finally {
      this.draining = undefined;
    }
  }

  /**
   * A row that cannot be written (a request id already audited) must not take the others with it.
   * The ids are ours and nothing is read back (`updateEntity(false)`: TypeORM otherwise selects
   * each row again on SQLite for its defaults, one SELECT per decision).
   */
  private async insert(rows: AuditRow[]): Promise<void> {
    try {
      await this.decisions
        .createQueryBuilder()
        .insert()
        .values(rows.map((r) => ({ id: randomUUID(), ...r })) as never)
        .updateEntity(false)
        .execute();
    } catch (err) {
      if (rows.length > 1) {
        for (const row of rows) await this.insert([row]);
      } else if (!isUniqueViolation(err)) {
        this.log.error(`audit write failed for request ${rows[0].requestId}: ${(err as Error).message}`);
      }
    }
  }
}
