import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, ServiceUnavailableException } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { StartupError } from '../startup-error';
import { isConnectionError } from './bullmq-backend';
import { AddOptions, FoundJob, JobContext, JobHandler, QueueBackend, Schedule, jobKey } from './queue-types';

export { jobKey } from './queue-types';
export type { AddOptions, FoundJob, JobContext, JobHandler, Schedule } from './queue-types';

export const QUEUE_BACKEND = Symbol('QUEUE_BACKEND');

/** Said to whoever asked for something that needs the queue while it is out of reach. */
export const REDIS_DOWN_MESSAGE =
  "La file d'attente (Redis) est injoignable : réessayez dans quelques instants ou prévenez un responsable. The job queue (Redis) is unreachable, try again shortly.";

/** Schedules are also checked this often (a FLUSHALL without a reconnection). */
const SCHEDULE_CHECK_MS = 60_000;

/** What is wrong with the declared jobs: a handler nobody feeds, a job nobody runs. */
export function jobProblems(handlers: Iterable<string>, produced: Iterable<string>): string[] {
  const handled = new Set(handlers);
  const fed = new Set(produced);
  const queuesFed = new Set([...fed].map((k) => k.slice(0, k.indexOf('.'))));
  const problems: string[] = [];
  for (const k of fed) if (!handled.has(k)) problems.push(`le travail ${k} est produit mais rien ne le traite (no handler)`);
  for (const k of handled) {
    if (!queuesFed.has(k.slice(0, k.indexOf('.')))) problems.push(`le traitement ${k} attend une file que personne n'alimente (no producer for its queue)`);
  }
  return problems;
}

/**
 * The one way features use background work. A feature declares, in its constructor:
 * - `handle(queue, job, fn)`: what runs a job (the worker side);
 * - `produces(queue, ...jobs)`: the jobs it adds, then `add` / `addBulk` / `remove` them;
 * - `schedule({queue, job, repeat})`: a repeatable job.
 * Start-up stops if a produced or scheduled job has no handler, or a handler's queue is fed by
 * nobody. Jobs are named `<queue>.<job>` (`bookings.remind`). The backend is BullMQ on Redis when
 * REDIS_URL is set, the app's own database otherwise (src/infra/queue/database-backend.ts).
 *
 * Declared schedules are asserted at start, every time the backend becomes ready after a loss (a
 * Redis restarted empty), and every minute. Per-item delayed jobs (a booking's reminders) cannot be
 * re-created from a declaration: their feature gives `onRestore` a function that re-adds them
 * (idempotent job ids), called at start and whenever schedules had to be re-created.
 */
