import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { jobFileServer, simulatedPort, spawnBridge, writeConfig, BridgeProcess } from '../../firmware-bridge/test/integration/harness';
import { BoardSim } from '../../firmware-bridge/src/simulators/board-sim';
import { GrblSim } from '../../firmware-bridge/src/simulators/grbl-sim';
import { MachineCommands } from '../../src/machines/machine-commands';
import { MqttService } from '../../src/infra/mqtt/mqtt.service';
import { as } from '../factories/api.factory';
import { bridgeServerConfig, trainedMakerBehindBridge } from '../factories/bridge-site.factory';
import { waitUntil } from '../factories/wait';
import { startTestApp, TestApp } from './harness';

jest.setTimeout(180_000);

/**
 * The whole chain: the real firmware-bridge process, simulated devices on pty pairs (a reader
 * board and a GRBL laser), the real server with its embedded broker.
 */
describe(`the real bridge against the real server (${process.env.TEST_DB})`, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fablab-bridge-e2e-'));
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  let t: TestApp;
  let bridge: BridgeProcess;
  let board: BoardSim;
  let manager: string;
  let uid: string;
  let machineSlug: string;
  let siteSlug: string;
  let mqttPort: number;

  const events = async (type: string) => {
    const db = t.app.get(DataSource);
    return db.query(`SELECT "eventId" FROM processed_events WHERE type = '${type}'`) as Promise<unknown[]>;
  };

  beforeAll(async () => {
    t = await startTestApp({ DATA_DIR: dataDir }, { keepDatabase: true });
    mqttPort = t.app.get(MqttService).embeddedPort!;
    const made = await trainedMakerBehindBridge(t);
    const { site, laser, reg } = made;
    ({ manager, uid } = made);
    siteSlug = site.slug;
    machineSlug = laser.slug;

    const boardPort = await simulatedPort();
    const grblPort = await simulatedPort();
    board = new BoardSim(boardPort.device);
    const grbl = new GrblSim(grblPort.device, { bytesPerSecond: 0, planMs: 1, blockMs: 1 });
    cleanups.push(
      () => grbl.stop(),
      () => boardPort.close(),
      () => grblPort.close(),
    );
    const config = writeConfig(dataDir, {
      server: bridgeServerConfig(t, site, reg, 'http://127.0.0.1:1/'),
      dataDir: path.join(dataDir, 'bridge'),
      accessTimeoutMs: 2000,
      devices: [
        { name: 'lecteur', driver: 'fablab-board', port: boardPort.path, machine: laser.slug },
        { name: 'laser', driver: 'grbl', port: grblPort.path, machine: laser.slug },
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

  it('badge → unlock → job streamed → completed → badge-out → session ended', async () => {
    board.badge(uid);
    await waitUntil(() => board.relay, 20_000);
    await waitUntil(() => board.shown.some((s) => s.startsWith('Bonjour Amina')), 20_000);
    const open = (await as(t, manager).get('/api/sessions/open').expect(200)).body;
    expect(open).toHaveLength(1);

    const token = randomUUID();
    const gcode = Array.from({ length: 300 }, (_, i) => `G1X${(i % 100) / 10}S${100 + (i % 9) * 10}`).join('\n') + '\n';
    const files = await jobFileServer(gcode, token);
    cleanups.push(() => new Promise((r) => files.server.close(r)));
    const jobId = `job-${randomUUID()}`;
    await t.app.get(MachineCommands).send(siteSlug, machineSlug, {
      type: 'start_job',
      jobId,
      url: `${files.url}/job.nc`,
      token,
      sha256: files.sha256,
    });
    await waitUntil(async () => (await events('job.completed')).length === 1, 60_000);
    expect(await events('job.started')).toHaveLength(1);
    expect(files.hits).toEqual([200]);

    board.badge(uid); // a second read of the session's card: badge-out
    await waitUntil(async () => (await as(t, manager).get('/api/sessions/open')).body.length === 0, 20_000);
    await waitUntil(() => !board.relay, 20_000);
  });

  it('decides from the signed allow-list while the server is down, and replays the decisions once', async () => {
    await t.close();
    board.badge(uid);
    await waitUntil(() => board.relay, 20_000); // granted offline after the 2 s timeout
    board.badge('0102030405');
    await waitUntil(() => bridge.logs.join('').includes('0102030405: denied'), 20_000);
    // The person reads that the card is not on the list, not that the server failed.
    await waitUntil(() => board.screen[0] === 'Badge non admis', 5_000);
    expect(board.screen).toEqual(['Badge non admis', 'ici hors ligne']);

    t = await startTestApp({ DATA_DIR: dataDir, MQTT_PORT: String(mqttPort) }, { existingDatabase: true });
    // The manager's login and the bridge's credentials live in the database: both still work.
    await waitUntil(async () => {
      const rows = (await as(t, manager).get('/api/access/decisions')).body.filter((r: any) => r.source === 'offline');
      return rows.length === 2;
    }, 60_000);
    const rows = (await as(t, manager).get('/api/access/decisions')).body.filter((r: any) => r.source === 'offline');
    expect(rows.map((r: any) => [r.uid, r.decision]).sort()).toEqual(
      [
        ['0102030405', 'denied'],
        [uid, 'granted'],
      ].sort(),
    );
  });

  it('records the session opened offline once the bridge ends it', async () => {
    const before = (await as(t, manager).get('/api/sessions').expect(200)).body.length;
    board.badge(uid); // the offline session's card again: badge-out, then the 1 s grace
    await waitUntil(() => !board.relay, 20_000);
    await waitUntil(async () => (await as(t, manager).get('/api/sessions')).body.length === before + 1, 20_000);
    const [latest] = (await as(t, manager).get('/api/sessions').expect(200)).body;
    expect(latest).toMatchObject({ personName: 'Amina K.', endReason: 'badge_out' });
  });
});
