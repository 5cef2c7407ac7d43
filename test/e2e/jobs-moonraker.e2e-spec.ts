import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnBridge, writeConfig, BridgeProcess } from '../../firmware-bridge/test/integration/harness';
import { MoonrakerSim } from '../../firmware-bridge/test/moonraker-sim';
import { adminToken, as, createMachine, createManager, createSite, registerBridge } from '../factories/api.factory';
import { sampleGcode } from '../factories/gcode.factory';
import { createMaker, jobWhen, uploadJob } from '../factories/jobs.factory';
import { waitUntil } from '../factories/wait';
import { startTestApp, TestApp } from './harness';

jest.setTimeout(180_000);

/**
 * A Klipper printer on the network: the real firmware-bridge process drives a simulated Moonraker
 * (JSON-RPC websocket + HTTP upload) — upload, print, pause and resume as job states, completion,
 * and a Klipper shutdown that fails the job with Klipper's words.
 */
describe(`jobs on a Moonraker (Klipper) printer through the real bridge (${process.env.TEST_DB})`, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fablab-jobs-moonraker-'));
  let t: TestApp;
  let bridge: BridgeProcess | undefined;
  let sim: MoonrakerSim;
  let manager: string;
  let maker: Awaited<ReturnType<typeof createMaker>>;
  let printer: { id: string; slug: string };

  beforeAll(async () => {
    t = await startTestApp({ DATA_DIR: dataDir });
    const admin = await adminToken(t);
    const site = await createSite(t, admin);
    manager = (await createManager(t, admin, site.id)).token;
    printer = await createMachine(t, manager, site.id, {
      name: 'Voron',
      type: 'printer',
      profile: { workArea: { x: 300, y: 300, z: 300 }, materials: ['PLA'] },
    });
    maker = await createMaker(t, manager, site.id, 'Chloé');
    const reg = await registerBridge(t, admin, site.id, [printer.slug]);
    sim = new MoonrakerSim({ apiKey: 'cle-de-test' });
    const url = await sim.listen();
    const config = writeConfig(dataDir, {
      server: {
        mqttUrl: t.mqttUrl,
        site: site.slug,
        bridge: reg.bridge.slug,
        username: reg.credentials.username,
        password: reg.credentials.password,
        publicKey: reg.sitePublicKeyPem,
        httpBaseUrl: `${t.url}/`,
      },
      dataDir: path.join(dataDir, 'bridge'),
      devices: [{ name: 'voron', driver: 'moonraker', url, apiKey: 'cle-de-test', machine: printer.slug }],
    });
    bridge = spawnBridge(config);
    await waitUntil(async () => (await as(t, manager).get('/api/bridges')).body.some((b: any) => b.online), 30_000);
    await waitUntil(() => bridge!.logs.join('').includes('voron on http://127.0.0.1'), 30_000);
  });

  afterAll(async () => {
    // A second SIGTERM stops it at once if a job were left running (the first waits for jobs).
    const stopping = bridge?.kill();
    setTimeout(() => bridge?.proc.kill('SIGTERM'), 5000).unref();
    await stopping;
    await sim?.close();
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('uploads the file to the printer, prints it, pauses and resumes as job states, and completes', async () => {
    const gcode = await sampleGcode('prusaslicer', { layers: 3 });
    const res = await uploadJob(t, maker.token, gcode, { machineId: printer.id, material: 'PLA' }, 'support.gcode').expect(201);
    const queued = await jobWhen(t, maker.token, res.body.id, (j) => j.status !== 'analysing');
    expect(queued.status).toBe('queued');
    await as(t, manager).post(`/api/jobs/${queued.id}/start`).expect(201);
    // The bridge downloaded the file, sent it to Moonraker with its checksum, and started it.
    await jobWhen(t, maker.token, queued.id, (j) => j.status === 'running', 30_000);
    expect(sim.uploads).toHaveLength(1);
    expect(sim.uploads[0]).toMatchObject({ root: 'gcodes', checksum: queued.fileSha256 });
    expect(sim.files.get(sim.uploads[0].filename)?.toString()).toBe(gcode);
    expect(sim.status.print_stats).toMatchObject({ state: 'printing', filename: sim.uploads[0].filename });

    sim.advance(0.4);
    await jobWhen(t, maker.token, queued.id, (j) => j.progress === 0.4, 20_000);

    await as(t, manager).post(`/api/jobs/${queued.id}/pause`).expect(201);
    await jobWhen(t, maker.token, queued.id, (j) => j.status === 'paused', 20_000);
    expect(sim.status.print_stats.state).toBe('paused');
    const page = await t.http().get('/jobs/queue').set('Authorization', `Bearer ${manager}`).expect(200);
    expect(page.text).toMatch(new RegExp(`data-job="${queued.id}" data-status="paused"><strong>En pause</strong> : support.gcode`));

    await as(t, manager).post(`/api/jobs/${queued.id}/resume`).expect(201);
    await jobWhen(t, maker.token, queued.id, (j) => j.status === 'running', 20_000);
    expect(sim.status.print_stats.state).toBe('printing');

    // Paused at the printer's own screen: the server hears it too, with why.
    sim.pauseAtPrinter();
    const atPrinter = await jobWhen(t, maker.token, queued.id, (j) => j.status === 'paused', 20_000);
    expect(atPrinter.reason).toContain('Mis en pause à la machine');
    sim.resumeAtPrinter();
    await jobWhen(t, maker.token, queued.id, (j) => j.status === 'running', 20_000);

    sim.advance(1);
    const done = await jobWhen(t, maker.token, queued.id, (j) => !['running', 'paused'].includes(j.status), 20_000);
    expect(done).toMatchObject({ status: 'completed', progress: 1, reason: null });
  });

  it('a Klipper shutdown fails the job with Klipper’s message and puts the machine to check', async () => {
    const res = await uploadJob(t, maker.token, await sampleGcode('prusaslicer', { layers: 3 }), { machineId: printer.id, material: 'PLA' }).expect(201);
    const queued = await jobWhen(t, maker.token, res.body.id, (j) => j.status !== 'analysing');
    await as(t, manager).post(`/api/jobs/${queued.id}/start`).expect(201);
    await jobWhen(t, maker.token, queued.id, (j) => j.status === 'running', 30_000);
    sim.advance(0.5);
    await jobWhen(t, maker.token, queued.id, (j) => j.progress === 0.5, 20_000);
    sim.shutdown('MCU shutdown: Timer too close');
    const failed = await jobWhen(t, maker.token, queued.id, (j) => j.status === 'failed', 20_000);
    expect(failed.reason).toBe('Klipper shutdown: MCU shutdown: Timer too close');
    expect(failed.lastAckedLine).toBeGreaterThan(0);
    await waitUntil(async () => (await as(t, manager).get(`/api/machines/${printer.id}`)).body.status === 'to_check', 20_000);
    expect((await as(t, manager).get(`/api/machines/${printer.id}`)).body.statusReason).toContain('Klipper s’est arrêté');
  });
});