@Injectable()
export class Queues implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('Queues');
  private readonly handlers = new Map<string, JobHandler>();
  private readonly produced = new Set<string>();
  private readonly schedules: Schedule[] = [];
  private readonly restorers: Array<{ name: string; restore: () => Promise<unknown> }> = [];
  private booted = false;
  private checking?: Promise<void>;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly config: AppConfig,
    @Inject(QUEUE_BACKEND) readonly backend: QueueBackend,
  ) {
    backend.onReady(() => {
      if (!this.booted) return;
      this.log.log('the job queue is back: checking the job schedulers');
      void this.assertSchedules();
    });
  }

  /** Declares what runs `<queue>.<job>`. */
  handle<D>(queue: string, job: string, handler: JobHandler<D>): void {
    const key = jobKey(queue, job);
    if (this.handlers.has(key)) throw new StartupError(`Deux traitements pour le travail ${key}. Two handlers for job ${key}.`);
    this.handlers.set(key, handler);
  }

  /** Declares the jobs a feature adds to `queue` (checked against the handlers at start-up). */
  produces(queue: string, ...jobs: string[]): void {
    for (const job of jobs) this.produced.add(jobKey(queue, job));
  }

  /** Declares a repeatable job. */
  schedule(s: Schedule): void {
    if (this.schedules.some((x) => jobKey(x.queue, x.job) === jobKey(s.queue, s.job))) throw new Error(`schedule ${jobKey(s.queue, s.job)} declared twice`);
    this.schedules.push(s);
    this.produces(s.queue, s.job);
  }

  /** Declares how a feature re-adds its per-item delayed jobs after the store lost them. */
  onRestore(name: string, restore: () => Promise<unknown>): void {
    this.restorers.push({ name, restore });
  }

  declared(): readonly Schedule[] {
    return this.schedules;
  }

  async onApplicationBootstrap(): Promise<void> {
    const problems = jobProblems(this.handlers.keys(), this.produced);
    if (problems.length) {
      throw new StartupError(`Travaux de fond mal déclarés / background jobs wrongly declared:\n  ${problems.join('\n  ')}`);
    }
    this.booted = true;
    await this.assertSchedules(true);
    if (this.config.env.QUEUE_WORKERS) {
      const queues = [...new Set([...this.handlers.keys()].map((k) => k.slice(0, k.indexOf('.'))))];
      await this.backend.startWorkers(queues, (queue, job, data, ctx) => this.run(queue, job, data, ctx));
    }
    this.timer = setInterval(() => void this.assertSchedules(), SCHEDULE_CHECK_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.checking?.catch(() => undefined);
    await this.backend.close();
  }

  get up(): boolean {
    return this.backend.up;
  }

  /** For requests that are about to do work they could not finish without the queue. */
  assertUp(): void {
    if (!this.up) throw unavailable();
  }

  async add(queue: string, job: string, data: Record<string, unknown>, opts?: AddOptions): Promise<void> {
    await this.addBulk(queue, [{ job, data, opts }]);
  }

  async addBulk(queue: string, jobs: Array<{ job: string; data: Record<string, unknown>; opts?: AddOptions }>): Promise<void> {
    if (!jobs.length) return;
    for (const j of jobs) if (!this.produced.has(jobKey(queue, j.job))) throw new Error(`job ${jobKey(queue, j.job)} added but not declared with produces()`);
    await this.call(() => this.backend.add(queue, jobs));
  }

  async remove(queue: string, jobId: string): Promise<void> {
    await this.call(() => this.backend.remove(queue, jobId));
  }

  /** The job of that id, as the backend keeps it (null: never added, removed, or forgotten). */
  find(queue: string, jobId: string): Promise<FoundJob | null> {
    return this.call(() => this.backend.find(queue, jobId));
  }

  /** Round trip to the queue's store (for /health). */
  async ping(): Promise<void> {
    await this.call(() => this.backend.ping());
  }

  /** Re-creates every declared schedule the backend no longer has (one check at a time). */
  assertSchedules(atStart = false): Promise<void> {
    this.checking ??= this.check(atStart).finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async check(atStart: boolean): Promise<void> {
    try {
      const created = await this.backend.assertSchedules(this.schedules);
      if (atStart || created > 0) await this.restore();
    } catch (err) {
      this.log.warn(`job schedules not checked: ${(err as Error).message}`);
    }
  }

  /** Runs every feature's restore; one failing does not keep the others from theirs. */
  async restore(): Promise<void> {
    for (const r of this.restorers) {
      try {
        const n = await r.restore();
        this.log.log(`delayed jobs of ${r.name} checked (${JSON.stringify(n)})`);
      } catch (err) {
        this.log.warn(`delayed jobs of ${r.name} not restored: ${(err as Error).message}`);
      }
    }
  }

  /** Runs a job's handler here and now (the workers, and tests of a handler). */
  async run(queue: string, job: string, data: unknown, ctx: JobContext = { id: 'direct', attempt: 1, progress: async () => undefined }): Promise<unknown> {
    const handler = this.handlers.get(jobKey(queue, job));
    if (!handler) throw new Error(`no handler for job ${jobKey(queue, job)}`);
    try {
      return await handler(data, ctx);
    } catch (err) {
      this.log.warn(`job ${jobKey(queue, job)} ${ctx.id} failed (attempt ${ctx.attempt}): ${(err as Error).message}`);
      throw err;
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
}

function unavailable() {
  return new ServiceUnavailableException({ code: 'redis_unavailable', message: REDIS_DOWN_MESSAGE });
}
