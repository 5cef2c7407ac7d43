import { Global, Injectable, Logger, Module, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type IORedis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { createRedis } from '../infra/queue/redis';

/**
 * Notice that something access depends on changed (a badge, a person, a training, a machine), so
 * caches and the bridges' offline allow-lists are refreshed. Emitted after the write; carried to
 * the other app instances through Redis, so no instance decides from a stale cache.
 */
export interface Change {
  kind: 'person' | 'badge' | 'training' | 'qualification' | 'machine' | 'bridge';
  siteId: string | null;
  /** False when the change cannot alter who may use what (a machine going from free to in use). */
  affectsAccess?: boolean;
  /** For a machine's status change: which machine, and what it is now. */
  machineId?: string;
  status?: string;
  statusReason?: string | null;
}

type Listener = (change: Change) => void;

@Injectable()
export class ChangeBus implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('ChangeBus');
  private readonly local = new EventEmitter();
  private readonly everywhere = new EventEmitter();
  private readonly origin = randomUUID();
  private pub?: IORedis;
  private sub?: IORedis;

  constructor(private readonly config: AppConfig) {
    this.local.setMaxListeners(50);
    this.everywhere.setMaxListeners(50);
  }

  private get channel() {
    return `${this.config.env.QUEUE_PREFIX}:changes`;
  }

  async onModuleInit(): Promise<void> {
    if (!this.config.env.REDIS_URL) return; // one instance: the local emitters are the whole bus
    this.pub = createRedis(this.config.env.REDIS_URL);
    this.sub = createRedis(this.config.env.REDIS_URL);
    this.pub.on('error', () => undefined);
    this.sub.on('error', (err) => this.log.warn(`Redis: ${err.message}`));
    await this.sub.subscribe(this.channel);
    this.sub.on('message', (_channel, raw) => {
      try {
        const { origin, change } = JSON.parse(raw) as { origin: string; change: Change };
        if (origin !== this.origin) this.everywhere.emit('change', change);
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
    this.local.emit('change', change);
    this.everywhere.emit('change', change);
    this.pub?.publish(this.channel, JSON.stringify({ origin: this.origin, change })).catch((err) => this.log.warn(`change not shared: ${err.message}`));
  }

  /**
   * Listens to changes made by this instance, and by default to those made by the others too.
   * `{ remote: false }` is for work only one instance must do (publishing an allow-list).
   */
  on(listener: Listener, opts: { remote?: boolean } = {}): void {
    (opts.remote === false ? this.local : this.everywhere).on('change', listener);
  }
}

@Global()
@Module({ providers: [ChangeBus], exports: [ChangeBus] })
export class ChangeBusModule {}
