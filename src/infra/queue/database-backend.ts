import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Brackets, DataSource, In, IsNull, LessThan, Not, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { FoundJob, JobContext, JobToAdd, KEEP_FINISHED_MS, QueueBackend, Schedule, jobKey } from './queue-types';
import { QueuedJob } from './queued-job.entity';
import { firstRun, nextRun } from './repeat';

export interface DatabaseQueueOptions {
  /** How often idle workers look for due jobs. */
  pollMs: number;
  /** A claimed job whose worker gave no sign of life for this long is claimed again. */
  visibilityMs: number;
}

type Run = (queue: string, job: string, data: unknown, ctx: JobContext) => Promise<unknown>;

const CLEANUP_MS = 10 * 60_000;

/**
 * The job queue in the app's own database (SQLite or PostgreSQL), used when REDIS_URL is not set.
 * Any number of processes may work on it: a worker claims a due row with one conditional UPDATE
 * (only one UPDATE can move a row from due to active), renews its claim while the job runs, and a
 * row whose claim lapsed (its process died) is due again. Retries wait `backoffMs`, doubling.
 */
export class DatabaseBackend implements QueueBackend {
  readonly kind = 'database';
  private readonly log = new Logger('Queues');
  private readonly jobs: Repository<QueuedJob>;
  private readonly busy = new Set<string>();
  private readonly running = new Set<Promise<unknown>>();
  private readonly repeats = new Map<string, Schedule>();
  private queues: string[] = [];
  private run?: Run;
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;
  private lastCleanup = 0;
  private closed = false;

  constructor(
    db: DataSource,
    private readonly opts: DatabaseQueueOptions,
  ) {
    this.jobs = db.getRepository(QueuedJob);
  }

  get up(): boolean {
    return true;
  }

  onReady(): void {
    // The database is there or the app is not: nothing comes back.
  }

  async add(queue: string, jobs: JobToAdd[]): Promise<void> {
    const now = Date.now();
    const rows = jobs.map((j) => {
      const id = randomUUID();
      return this.row({
        id,
        queue,
        name: j.job,
        jobKey: j.opts?.jobId ?? id,
        data: j.data,
        runAt: new Date(now + Math.max(0, j.opts?.delay ?? 0)),
        maxAttempts: j.opts?.attempts ?? 1,
        backoffMs: j.opts?.backoffMs ?? 0,
        keepMs: j.opts?.keepMs ?? KEEP_FINISHED_MS,
      });
    });
    await this.insertIgnoringKnown(rows);
    if (jobs.some((j) => !j.opts?.delay)) this.wake();
  }

  async remove(queue: string, jobId: string): Promise<void> {
    await this.jobs.delete({ queue, jobKey: jobId, state: Not('active') });
  }

  async find(queue: string, jobId: string): Promise<FoundJob | null> {
    const j = await this.jobs.findOneBy({ queue, jobKey: jobId });
    if (!j) return null;
    const state = j.state === 'waiting' && j.runAt.getTime() > Date.now() ? 'delayed' : j.state;
    return { job: j.name, data: j.data, state, runAt: j.runAt, attempts: j.attempts };
  }

  async ping(): Promise<void> {
    await this.jobs.query('SELECT 1');
  }

  /** Each schedule has one run waiting (or running); runs of schedules nobody declares go. */
  async assertSchedules(schedules: readonly Schedule[]): Promise<number> {
    this.repeats.clear();
    for (const s of schedules) this.repeats.set(jobKey(s.queue, s.job), s);
    const pending = await this.jobs.find({ select: { schedule: true }, where: { state: In(['waiting', 'active']), schedule: Not(IsNull()) } });
    const have = new Set(pending.map((p) => p.schedule));
    let created = 0;
    for (const [key, s] of this.repeats) {
      if (have.has(key)) continue;
      await this.addRun(s, firstRun(s.repeat, Date.now()));
      created++;
    }
    const gone = [...have].filter((k): k is string => !!k && !this.repeats.has(k));
    if (gone.length) await this.jobs.delete({ schedule: In(gone), state: 'waiting' });
    if (created) this.wake();
    return created;
  }

  async startWorkers(queues: string[], run: Run): Promise<void> {
    this.queues = queues;
    this.run = run;
    this.timer = setInterval(() => this.wake(), this.opts.pollMs);
    this.timer.unref();
    this.wake();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.polling;
    await Promise.allSettled([...this.running]);
  }

  /** Looks for due jobs now (after an add, and every `pollMs`); one look at a time. */
  wake(): void {
    if (!this.run || this.closed || this.polling) return;
    this.polling = this.poll()
      .catch((err) => this.log.warn(`job queue (database): ${(err as Error).message}`))
      .finally(() => (this.polling = undefined));
  }

  private async poll(): Promise<void> {
    if (Date.now() - this.lastCleanup > CLEANUP_MS) await this.cleanup();
    const idle = this.queues.filter((q) => !this.busy.has(q));
    if (!idle.length) return;
    const now = new Date();
    const due = await this.dueQuery(idle, now).select(['j.id', 'j.queue']).orderBy('j.runAt', 'ASC').limit(20).getMany();
    for (const candidate of due) {
      if (this.busy.has(candidate.queue) || this.closed) continue;
      const job = await this.claim(candidate.id, now);
      if (job) this.start(job);
    }
  }

