import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, ServiceUnavailableException } from '@nestjs/common';
import { BulkJobOptions, JobsOptions, Queue, RepeatOptions } from 'bullmq';
import type IORedis from 'ioredis';
import { AppConfig } from '../../config/app-config';
import { createRedis, RECONNECT } from './redis';

/** Said to whoever asked for something that needs Redis while it is out of reach. */
export const REDIS_DOWN_MESSAGE =
  "La file d'attente (Redis) est injoignable : réessayez dans quelques instants ou prévenez un responsable. The job queue (Redis) is unreachable, try again shortly.";

/** How long a producer command may take before the request gives up with a 503. */
const COMMAND_TIMEOUT_MS = 3000;
/** Schedulers are also checked this often (a FLUSHALL without a reconnection). */
const SCHEDULE_CHECK_MS = 60_000;

/** A repeatable job: its scheduler id is always `<queue>.<job name>` (one naming scheme). */
export interface Schedule {
  queue: string;
  job: string;
  repeat: RepeatOptions;
  data?: Record<string, unknown>;
}

export const schedulerId = (s: Pick<Schedule, 'queue' | 'job'>) => `${s.queue}.${s.job}`;

/**
 * The one way features talk to BullMQ as producers: `add`, `addBulk`, `remove` and `schedule`.
 * Workers stay `@Processor(QUEUE)` + `WorkerHost` on the root connection (which waits for Redis).
 *
 * Producers share one connection that fails fast (no offline queue, 3 s command timeout): a request
 * that needs Redis while it is down gets a 503 with a French reason instead of hanging. Declared
 * schedules are asserted at start, again every time the connection becomes ready after a loss, and
 * every minute: a Redis restarted empty gets them back without restarting the app.
 */
@Injectable()
export class Queues implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('Queues');
  private readonly queues = new Map<string, Queue>();
  private readonly schedules: Schedule[] = [];
  private readonly redis: IORedis;
  private booted = false;
  private checking?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private lastError = '';

  constructor(private readonly config: AppConfig) {
    this.redis = createRedis(config.env.REDIS_URL, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: COMMAND_TIMEOUT_MS,
      connectTimeout: COMMAND_TIMEOUT_MS,
      retryStrategy: RECONNECT,
    });
    this.redis.on('error', (err: Error) => this.noteError(err));
    this.redis.on('ready', () => {
      this.lastError = '';
      if (this.booted) this.log.log('Redis is back: checking the job schedulers');
      if (this.booted) void this.assertSchedules();
    });
  }

  /** Declares a repeatable job; call it from a feature's constructor or onModuleInit. */
  schedule(s: Schedule): void {
    if (this.schedules.some((x) => schedulerId(x) === schedulerId(s))) throw new Error(`schedule ${schedulerId(s)} declared twice`);
    this.schedules.push(s);
  }

  declared(): readonly Schedule[] {
    return this.schedules;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.booted = true;
    await this.assertSchedules();
    this.timer = setInterval(() => void this.assertSchedules(), SCHEDULE_CHECK_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.checking?.catch(() => undefined);
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)));
    this.redis.disconnect();
  }

  /** The producer side of a queue (created once, on the shared fail-fast connection). */
  queue(name: string): Queue {
    let q = this.queues.get(name);
    if (q) return q;
    q = new Queue(name, { connection: this.redis, prefix: this.config.env.QUEUE_PREFIX });
    q.on('error', (err) => this.noteError(err));
    this.queues.set(name, q);
    return q;
  }

  get up(): boolean {
    return this.redis.status === 'ready';
  }

  /** For requests that are about to do work they could not finish without Redis. */
  assertUp(): void {
    if (!this.up) throw unavailable();
  }

  async add(queue: string, name: string, data: Record<string, unknown>, opts?: JobsOptions) {
    return this.call(() => this.queue(queue).add(name, data, opts));
  }

  async addBulk(queue: string, jobs: Array<{ name: string; data: Record<string, unknown>; opts?: BulkJobOptions }>) {
    return this.call(() => this.queue(queue).addBulk(jobs));
  }

  async remove(queue: string, jobId: string) {
    return this.call(() => this.queue(queue).remove(jobId));
  }

  /** Round trip to Redis on the producers' connection (for /health). */
  async ping(): Promise<void> {
    await this.call(() => this.redis.ping());
  }

  /**
   * Re-creates every declared scheduler that Redis no longer has. Upserting only the missing ones
   * keeps the next run of the others where it was.
   */
  assertSchedules(): Promise<void> {
    this.checking ??= this.checkSchedules().finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async checkSchedules(): Promise<void> {
    for (const s of this.schedules) {
      try {
        const q = this.queue(s.queue);
        if (await q.getJobScheduler(schedulerId(s))) continue;
        await q.upsertJobScheduler(schedulerId(s), s.repeat, { name: s.job, data: s.data ?? {} });
        this.log.log(`job scheduler ${schedulerId(s)} (re)created`);
      } catch (err) {
        this.noteError(err as Error);
        return; // Redis went away again: the next 'ready' comes back here
      }
    }
    await this.forgetUndeclared().catch((err) => this.noteError(err));
  }

  /** Schedulers left by older versions under other names would run twice: they go. */
  private async forgetUndeclared(): Promise<void> {
    for (const name of new Set(this.schedules.map((s) => s.queue))) {
      const q = this.queue(name);
      const wanted = new Set(this.schedules.filter((s) => s.queue === name).map(schedulerId));
      for (const old of await q.getJobSchedulers()) {
        if (!wanted.has(old.key)) await q.removeJobScheduler(old.key);
      }
    }
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.up) throw unavailable();
    try {
      return await fn();
    } catch (err) {
      if (isConnectionError(err)) throw unavailable();
      throw err;
    }
  }

  private noteError(err: Error): void {
    if (err.message === this.lastError) return; // one line per outage, not one per retry
    this.lastError = err.message;
    this.log.warn(`Redis: ${err.message}`);
  }
}

function unavailable() {
  return new ServiceUnavailableException({ code: 'redis_unavailable', message: REDIS_DOWN_MESSAGE });
}

/** ioredis's words when the connection is gone (no offline queue, timed out, closed). */
export function isConnectionError(err: unknown): boolean {
  const m = err instanceof Error ? err.message : String(err);
  return /enableOfflineQueue|Connection is closed|Command timed out|ECONNREFUSED|ECONNRESET|Reached the max retries|Stream isn't writeable/i.test(m);
}
