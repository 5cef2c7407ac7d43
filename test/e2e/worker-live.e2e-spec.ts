import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { io, Socket } from 'socket.io-client';
import { adminToken, createMachine, createManager, createSite, createTraining, isoDaysAgo, randomUid, recordPass } from '../factories/api.factory';
import { sampleGcode } from '../factories/gcode.factory';
import { createMaker, uploadJob } from '../factories/jobs.factory';
import { waitUntil } from '../factories/wait';
import { SHARED_REDIS_URL, startTestApp, TestApp } from './harness';

jest.setTimeout(120_000);

const ROOT = path.join(__dirname, '..', '..');
const MOSQUITTO = process.env.TEST_MOSQUITTO_URL ?? 'mqtt://127.0.0.1:1883';

/**
 * `npm run worker` next to a web instance started with QUEUE_WORKERS=false: the web instance
 * only queues a job's analysis, the worker process runs it, and the job's change still reaches
 * the browsers connected to the web instance (socket.io's Redis adapter, RealtimeRelay).
 */
describe(`live pushes from the worker process (${process.env.TEST_DB})`, () => {
  if (process.env.TEST_DB !== 'postgres') {
    it('is covered on PostgreSQL (a worker needs Redis and an external broker)', () => expect(true).toBe(true));
    return;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fablab-worker-'));
  const env = {
    REDIS_URL: SHARED_REDIS_URL,
    DATA_DIR: dataDir,
    QUEUE_PREFIX: `w${randomBytes(4).toString('hex')}`,
    MQTT_URL: MOSQUITTO,
    MQTT_SHARED_GROUP: `worker-${randomUid(3).toLowerCase()}`,
  };
  let web: TestApp;
  let worker: ChildProcess | undefined;
  let socket: Socket | undefined;
  let workerOut = '';

  beforeAll(async () => {
    web = await startTestApp({ ...env, QUEUE_WORKERS: 'false' });
    worker = spawn(process.execPath, ['-r', './bench/register.js', 'src/worker.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...env, LOG_LEVEL: 'warn', PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (d: Buffer) => (workerOut += d.toString());
    worker.stdout!.on('data', collect);
    worker.stderr!.on('data', collect);
    await waitUntil(() => /worker ready/.test(workerOut) || worker!.exitCode !== null, 90_000);
    if (!/worker ready/.test(workerOut)) throw new Error(`the worker did not start:\n${workerOut}`);
  });

  afterAll(async () => {
    socket?.close();
    if (worker && worker.exitCode === null) {
      const exited = new Promise((r) => worker!.once('exit', r));
      worker.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (worker.exitCode === null) worker.kill('SIGKILL');
    }
    await web?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("delivers the worker's job analysis to a manager's live socket on the web instance", async () => {
    const admin = await adminToken(web);
    const site = await createSite(web, admin);
    const manager = (await createManager(web, admin, site.id)).token;
    const printer = await createMachine(web, manager, site.id, {
      name: 'Prusa',
      type: 'printer',
      slug: 'prusa-1',
      profile: { workArea: { x: 250, y: 210, z: 220 }, materials: ['PLA'], nozzleMm: 0.4, controller: 'marlin' },
    });
    const training = await createTraining(web, manager, site.id, { name: 'Impression 3D', machineTypes: ['printer'] });
    const maker = await createMaker(web, manager, site.id);
    await recordPass(web, manager, maker.person.id, training.id, isoDaysAgo(3));

    const updates: Array<{ id: string; status: string }> = [];
    socket = io(`${web.url}/live`, { auth: { token: manager }, transports: ['websocket'] });
    socket.on('job.update', (u) => updates.push(u));
    await new Promise<void>((resolve, reject) => {
      socket!.once('connect', () => resolve());
      socket!.once('connect_error', reject);
    });

    const res = await uploadJob(web, maker.token, await sampleGcode('prusaslicer'), { machineId: printer.id, material: 'PLA' }).expect(201);
    expect(res.body.status).toBe('analysing');
    // Only the worker runs jobs.analyse (the web instance has QUEUE_WORKERS=false): its push is the one that arrives.
    await waitUntil(() => updates.some((u) => u.id === res.body.id && u.status !== 'analysing'), 60_000);
    expect(updates.find((u) => u.id === res.body.id && u.status !== 'analysing')!.status).toBe('queued');
  });
});
