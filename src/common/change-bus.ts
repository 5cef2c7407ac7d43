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
      try {
        const { origin, change } = JSON.parse(raw) as { origin: string; change: Change };
        if (origin !== this.origin) this.events.emit('change', { change, here: false });
      } catch {
        this.log.warn('unreadable change notice ignored');
      }
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.sub?.disconnect();
    this.pub?.disconnect();
  }

  emit(change: Change): void {
    this.events.emit('change', { change, here: true });
    this.pub?.publish(this.channel, JSON.stringify({ origin: this.origin, change })).catch((err) => this.log.warn(`change not shared: ${err.message}`));
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