  private dueQuery(queues: string[], now: Date) {
    return this.jobs
      .createQueryBuilder('j')
      .where('j.queue IN (:...queues)', { queues })
      .andWhere(
        new Brackets((w) => w.where("j.state = 'waiting' AND j.runAt <= :now", { now }).orWhere("j.state = 'active' AND j.lockedUntil < :now", { now })),
      );
  }

  /** The conditional UPDATE is the claim: of two workers, the second finds the row no longer due. */
  private async claim(id: string, now: Date): Promise<QueuedJob | null> {
    const token = randomUUID();
    const res = await this.jobs
      .createQueryBuilder()
      .update(QueuedJob)
      .set({ state: 'active', lockedBy: token, lockedUntil: new Date(now.getTime() + this.opts.visibilityMs), attempts: () => '"attempts" + 1' })
      .where('id = :id', { id })
      .andWhere(
        new Brackets((w) => w.where('state = \'waiting\' AND "runAt" <= :now', { now }).orWhere('state = \'active\' AND "lockedUntil" < :now', { now })),
      )
      .execute();
    if (res.affected !== 1) return null;
    return this.jobs.findOneBy({ id, lockedBy: token });
  }

  private start(job: QueuedJob): void {
    this.busy.add(job.queue);
    const p = this.execute(job).finally(() => {
      this.busy.delete(job.queue);
      this.running.delete(p);
      this.wake();
    });
    this.running.add(p);
  }

  private async execute(job: QueuedJob): Promise<void> {
    const mine = { id: job.id, lockedBy: job.lockedBy! };
    const renew = setInterval(
      () => void this.jobs.update(mine, { lockedUntil: new Date(Date.now() + this.opts.visibilityMs) }).catch(() => undefined),
      this.opts.visibilityMs / 3,
    );
    renew.unref();
    let error: Error | undefined;
    try {
      await this.run!(job.queue, job.name, job.data, { id: job.jobKey, attempt: job.attempts, progress: async () => undefined });
    } catch (err) {
      error = err as Error;
    } finally {
      clearInterval(renew);
    }
    const now = Date.now();
    const retry = error && job.attempts < job.maxAttempts;
    const res = await this.jobs.update(
      mine,
      retry
        ? {
            state: 'waiting',
            runAt: new Date(now + job.backoffMs * 2 ** (job.attempts - 1)),
            lockedBy: null,
            lockedUntil: null,
            lastError: error!.message.slice(0, 500),
          }
        : {
            state: error ? 'failed' : 'completed',
            finishedAt: new Date(now),
            lockedBy: null,
            lockedUntil: null,
            lastError: error ? error.message.slice(0, 500) : null,
          },
    );
    if (res.affected !== 1) this.log.warn(`job ${jobKey(job.queue, job.name)} ${job.jobKey} ran past its claim (another worker took it over)`);
    const s = job.schedule ? this.repeats.get(job.schedule) : undefined;
    if (s && !retry)
      await this.addRun(s, nextRun(s.repeat, Math.max(now, job.runAt.getTime()))).catch((err) => this.log.warn(`next run of ${job.schedule}: ${err.message}`));
  }

  private async addRun(s: Schedule, at: number): Promise<void> {
    const id = randomUUID();
    const key = jobKey(s.queue, s.job);
    await this.insertIgnoringKnown([
      this.row({
        id,
        queue: s.queue,
        name: s.job,
        jobKey: `${key}@${at}`,
        data: s.data ?? {},
        runAt: new Date(at),
        maxAttempts: 1,
        backoffMs: 0,
        keepMs: 3600_000,
        schedule: key,
      }),
    ]);
  }

  private row(
    r: Pick<QueuedJob, 'id' | 'queue' | 'name' | 'jobKey' | 'data' | 'runAt' | 'maxAttempts' | 'backoffMs' | 'keepMs'> & { schedule?: string },
  ): QueuedJob {
    return this.jobs.create({
      ...r,
      schedule: r.schedule ?? null,
      state: 'waiting',
      attempts: 0,
      lockedBy: null,
      lockedUntil: null,
      lastError: null,
      finishedAt: null,
      createdAt: new Date(),
    });
  }

  /** A row whose (queue, jobKey) is already there is left as it is: adds are idempotent. */
  private async insertIgnoringKnown(rows: QueuedJob[]): Promise<void> {
    if (rows.length)
      await this.jobs
        .createQueryBuilder()
        .insert()
        .into(QueuedJob)
        .values(rows as QueryDeepPartialEntity<QueuedJob>[])
        .orIgnore()
        .execute();
  }

  /** Finished jobs are forgotten once kept long enough (their ids can then be used again). */
  private async cleanup(): Promise<void> {
    this.lastCleanup = Date.now();
    const finished = await this.jobs.find({
      select: { id: true, finishedAt: true, keepMs: true },
      where: { state: In(['completed', 'failed']), finishedAt: LessThan(new Date()) },
      take: 5000,
    });
    const old = finished.filter((j) => j.finishedAt!.getTime() + j.keepMs < Date.now()).map((j) => j.id);
    for (let i = 0; i < old.length; i += 500) await this.jobs.delete({ id: In(old.slice(i, i + 500)) });
  }
}
