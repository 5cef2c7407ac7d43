import { Logger } from '@nestjs/common';
import { Job, JobsOptions, Queue, RepeatOptions, Worker } from 'bullmq';
import type IORedis from 'ioredis';
import { AddOptions, FoundJob, JobContext, JobToAdd, KEEP_FINISHED_MS, QueueBackend, Repeat, Schedule, jobKey } from './queue-types';
import { createRedis, RECONNECT } from './redis';

/** How long a producer command may take before the request gives up. */
const COMMAND_TIMEOUT_MS = 3000;

/** Queues of older versions: their schedulers would pile jobs nobody runs. */
const RETIRED_QUEUES = ['skills-workshops', 'training-reminders', 'job-analysis'];

export const repeatOptions = (r: Repeat): RepeatOptions => {
  if ('every' in r) return { every: r.every };
  const [h, m] = r.dailyAt.split(':').map(Number);
  return { pattern: `${m} ${h} * * *`, tz: r.tz };
};

const jobsOptions = (o: AddOptions = {}): JobsOptions => {
  const age = Math.ceil((o.keepMs ?? KEEP_FINISHED_MS) / 1000);
  return {
    jobId: o.jobId,
    delay: o.delay && o.delay > 0 ? o.delay : undefined,
    attempts: o.attempts ?? 1,
    backoff: o.backoffMs ? { type: 'exponential', delay: o.backoffMs } : undefined,
    removeOnComplete: { age },
    removeOnFail: { age },
  };
};

/**
 * BullMQ on Redis (REDIS_URL). Producers share one connection that fails fast (no offline queue,
 * 3 s command timeout); workers have their own connections, which wait for Redis and reconnect
 * within 2 s.
 */
export class BullmqBackend implements QueueBackend {
  readonly kind = 'redis';
  private readonly log = new Logger('Queues');
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  private readonly workerConnections: IORedis[] = [];
  private readonly redis: IORedis;
  private readonly readyListeners: Array<() => void> = [];
  private lastError = '';

  constructor(
    private readonly url: string,
    private readonly prefix: string,
  ) {
    this.redis = createRedis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: COMMAND_TIMEOUT_MS,
      connectTimeout: COMMAND_TIMEOUT_MS,
      retryStrategy: RECONNECT,
    });
    this.redis.on('error', (err: Error) => this.noteError(err));
    this.redis.on('ready', () => {
      this.lastError = '';
      this.readyListeners.forEach((l) => l());
    });
  }

  get up(): boolean {
    return this.redis.status === 'ready';
  }

  onReady(listener: () => void): void {
    this.readyListeners.push(listener);
  }

  queue(name: string): Queue {
    let q = this.queues.get(name);
    if (q) return q;
    q = new Queue(name, { connection: this.redis, prefix: this.prefix });
    q.on('error', (err) => this.noteError(err));
    this.queues.set(name, q);
    return q;
  }

  async add(queue: string, jobs: JobToAdd[]): Promise<void> {
    await this.queue(queue).addBulk(jobs.map((j) => ({ name: j.job, data: j.data, opts: jobsOptions(j.opts) })));
  }

  async remove(queue: string, jobId: string): Promise<void> {
    await this.queue(queue).remove(jobId);
  }

  async find(queue: string, jobId: string): Promise<FoundJob | null> {
    const job = await this.queue(queue).getJob(jobId);
    if (!job) return null;
    const state = await job.getState();
    return {
      job: job.name,
      data: job.data,
      state: state === 'prioritized' || state === 'waiting-children' || state === 'unknown' ? 'waiting' : state,
      runAt: new Date(job.timestamp + (job.opts.delay ?? 0)),
      attempts: job.attemptsMade,
    };
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  /** Re-creates the schedulers Redis no longer has; upserting only those keeps the others' next run. */
  async assertSchedules(schedules: readonly Schedule[]): Promise<number> {
    let created = 0;
    for (const s of schedules) {
      const q = this.queue(s.queue);
      const id = jobKey(s.queue, s.job);
      if (await q.getJobScheduler(id)) continue;
      await q.upsertJobScheduler(id, repeatOptions(s.repeat), { name: s.job, data: s.data ?? {}, opts: { removeOnComplete: 100, removeOnFail: 100 } });
      this.log.log(`job scheduler ${id} (re)created`);
      created++;
    }
    await this.forgetUndeclared(schedules);
    return created;
  }

  /** Schedulers left by older versions under other names would run twice: they go. */
  private async forgetUndeclared(schedules: readonly Schedule[]): Promise<void> {
    for (const name of new Set([...schedules.map((s) => s.queue), ...RETIRED_QUEUES])) {
      const q = this.queue(name);
      const wanted = new Set(schedules.filter((s) => s.queue === name).map((s) => jobKey(s.queue, s.job)));
      for (const old of await q.getJobSchedulers()) {
        if (!wanted.has(old.key)) await q.removeJobScheduler(old.key);
      }
    }
  }

  async startWorkers(queues: string[], run: (queue: string, job: string, data: unknown, ctx: JobContext) => Promise<unknown>): Promise<void> {
    for (const name of queues) {
      const connection = createRedis(this.url, { maxRetriesPerRequest: null, retryStrategy: RECONNECT });
      connection.on('error', () => undefined); // the producers' connection says it once
      this.workerConnections.push(connection);
      const worker = new Worker(
        name,
        (job: Job) => run(name, job.name, job.data, { id: job.id ?? '', attempt: job.attemptsMade + 1, progress: (p) => job.updateProgress(p) }),
        { connection, prefix: this.prefix },
      );
      worker.on('error', (err) => this.noteError(err));
      this.workers.push(worker);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close().catch(() => undefined)));
    this.workerConnections.forEach((c) => c.disconnect()); // a connection given to a worker is not closed by it
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)));
    this.redis.disconnect();
  }

  private noteError(err: Error): void {
    if (err.message === this.lastError) return; // one line per outage, not one per retry
    this.lastError = err.message;
    this.log.warn(`Redis: ${err.message}`);
  }
}

/** ioredis's words when the connection is gone (no offline queue, timed out, closed). */
export function isConnectionError(err: unknown): boolean {
  const m = err instanceof Error ? err.message : String(err);
  return /enableOfflineQueue|Connection is closed|Command timed out|ECONNREFUSED|ECONNRESET|Reached the max retries|Stream isn't writeable/i.test(m);
}
