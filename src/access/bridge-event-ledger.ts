import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { isUniqueViolation } from '../infra/database/db-errors';
import { placeholders, rawRows } from '../infra/database/raw-sql';
import { serialTransaction } from '../infra/database/transactions';
import { RealtimeService } from '../infra/realtime/realtime.service';
import type { Machine } from '../machines/entities/machine.entity';
import { MachineLiveService } from '../machines/machine-live.service';
import { alarmWord } from '../machines/machine-words';
import { MachinesService } from '../machines/machines.service';
import { AccessCoordination } from './access-coordination';
import { ProcessedEvent } from './entities/processed-event.entity';

/** What a bridge event does outside the database (realtime, live state, MQTT), once its transaction committed. */
export type AfterCommit = () => Promise<void> | void;
/** A bridge event of another feature's (jobs: job.*, cmd.ack), applied in the transaction that marks it processed. */
export type BridgeEventApplier = (em: EntityManager, machine: Machine, event: BridgeEvent) => Promise<AfterCommit | void>;
export type BridgeEvent = Record<string, unknown> & { eventId: string; type: string };
/**
 * The bridge event types (MQTT-PROTOCOL.md, Events) another feature may own; access applies
 * `session.ended`, `session.closing`, `alarm` and `offline.decision` itself.
 */
export type DelegatedBridgeEventType =
  | 'cmd.ack'
  | 'job.started'
  | 'job.progress'
  | 'job.paused'
  | 'job.resumed'
  | 'job.completed'
  | 'job.failed'
  | 'power.on'
  | 'power.off';
export type EventOutcome = 'applied' | 'duplicate';

/**
 * Bridge events applied once (ARCHITECTURE.md, "Domain events", bridge events): each in one
 * transaction with its processed mark, its effects outside the database after the commit. Holds
 * the owners other features registered for their types, and applies `alarm` and unowned types.
 */
@Injectable()
export class BridgeEventLedger {
  private readonly log = new Logger('Access');
  /** The bridge event types other features own, and the applier each registered (handleBridgeEvents). */
  private readonly eventAppliers = new Map<string, BridgeEventApplier>();

  constructor(
    @InjectRepository(ProcessedEvent) private readonly processed: Repository<ProcessedEvent>,
    private readonly coordination: AccessCoordination,
    private readonly machines: MachinesService,
    private readonly live: MachineLiveService,
    private readonly realtime: RealtimeService,
  ) {}

  /** SQLite has one connection: its transactions run one after another (serialTransaction). */
  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return serialTransaction(this.processed.manager, work);
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
    return this.processed.existsBy({ eventId });
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
        // Nothing read back (TypeORM selects the row again on SQLite for its default `receivedAt`).
        await em.createQueryBuilder().insert().into(ProcessedEvent).values({ eventId, machineId: machine.id, type }).updateEntity(false).execute();
        done.after = await apply(em);
      });
    try {
      await (hold ? this.coordination.withMachine(machine.id, run) : run());
    } catch (err) {
      // Another copy committed first (two instances, a replay racing the original).
      if (isUniqueViolation(err) && (await this.isEventProcessed(eventId))) return 'duplicate';
      throw err;
    }
    await this.afterCommit(type, eventId, done.after);
    return 'applied';
  }

  /** Applied and committed: a failure from here on is said, not retried. */
  async afterCommit(type: string, eventId: string, after: AfterCommit | null | void): Promise<void> {
    if (!after) return;
    await Promise.resolve()
      .then(after)
      .catch((err) => this.log.warn(`after ${type} ${eventId}: ${(err as Error).message}`));
  }

  /**
   * Marks many events processed in the caller's transaction, in one statement; returns those seen
   * for the first time (a copy already marked, or twice in the list, is not: it is a duplicate).
   */
  async markProcessedManyIn(em: EntityManager, events: ReadonlyArray<{ eventId: string; machineId: string; type: string }>): Promise<Set<string>> {
    const firsts = [...new Map(events.map((e) => [e.eventId, e])).values()];
    if (!firsts.length) return new Set();
    const rows = firsts.map((_, i) => `(${placeholders(3, 1 + 3 * i)})`).join(', ');
    const marked = await rawRows<{ eventId: string }>(
      em,
      `INSERT INTO "processed_events" ("eventId", "machineId", "type") VALUES ${rows} ON CONFLICT DO NOTHING RETURNING "eventId"`,
      firsts.flatMap((e) => [e.eventId, e.machineId, e.type]),
    );
    return new Set(marked.map((r) => r.eventId));
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
}

/** « Alarme : Porte ouverte — Porte du caisson ouverte… »: the status reason people read; an unknown code is said as sent. */
function alarmReason(e: { code: string; message?: string }): string {
  const word = alarmWord(e.code, 'fr') ?? (e.message ? null : e.code);
  const said = [...new Set([word, e.message].filter(Boolean))].join(' — ');
  return said ? `Alarme : ${said}` : 'Alarme';
}
