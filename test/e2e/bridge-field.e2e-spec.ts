import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { jobFileServer, simulatedPort, spawnBridge, writeConfig, BridgeProcess, ROOT as BRIDGE_ROOT } from '../../firmware-bridge/test/integration/harness';
import { BoardSim } from '../../firmware-bridge/src/simulators/board-sim';
import { GrblSim } from '../../firmware-bridge/src/simulators/grbl-sim';
import { MachineCommands } from '../../src/machines/machine-commands';
import { as } from '../factories/api.factory';
import { bridgeServerConfig, trainedMakerBehindBridge } from '../factories/bridge-site.factory';
import { waitUntil } from '../factories/wait';
import { startTestApp, TestApp } from './harness';

jest.setTimeout(240_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `fablab-bridge --config <file> --check`, as a site admin runs it (never blocking the server here). */
function runCheck(configFile: string): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, [path.join(BRIDGE_ROOT, 'dist', 'cli.js'), '--config', configFile, '--check'], {
    env: { ...process.env, FABLAB_LOG: 'warn' },
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return new Promise((r) => child.on('exit', (code) => r({ code, out })));
}

/**
 * The bridge in the field (issue 22): the real bridge process at its DEFAULT timings (grace 60 s,
 * lease 120 s renewed every 60 s by the real server, access timeout 2 s), a reader board on a
 * stable path that can be unplugged and plugged back, and a GRBL laser, against the real server.
 */
describe(`the bridge in the field, at the default timings (${process.env.TEST_DB})`, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fablab-field-'));
  const boardPath = path.join(dir, 'usb-fablab-board');
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  let t: TestApp;
  let config: string;
  let configObject: any;
  let bridge: BridgeProcess;
  let board: BoardSim;
  let unplugBoard: () => Promise<void>;
  let manager: string;
  let uid: string;
  let machineSlug: string;
  let siteSlug: string;

  const events = async (type: string) => (await t.app.get(DataSource).query(`SELECT "eventId" FROM processed_events WHERE type = '${type}'`)) as unknown[];
  const openSessions = async () => (await as(t, manager).get('/api/sessions/open').expect(200)).body as Array<{ id: string }>;
  const logs = () => bridge.logs.join('');

  async function plugBoard() {
    const port = await simulatedPort(boardPath);
    board = new BoardSim(port.device);
    unplugBoard = () => port.close();
  }

  async function startBridge() {
    bridge = spawnBridge(config);
    await waitUntil(async () => (await as(t, manager).get('/api/bridges')).body.some((b: any) => b.online), 30_000);
    await waitUntil(() => logs().includes('allow-list version'), 30_000);
  }

  async function badgeIn() {
    board.badge(uid);
    await waitUntil(() => board.relay, 20_000);
    await waitUntil(async () => (await openSessions()).length === 1, 20_000);
    return (await openSessions())[0].id;
  }

  async function startJob(lines: number) {
    const token = randomUUID();
    const gcode = Array.from({ length: lines }, (_, i) => `G1X${(i % 100) / 10}S${100 + (i % 9) * 10}`).join('\n') + '\n';
    const files = await jobFileServer(gcode, token);
    cleanups.push(() => new Promise((r) => files.server.close(r)));
    const jobId = `job-${randomUUID()}`;
    await t.app.get(MachineCommands).send(siteSlug, machineSlug, { type: 'start_job', jobId, url: `${files.url}/job.nc`, token, sha256: files.sha256 });
    return jobId;
  }

  beforeAll(async () => {
    t = await startTestApp({ DATA_DIR: dir });
    const made = await trainedMakerBehindBridge(t);
    const { site, laser, reg } = made;
    ({ manager, uid } = made);
    siteSlug = site.slug;
    machineSlug = laser.slug;

    await plugBoard();
    const grblPort = await simulatedPort();
    // About 10 s for a 300-line job: long enough to restart the bridge in the middle of it.
    const grbl = new GrblSim(grblPort.device, { bytesPerSecond: 0, planMs: 30, blockMs: 30 });
    cleanups.push(
      () => grbl.stop(),
      () => grblPort.close(),
      () => unplugBoard(),
    );
    configObject = {
      server: bridgeServerConfig(t, site, reg),
      dataDir: path.join(dir, 'bridge'),
      devices: [
        { name: 'lecteur', driver: 'fablab-board', port: boardPath, machine: laser.slug },
        { name: 'laser', driver: 'grbl', port: grblPort.path, machine: laser.slug },
      ],
      // Nothing about timings: the defaults (grace 60 s, idle 900 s, access timeout 2 s).
      machines: { [laser.slug]: { relay: 'lecteur' } },
    };
    config = writeConfig(dir, configObject);
    await startBridge();
    cleanups.push(() => bridge.kill('SIGKILL'));
  });

  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
    await t?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a badge-out ends the session on time (60 s) whatever lease renewals arrive meanwhile', async () => {
    // A denial first: the display gives the reason and what to do, on two lines of 16.
    board.badge('0A0B0C0D0E');
    await waitUntil(() => board.screen[0] === 'Badge inconnu', 10_000);
    expect(board.screen).toEqual(['Badge inconnu', "Voir l'accueil"]);
    const sessionId = await badgeIn();
    expect(board.screen[0]).toBe('Bonjour Amina');
    board.badge(uid); // second read of the holder's card: badge-out, 60 s of grace
    const out = Date.now();
    await waitUntil(() => board.screen[0]?.startsWith('Fin dans 60 s'), 5_000);
    // The server renews the lease every 60 s on its own; one more lands in the grace for sure.
    await sleep(20_000);
    await t.app.get(MachineCommands).unlock(siteSlug, machineSlug, sessionId);
    await sleep(50_000 - (Date.now() - out));
    expect(board.relay).toBe(true); // the maker may still finish the cut
    // The relay command crosses the serial line while session.ended crosses MQTT and the database:
    // either may land first on a loaded machine; both must land within the grace and a few seconds.
    await waitUntil(async () => (await openSessions()).length === 0, 20_000);
    await waitUntil(() => !board.relay, 5_000);
    expect(Date.now() - out).toBeLessThan(70_000);
    await waitUntil(() => board.screen[0] === 'Session terminee', 5_000);
    expect(logs()).toMatch(/renewed during the badge-out grace: the session still ends/);
  });

  it('a reader board unplugged and plugged back gets its relay back, and the session goes on', async () => {
    const sessionId = await badgeIn();
    await unplugBoard(); // the USB cable out: the stable path disappears
    await waitUntil(() => logs().includes('device lost'), 10_000);
    await sleep(1_500);
    // Plugged back: the board restarts with its relay off and says HELLO at once, before the
    // bridge, still in its back-off, has reopened the port.
    await plugBoard();
    await waitUntil(() => board.relay, 10_000);
    expect(logs()).toMatch(/lecteur back on .* after \d+ s/);
    const open = await openSessions();
    expect(open.map((s) => s.id)).toEqual([sessionId]); // a blip is not a badge-out
    // End it for the next test.
    await t.app.get(MachineCommands).lock(siteSlug, machineSlug, sessionId);
    await waitUntil(() => !board.relay, 10_000);
  });

  it('stopping the bridge (as an update does) waits for the running job; a second signal fails it, saying why', async () => {
    await startJob(300);
    await waitUntil(async () => (await events('job.started')).length === 1, 20_000);
    await waitUntil(() => board.screen[0] === 'Travail lance', 5_000); // the cue at the machine
    const exited = new Promise<number | null>((r) => bridge.proc.once('exit', (code) => r(code)));
    bridge.proc.kill('SIGTERM');
    await waitUntil(() => /waiting for job job-\S+ on \S+ to finish before stopping/.test(logs()), 5_000);
    await sleep(1_500);
    expect(bridge.proc.exitCode).toBeNull(); // still there, still streaming
    await waitUntil(async () => (await events('job.completed')).length === 1, 60_000);
    expect(await exited).toBe(0);
    expect(await events('job.failed')).toHaveLength(0);

    await startBridge();
    await startJob(300);
    await waitUntil(async () => (await events('job.started')).length === 2, 20_000);
    bridge.proc.kill('SIGTERM');
    await waitUntil(() => logs().includes('waiting for job'), 5_000);
    bridge.proc.kill('SIGTERM');
    await waitUntil(() => bridge.proc.exitCode !== null, 10_000);
    expect(logs()).toMatch(/job\.failed \(bridge stopped by force \(SIGTERM sent twice\) during the job\)/);
    // The failure reached the server (replayed from the journal if it could not go before the end).
    await startBridge();
    await waitUntil(async () => (await events('job.failed')).length === 1, 20_000);
  });

  it('--check says to stop the service first while it runs, then checks devices, MQTT login and rights, the allow-list and the job URL', async () => {
    const whileRunning = await runCheck(config);
    expect(whileRunning.code).toBe(1);
    expect(whileRunning.out).toMatch(/FAIL lecteur \(fablab-board, machine \S+\) \S+: port in use by another program: stop the service first/);
    expect(whileRunning.out).toMatch(/SKIP server checks/);
    expect(logs()).not.toMatch(/closed the connection/); // the running bridge was left alone

    const exited = new Promise((r) => bridge.proc.once('exit', r));
    bridge.proc.kill('SIGTERM');
    await exited;
    const stopped = await runCheck(config);
    expect(stopped.out).toMatch(/OK {3}lecteur .*: fablab-board/);
    expect(stopped.out).toMatch(/OK {3}laser .*: Grbl/);
    expect(stopped.out).toMatch(/OK {3}MQTT mqtt:\/\/\S+: login as bridge-\S+ accepted/);
    expect(stopped.out).toMatch(/OK {3}subscribe \(site \S+, bridge \S+\): 3 topics granted/);
    expect(stopped.out).toMatch(/OK {3}publish \S+\/status: accepted/);
    expect(stopped.out).toMatch(/OK {3}allow-list: version \d+, \d+ entries, signature good/);
    expect(stopped.out).toMatch(/OK {3}job files http:\/\/127\.0\.0\.1:\d+\/: server answers/);
    expect(stopped.code).toBe(0);

    // A wrong site slug is named, by --check and in the bridge's own log.
    const wrongDir = fs.mkdtempSync(path.join(dir, 'wrong-'));
    const wrong = writeConfig(wrongDir, { ...configObject, server: { ...configObject.server, site: 'autre-site' }, dataDir: path.join(wrongDir, 'data') });
    const checked = await runCheck(wrong);
    expect(checked.code).toBe(1);
    expect(checked.out).toMatch(/FAIL subscribe \(site autre-site, bridge \S+\): refused.*check server\.site/);
    bridge = spawnBridge(wrong);
    await waitUntil(() => /check server\.site "autre-site"/.test(logs()), 20_000);
    await sleep(5_000);
    const said = logs()
      .split('\n')
      .filter((l) => /server\.site "autre-site"/.test(l));
    expect(said.length).toBeLessThanOrEqual(4); // with back-off, not once a second
  });
});
