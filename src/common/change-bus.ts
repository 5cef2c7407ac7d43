import { Global, Injectable, Logger, Module, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type IORedis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { createRedis } from '../infra/queue/redis';
import { DomainEventBus } from './domain-events';

/**
 * Notice that something access depends on changed (a badge, a person, a training, a machine), so
 * caches and the bridges' offline allow-lists are refreshed. Emitted after the write; carried to
 * the other app instances through Redis, so no instance decides from a stale cache. Delivered to
 * the listeners of each instance as the domain event `change` (DomainEventBus).
 */
export interface Change {
  kind: 'person' | 'badge' | 'training' | 'qualification' | 'machine' | 'bridge' | 'membership';
  siteId: string | null;
  /** False when the change cannot alter who may use what (a machine going from free to in use). */
  affectsAccess?: boolean;
  /** For a machine's status change: which machine, and what it is now. */
  machineId?: string;
  status?: string;
  statusReason?: string | null;
}

declare module './domain-events' {
  interface DomainEvents {
    /** A Change, made by this instance (`here`) or by another one (carried through Redis). */
    change: { change: Change; here: boolean };
  }
}

type Listener = (change: Change) => void;

@Injectable()
export class ChangeBus implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('ChangeBus');
  private readonly origin = randomUUID();
  private pub?: IORedis;
  private sub?: IORedis;
  /** This turn's changes that cannot alter access, not yet shared (emit). */
  private unshared: Change[] = [];

  constructor(
    private readonly config: AppConfig,
    private readonly events: DomainEventBus,
  ) {}

  private get channel() {
    return `${this.config.env.QUEUE_PREFIX}:changes`;
  }

  async onModuleInit(): Promise<void> {
    if (!this.config.env.REDIS_URL) return; // one instance: the local emitters are the whole bus
    this.pub = createRedis(this.config.env.REDIS_URL, { enableAutoPipelining: true }); // one write per turn of the loop
    this.sub = createRedis(this.config.env.REDIS_URL);
    this.pub.on('error', () => undefined);
    this.sub.on('error', (err) => this.log.warn(`Redis: ${err.message}`));
    await this.sub.subscribe(this.channel);
    const own = `{"origin":"${this.origin}"`; // JSON.stringify writes `origin` first
    this.sub.on('message', (_channel, raw: string) => {
      if (raw.startsWith(own)) return; // our own notice back from Redis: not parsed
      let notice: { origin: string; change?: Change; changes?: Change[] };
      try {
        notice = JSON.parse(raw);
      } catch {
        return this.log.warn('unreadable change notice ignored');
      }
      if (notice.origin === this.origin) return;
      for (const change of notice.changes ?? (notice.change ? [notice.change] : [])) this.events.emit('change', { change, here: false });
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.sub?.disconnect();
    this.pub?.disconnect();
  }

  /**
   * Told here at once, and to the other instances: a change that may alter who may use what at
   * once, alone; the others (a machine put in use or freed: two per badge, issue 16) at the end of
   * the turn of the loop, in one message. An access change first sends those gathered before it,
   * so every instance hears the changes in the order they were made.
   */
  emit(change: Change): void {
    this.events.emit('change', { change, here: true });
    if (!this.pub) return;
    if (change.affectsAccess !== false) {
      this.shareTurn();
      return this.publish({ origin: this.origin, change }); // the one-change form, which every version reads
    }
    this.unshared.push(change);
    if (this.unshared.length === 1) setImmediate(() => this.shareTurn());
  }

  private shareTurn(): void {
    const changes = this.unshared;
    this.unshared = [];
    if (changes.length === 1) this.publish({ origin: this.origin, change: changes[0] });
    else if (changes.length) this.publish({ origin: this.origin, changes });
  }

  private publish(notice: { origin: string; change?: Change; changes?: Change[] }): void {
    this.pub?.publish(this.channel, JSON.stringify(notice)).catch((err) => this.log.warn(`change not shared: ${err.message}`));
  }

  /**
   * Listens to changes made by this instance, and by default to those made by the others too.
   * `{ remote: false }` is for work only one instance must do (publishing an allow-list);
   * `{ local: false }`, for what only another instance's change tells.
   */
  on(listener: Listener, opts: { remote?: boolean; local?: boolean } = {}): void {
    this.events.on('change', ({ change, here }) => {
      if (here ? opts.local !== false : opts.remote !== false) listener(change);
    });
  }
}

@Global()
@Module({ providers: [ChangeBus], exports: [ChangeBus] })
export class ChangeBusModule {}
