import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../src/config/app-config';
import { dataSourceOptions } from '../../src/data-source';
import { DatabaseBackend } from '../../src/infra/queue/database-backend';
import { JobContext, JobToAdd } from '../../src/infra/queue/queue-types';
import { QueuedJob } from '../../src/infra/queue/queued-job.entity';
import { waitUntil } from '../factories/wait';
import { pgAdmin } from './harness';

jest.setTimeout(60_000);

type Seen = { queue: string; job: string; data: any; ctx: JobContext; at: number };

/**
 * The database queue on its own (the backend used without REDIS_URL), on this project's database:
 * delays, retries with back-off, idempotent ids, schedules, a claim lapsed by a dead process, and
 * two workers on one database never running a job twice.
 */
describe(`the database job queue (${process.env.TEST_DB})`, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fablab-queue-'));
  let db: DataSource;
  const backends: DatabaseBackend[] = [];

  const backend = (visibilityMs = 60_000) => {
    const b = new DatabaseBackend(db, { pollMs: 100, visibilityMs });
    backends.push(b);
    return b;
  };
  const worker = async (b: DatabaseBackend, seen: Seen[], handler: (s: Seen) => Promise<unknown> = async () => 'ok') => {
    await b.startWorkers(['test', 'other'], async (queue, job, data, ctx) => {
      const s = { queue, job, data, ctx, at: Date.now() };
      seen.push(s);
      return handler(s);
    });
  };
  const add = (b: DatabaseBackend, ...jobs: JobToAdd[]) => b.add('test', jobs);

  beforeAll(async () => {
    if (process.env.DATABASE_URL) await pgAdmin(process.env.DATABASE_URL, (name) => `CREATE DATABASE ${name}`);
    const config = AppConfig.fromEnv({ ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir });
    db = await new DataSource({ ...dataSourceOptions(config), migrationsRun: true }).initialize();
  });

  afterEach(async () => {
    await Promise.all(backends.splice(0).map((b) => b.close()));
    await db.getRepository(QueuedJob).clear();
  });

  afterAll(async () => {
    await db?.destroy();
    if (process.env.DATABASE_URL) await pgAdmin(process.env.DATABASE_URL, (name) => `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs a job now, and a delayed one not before its time', async () => {
    const b = backend();
    const seen: Seen[] = [];
    await worker(b, seen);
    const added = Date.now();
    await add(b, { job: 'now', data: { n: 1 } }, { job: 'later', data: { n: 2 }, opts: { delay: 1500 } });
    await waitUntil(() => seen.length === 2, 5000);
    expect(seen.map((s) => [s.job, s.data.n])).toEqual([
      ['now', 1],
      ['later', 2],
    ]);
    expect(seen[1].at - added).toBeGreaterThanOrEqual(1500);
    expect((await b.find('test', (await db.getRepository(QueuedJob).findOneByOrFail({ name: 'later' })).jobKey))?.state).toBe('completed');
  });

  it('ignores a second add with the same job id, and removes a waiting job by its id', async () => {
    const b = backend();
    await add(b, { job: 'remind', data: { v: 1 }, opts: { jobId: 'remind-1', delay: 60_000 } });
    await add(b, { job: 'remind', data: { v: 2 }, opts: { jobId: 'remind-1', delay: 1000 } });
    const found = await b.find('test', 'remind-1');
    expect(found).toMatchObject({ job: 'remind', data: { v: 1 }, state: 'delayed' });
    expect(found!.runAt.getTime()).toBeGreaterThan(Date.now() + 50_000);
    await b.remove('test', 'remind-1');
    expect(await b.find('test', 'remind-1')).toBeNull();
  });

  it('retries a failing job with a doubling back-off, then keeps it as failed', async () => {
    const b = backend();
    const seen: Seen[] = [];
    await worker(b, seen, async () => {
      throw new Error('SMTP refused');
    });
    await add(b, { job: 'mail', data: {}, opts: { jobId: 'mail-1', attempts: 3, backoffMs: 300 } });
    await waitUntil(async () => (await b.find('test', 'mail-1'))?.state === 'failed', 8000);
    expect(seen.map((s) => s.ctx.attempt)).toEqual([1, 2, 3]);
    expect(seen[1].at - seen[0].at).toBeGreaterThanOrEqual(300);
    expect(seen[2].at - seen[1].at).toBeGreaterThanOrEqual(600);
    expect((await db.getRepository(QueuedJob).findOneByOrFail({ jobKey: 'mail-1' })).lastError).toBe('SMTP refused');
  });

  it('runs again, after the visibility timeout, a job claimed by a process that died', async () => {
    // What a process that died while running a job leaves: the row active, its claim running out.
    const lapse = Date.now() + 800;
    await db.getRepository(QueuedJob).insert({
      id: '00000000-0000-4000-8000-000000000001',
      queue: 'test',
      name: 'analyse',
      jobKey: 'analyse-1',
      data: {},
      state: 'active',
      runAt: new Date(Date.now() - 5000),
      attempts: 1,
      maxAttempts: 1,
      backoffMs: 0,
      keepMs: 60_000,
      schedule: null,
      lockedBy: 'dead-process',
      lockedUntil: new Date(lapse),
      lastError: null,
      finishedAt: null,
      createdAt: new Date(),
    });
    const survivor = backend();
    const seen: Seen[] = [];
    await worker(survivor, seen);
    await waitUntil(() => seen.length === 1, 5000);
    expect(seen[0].at).toBeGreaterThanOrEqual(lapse);
    expect(seen[0].ctx).toMatchObject({ id: 'analyse-1', attempt: 2 });
    await waitUntil(async () => (await survivor.find('test', 'analyse-1'))?.state === 'completed', 5000);
  });

  it('keeps the claim of a long job renewed, so nobody else runs it meanwhile', async () => {
    const a = backend(600);
    const b = backend(600);
    const seen: Seen[] = [];
    await worker(a, seen, () => new Promise((r) => setTimeout(r, 2000)));
    await add(a, { job: 'long', data: {}, opts: { jobId: 'long-1' } });
    await waitUntil(() => seen.length === 1, 5000);
    await worker(b, seen);
    await waitUntil(async () => (await a.find('test', 'long-1'))?.state === 'completed', 5000);
    expect(seen).toHaveLength(1);
  });

  it('never runs a job twice with two workers on one database', async () => {
    const seen: Seen[] = [];
    const slow = () => new Promise((r) => setTimeout(r, 10));
    const [a, b] = [backend(), backend()];
    await add(a, ...Array.from({ length: 40 }, (_, i) => ({ job: 'mail', data: { i }, opts: { jobId: `m-${i}` } })));
    await Promise.all([worker(a, seen, slow), worker(b, seen, slow)]);
    await waitUntil(async () => (await db.getRepository(QueuedJob).countBy({ state: 'completed' })) === 40, 20_000);
    expect(seen.map((s) => s.data.i).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });

  it('keeps one run of a schedule waiting, however many processes declare it, and adds the next after each run', async () => {
    const schedule = { queue: 'other', job: 'tick', repeat: { every: 1000 } };
    const [a, b] = [backend(), backend()];
    expect(await a.assertSchedules([schedule])).toBe(1);
    await b.assertSchedules([schedule]);
    expect(await a.assertSchedules([schedule])).toBe(0);
    expect(await db.getRepository(QueuedJob).countBy({ schedule: 'other.tick', state: 'waiting' })).toBe(1);
    const seen: Seen[] = [];
    await worker(a, seen);
    await worker(b, seen);
    await waitUntil(() => seen.length >= 3, 6000);
    const runs = seen.map((s) => s.at);
    expect(runs[2] - runs[1]).toBeGreaterThan(500); // one run a second, not one per process
    // A schedule nobody declares any more is dropped at the next check, once no process declares it
    // (a run in flight when the last one stops declaring may still queue its successor: the check
    // after it settles drops that one too).
    await a.assertSchedules([]);
    await b.assertSchedules([]);
    await waitUntil(async () => (await db.getRepository(QueuedJob).countBy({ schedule: 'other.tick', state: 'active' })) === 0, 5000);
    await a.assertSchedules([]);
    expect(await db.getRepository(QueuedJob).countBy({ schedule: 'other.tick', state: 'waiting' })).toBe(0);
  });
});
