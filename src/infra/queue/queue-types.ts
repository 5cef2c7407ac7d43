/**
 * The words of the queue adapter, shared by its two backends (BullMQ on Redis, the app's database).
 * A job is named `<queue>.<job>` everywhere (handlers, schedules, logs): `bookings.remind`.
 */

/** What a handler may know and do about the job it runs. */
export interface JobContext {
  /** The job's id (its idempotency key when the producer gave one). */
  id: string;
  /** 1 on the first run, 2 on the first retry… */
  attempt: number;
  /** Progress in percent, for long jobs (G-code analysis). */
  progress(percent: number): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JobHandler<D = any> = (data: D, job: JobContext) => Promise<unknown>;

export interface AddOptions {
  /** Idempotency key: adding a job whose id is already there (waiting, running, or kept finished) does nothing. */
  jobId?: string;
  /** Run no earlier than this many milliseconds from now. */
  delay?: number;
  /** Runs in all (1: no retry). */
  attempts?: number;
  /** First retry after this long, then doubling. */
  backoffMs?: number;
  /** How long a finished job is kept (and so its id still refuses a new add), in ms. Default: 1 day. */
  keepMs?: number;
}

export interface JobToAdd<D = Record<string, unknown>> {
  job: string;
  data: D;
  opts?: AddOptions;
}

/** Either every so many milliseconds, or every day at a local time of a time zone. */
export type Repeat = { every: number } | { dailyAt: string; tz: string };

/** A repeatable job: one per `<queue>.<job>`, asserted at start and after Redis comes back empty. */
export interface Schedule {
  queue: string;
  job: string;
  repeat: Repeat;
  data?: Record<string, unknown>;
}

export const jobKey = (queue: string, job: string) => `${queue}.${job}`;

/** The default time a finished job (and its id) is kept. */
export const KEEP_FINISHED_MS = 24 * 3600_000;

/** A job as the backend has it (for /health, tests and the logs). */
export interface FoundJob {
  job: string;
  data: unknown;
  state: 'waiting' | 'delayed' | 'active' | 'completed' | 'failed';
  /** When it runs (or ran) at the earliest. */
  runAt: Date;
  attempts: number;
}

/** What `Queues` needs of a backend. */
export interface QueueBackend {
  readonly kind: 'redis' | 'database';
  /** True when jobs can be added now. */
  readonly up: boolean;
  add(queue: string, jobs: JobToAdd[]): Promise<void>;
  remove(queue: string, jobId: string): Promise<void>;
  find(queue: string, jobId: string): Promise<FoundJob | null>;
  /**
   * Makes sure every schedule has its next run waiting; removes schedules nobody declares any more.
   * Says how many it had to create (more than 0 after the start: the store lost them).
   */
  assertSchedules(schedules: readonly Schedule[]): Promise<number>;
  /** Starts running the jobs of `queues` through `run` (one job at a time per queue). */
  startWorkers(queues: string[], run: (queue: string, job: string, data: unknown, ctx: JobContext) => Promise<unknown>): Promise<void>;
  ping(): Promise<void>;
  /** Called with a listener run whenever the backend becomes able to take jobs again after a loss. */
  onReady(listener: () => void): void;
  close(): Promise<void>;
}
