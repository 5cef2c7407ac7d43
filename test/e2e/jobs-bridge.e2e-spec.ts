import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { BoardSim } from '../../firmware-bridge/src/simulators/board-sim';
import { GrblSim } from '../../firmware-bridge/src/simulators/grbl-sim';
import { MarlinSim } from '../../firmware-bridge/src/simulators/marlin-sim';
import { simulatedPort, spawnBridge, writeConfig, BridgeProcess } from '../../firmware-bridge/test/integration/harness';
import {
  adminToken,
  as,
  createBadge,
  createMachine,
  createManager,
  createSite,
  createTraining,
  isoDaysAgo,
  recordPass,
  registerBridge,
} from '../factories/api.factory';
import { sampleGcode } from '../factories/gcode.factory';
import { createMaker, jobWhen, uploadJob } from '../factories/jobs.factory';
import { waitUntil } from '../factories/wait';
import { startTestApp, TestApp } from './harness';

jest.setTimeout(180_000);

/** Between the bridge and the broker: `cut()` drops the link (as a network failure would) until `restore()`. */
class CuttableLink {
  private readonly sockets = new Set<net.Socket>();
  private cutOff = false;
  private readonly server: net.Server;

  constructor(private readonly target: number) {
    this.server = net.createServer((inbound) => {
      if (this.cutOff) return inbound.destroy();
      const outbound = net.connect(this.target, '127.0.0.1');
      for (const [a, b] of [
        [inbound, outbound],
        [outbound, inbound],
      ]) {
        this.sockets.add(a);
        a.pipe(b);
        a.on('error', () => b.destroy());
        a.on('close', () => (this.sockets.delete(a), b.destroy()));
      }
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return `mqtt://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }

  cut(): void {
    this.cutOff = true;
    this.sockets.forEach((s) => s.destroy());
  }

  restore(): void {
    this.cutOff = false;
  }

  close(): Promise<void> {
    this.cut();
    return new Promise((r) => this.server.close(() => r()));
  }
}

/**
 * From an uploaded file to a finished part, through the real firmware-bridge process driving
 * simulated devices on pty pairs (a reader board + GRBL laser, a Marlin printer).
 */
describe(`fabrication jobs through the real bridge (${process.env.TEST_DB})`, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fablab-jobs-bridge-'));
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  let t: TestApp;
  let bridge: BridgeProcess;
  let board: BoardSim;
  let grbl: GrblSim;
  let marlin: MarlinSim;
  let manager: string;
  let maker: Awaited<ReturnType<typeof createMaker>>;
  let uid: string;
  let laser: { id: string; slug: string };
  let printer: { id: string; slug: string };
  let link: CuttableLink;
  let config: string;

  beforeAll(async () => {
    t = await startTestApp({ DATA_DIR: dataDir });
    const admin = await adminToken(t);
    const site = await createSite(t, admin);
    manager = (await createManager(t, admin, site.id)).token;
    laser = await createMachine(t, manager, site.id, { name: 'La découpeuse', type: 'laser', profile: { workArea: { x: 300, y: 200 }, controller: 'grbl' } });
    printer = await createMachine(t, manager, site.id, {
      name: "L'imprimante",
      type: 'printer',
      profile: { workArea: { x: 220, y: 220, z: 250 }, materials: ['PLA'], controller: 'marlin' },
    });
    const training = await createTraining(t, manager, site.id);
    maker = await createMaker(t, manager, site.id, 'Amina');
    uid = (await createBadge(t, manager, maker.person.id)).uid;
    await recordPass(t, manager, maker.person.id, training.id, isoDaysAgo(5));
    const reg = await registerBridge(t, admin, site.id, [laser.slug, printer.slug]);

    const boardPort = await simulatedPort();
    const grblPort = await simulatedPort();
    const marlinPort = await simulatedPort();
    board = new BoardSim(boardPort.device);
    grbl = new GrblSim(grblPort.device, { bytesPerSecond: 0, planMs: 1, blockMs: 1 });
    marlin = new MarlinSim(marlinPort.device, { bytesPerSecond: 0, planMs: 1, blockMs: 5 });
    cleanups.push(
      () => grbl.stop(),
      () => (marlin as any).stop?.(),
      () => boardPort.close(),
      () => grblPort.close(),
      () => marlinPort.close(),
    );
    link = new CuttableLink(Number(new URL(t.mqttUrl).port));
    const linkUrl = await link.listen();
    cleanups.push(() => link.close());
    config = writeConfig(dataDir, {
      server: {
        mqttUrl: linkUrl,
        site: site.slug,
        bridge: reg.bridge.slug,
        username: reg.credentials.username,
        password: reg.credentials.password,
        publicKey: reg.sitePublicKeyPem,
        httpBaseUrl: `${t.url}/`,
      },
      dataDir: path.join(dataDir, 'bridge'),
      accessTimeoutMs: 2000,
      devices: [
        { name: 'lecteur', driver: 'fablab-board', port: boardPort.path, machine: laser.slug },
        { name: 'laser', driver: 'grbl', port: grblPort.path, machine: laser.slug },
        { name: 'imprimante', driver: 'marlin', port: marlinPort.path, machine: printer.slug },
      ],
      machines: { [laser.slug]: { relay: 'lecteur', graceSeconds: 1, idleTimeoutSeconds: 600, powerThresholdMa: 300 } },
    });
    bridge = spawnBridge(config);
    cleanups.push(() => bridge.kill());
    await waitUntil(async () => (await as(t, manager).get('/api/bridges')).body.some((b: any) => b.online), 30_000);
    await waitUntil(() => bridge.logs.join('').includes('allow-list version'), 30_000);
  });

  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('upload → analysis → queued → badge-in at the machine → dispatched → streamed to GRBL → completed', async () => {
    const res = await uploadJob(t, maker.token, await sampleGcode('grbl', { size: 40, at: 10, layers: 30 }), { machineId: laser.id }, 'boite.nc').expect(201);
    const queued = await jobWhen(t, maker.token, res.body.id, (j) => j.status !== 'analysing');
    expect(queued).toMatchObject({ status: 'queued', queuePosition: 1 });
    expect(queued.analysis).toMatchObject({ estimatedFrom: 'moves', thumbnail: 'rendered' });

    board.badge(uid); // the owner at the machine: that is the confirmation
    await waitUntil(() => board.relay, 20_000);
    const done = await jobWhen(t, maker.token, queued.id, (j) => ['completed', 'failed', 'interrupted'].includes(j.status), 60_000);
    expect(done).toMatchObject({ status: 'completed', progress: 1, reason: null });
    expect(done.actualSeconds).toBeGreaterThanOrEqual(0);
    expect(done.startedAt).not.toBeNull();

    board.badge(uid); // badge-out
    await waitUntil(() => !board.relay, 20_000);
  });

  it('streams a PrusaSlicer file to the Marlin printer on the manager’s confirmation', async () => {
    const res = await uploadJob(t, maker.token, await sampleGcode('prusaslicer', { thumbnail: true, layers: 3 }), {
      machineId: printer.id,
      material: 'PLA',
    }).expect(201);
    const queued = await jobWhen(t, maker.token, res.body.id, (j) => j.status !== 'analysing');
    expect(queued.status).toBe('queued');
    await as(t, manager).post(`/api/jobs/${queued.id}/start`).expect(201);
    const done = await jobWhen(t, maker.token, queued.id, (j) => ['completed', 'failed', 'interrupted'].includes(j.status), 60_000);
    expect(done).toMatchObject({ status: 'completed', actualMaterialG: 3.69 });
  });

  it('keeps a print going through a network cut: "bridge lost" meanwhile, then the progress the bridge replays, then completed', async () => {
    const long = await sampleGcode('prusaslicer', { layers: 1500, layerHeight: 0.1, size: 10, at: 20 }); // ~6,000 moves at 5 ms each
    const res = await uploadJob(t, maker.token, long, { machineId: printer.id, material: 'PLA' }).expect(201);
    const queued = await jobWhen(t, maker.token, res.body.id, (j) => j.status !== 'analysing');
    await as(t, manager).post(`/api/jobs/${queued.id}/start`).expect(201);
    const running = await jobWhen(t, maker.token, queued.id, (j) => j.status === 'running' && j.progress > 0, 30_000);

    link.cut();
    const lost = await jobWhen(t, maker.token, queued.id, (j) => j.status !== 'running', 20_000);
    expect(lost.status).toBe('bridge_lost');
    expect((await as(t, maker.token).post(`/api/jobs/${queued.id}/requeue`).expect(409)).body.code).toBe('bridge_lost');
    await new Promise((r) => setTimeout(r, 4000)); // the printer goes on meanwhile
    link.restore();

    // Back online, the bridge's retained state may say "running" before its replayed progress lands.
    const back = await jobWhen(t, maker.token, queued.id, (j) => j.status !== 'bridge_lost' && j.progress > running.progress, 30_000);
    expect(['running', 'completed']).toContain(back.status);
    const done = await jobWhen(t, maker.token, queued.id, (j) => !['running', 'bridge_lost'].includes(j.status), 90_000);
    expect(done).toMatchObject({ status: 'completed', progress: 1, reason: null });
  });

  it('marks the job "bridge lost" when the bridge dies mid-job, and interrupted once the restarted bridge shows it no longer has it', async () => {
    const long = await sampleGcode('prusaslicer', { layers: 1500, layerHeight: 0.1, size: 10, at: 20 }); // ~6,000 moves at 5 ms each
    const res = await uploadJob(t, maker.token, long, { machineId: printer.id, material: 'PLA' }).expect(201);
    const queued = await jobWhen(t, maker.token, res.body.id, (j) => j.status !== 'analysing');
    expect(queued.status).toBe('queued');
    await as(t, manager).post(`/api/jobs/${queued.id}/start`).expect(201);
    await jobWhen(t, maker.token, queued.id, (j) => j.status === 'running', 30_000);
    await bridge.kill('SIGKILL');
    const lost = await jobWhen(t, maker.token, queued.id, (j) => j.status !== 'running', 30_000);
    expect(lost.status).toBe('bridge_lost');
    expect(lost.reason).toContain('Passerelle injoignable');
    expect((await as(t, maker.token).post(`/api/jobs/${queued.id}/requeue`).expect(409)).body.code).toBe('bridge_lost');
    // Restarted, the bridge publishes its machines' state: no job on the printer any more.
    bridge = spawnBridge(config);
    cleanups.push(() => bridge.kill());
    const settled = await jobWhen(t, maker.token, queued.id, (j) => j.status !== 'bridge_lost', 60_000);
    expect(settled.status).toBe('interrupted');
    expect(settled.reason).toContain('revenue sans ce travail');
    await as(t, maker.token).post(`/api/jobs/${queued.id}/requeue`).expect(201);
    expect((await as(t, maker.token).get(`/api/jobs/${queued.id}`)).body).toMatchObject({ status: 'queued', queuePosition: 1 });
  });
});
