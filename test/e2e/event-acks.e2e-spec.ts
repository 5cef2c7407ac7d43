import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { simulatedPort, spawnBridge, writeConfig, BridgeProcess } from '../../firmware-bridge/test/integration/harness';
import { BoardSim } from '../../firmware-bridge/src/simulators/board-sim';
import { UsageSessions } from '../../src/access/usage-sessions';
import { MachinesService } from '../../src/machines/machines.service';
import { as, registerBridge } from '../factories/api.factory';
import { FakeBridge } from '../factories/bridge-client';
import { bridgeServerConfig, trainedMakerBehindBridge } from '../factories/bridge-site.factory';
import { waitUntil } from '../factories/wait';
import { startTestApp, TestApp } from './harness';

jest.setTimeout(120_000);

const processed = (t: TestApp, eventId: string) =>
  t.app.get(DataSource).query(`SELECT "eventId" FROM processed_events WHERE "eventId" = '${eventId}'`) as Promise<unknown[]>;

/** Bridge events are acknowledged on `acks` once applied; one whose application failed is applied when sent again. */
describe(`event acknowledgements (${process.env.TEST_DB})`, () => {
  let t: TestApp;
  let made: Awaited<ReturnType<typeof trainedMakerBehindBridge>>;
  let bridge: FakeBridge;

  beforeAll(async () => {
    t = await startTestApp();
    made = await trainedMakerBehindBridge(t);
    bridge = await FakeBridge.connect(t.mqttUrl, made.reg.credentials, made.site.slug, made.reg.bridge.slug);
    await bridge.serve(made.laser.slug);
    await bridge.client.subscribeAsync(bridge.topic(made.laser.slug, 'acks'), { qos: 1 });
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await bridge?.end();
    await t?.close();
  });

  const ackOf = (eventId: string, timeoutMs = 5000) =>
    bridge.waitFor((tp, p) => tp === bridge.topic(made.laser.slug, 'acks') && p.eventId === eventId, timeoutMs).then((m) => m.payload);
  const openSessions = async () => (await as(t, made.manager).get('/api/sessions/open').expect(200)).body as Array<{ id: string }>;

  it('a session.ended whose application fails is left unprocessed and unacknowledged, then applied when sent again', async () => {
    const reply = await bridge.badge(made.laser.slug, made.uid);
    expect(reply).toMatchObject({ decision: 'granted' });
    // The database fails for a while as the session is being ended (after the event was marked
    // processed, before the commit): freeing the machine is the step inside the transaction, after
    // the session's own update. The event fails in its batch, then alone (the fallback), both rolled back.
    const machines = t.app.get(MachinesService);
    const freeIfInUseIn = machines.freeIfInUseIn.bind(machines);
    let failing = true;
    let failures = 0;
    const fail = () => (failures++, Promise.reject(new Error('connexion à la base perdue')));
    jest.spyOn(machines, 'freeIfInUseIn').mockImplementation((em, ms) => (failing && ms.some((m) => m.id === made.laser.id) ? fail() : freeIfInUseIn(em, ms)));
    const eventId = randomUUID();
    const ended = { sessionId: reply.sessionId, reason: 'badge_out' };
    await bridge.event(made.laser.slug, 'session.ended', ended, eventId);
    await waitUntil(() => failures >= 2, 5000);
    await new Promise((r) => setTimeout(r, 700));
    expect(failures).toBe(2); // once in its batch, once alone
    expect(bridge.received.some((m) => m.payload?.eventId === eventId)).toBe(false); // not acknowledged
    expect(await processed(t, eventId)).toHaveLength(0); // rolled back with the failure
    expect((await openSessions()).map((s) => s.id)).toContain(reply.sessionId);

    failing = false;
    await bridge.event(made.laser.slug, 'session.ended', ended, eventId); // the bridge sends it again
    expect(await ackOf(eventId)).toMatchObject({ eventId, result: 'applied' });
    expect(await openSessions()).toEqual([]);
    expect(await processed(t, eventId)).toHaveLength(1);
    jest.restoreAllMocks();

    // A copy after that is acknowledged as already processed, and changes nothing.
    bridge.received.length = 0;
    await bridge.event(made.laser.slug, 'session.ended', { ...ended, reason: 'idle_timeout' }, eventId);
    expect(await ackOf(eventId)).toMatchObject({ eventId, result: 'duplicate' });
  });

  it('an invalid event is acknowledged as rejected, so the bridge stops sending it, and nothing is recorded', async () => {
    const eventId = randomUUID();
    await bridge.event(made.laser.slug, 'session.ended', { sessionId: 'pas-un-uuid', reason: 'badge_out' }, eventId);
    expect(await ackOf(eventId)).toMatchObject({ eventId, result: 'rejected', reason: expect.stringContaining('sessionId') });
    const noTime = randomUUID();
    await bridge.client.publishAsync(bridge.topic(made.laser.slug, 'events'), JSON.stringify({ eventId: noTime, type: 'alarm', code: 'E1' }), { qos: 1 });
    expect(await ackOf(noTime)).toMatchObject({ eventId: noTime, result: 'rejected', reason: expect.stringContaining('ts') });
    expect(await processed(t, eventId)).toHaveLength(0);
    expect(await processed(t, noTime)).toHaveLength(0);
  });

  it("another bridge may not read a bridge's acks (embedded broker)", async () => {
    const other = await registerBridge(t, made.admin, made.site.id, []);
    const stranger = await FakeBridge.connect(t.mqttUrl, other.credentials, made.site.slug, other.bridge.slug);
    try {
      // The embedded broker closes a client whose subscription it refuses.
      const closed = new Promise<void>((r) => stranger.client.once('close', () => r()));
      const refused = await stranger.client.subscribeAsync(stranger.topic(made.laser.slug, 'acks'), { qos: 1 }).then(
        (granted) => granted[0].qos === 128,
        () => true,
      );
      await Promise.race([closed, new Promise((r) => setTimeout(r, 2000))]);
      expect(refused || !stranger.client.connected).toBe(true);
      const eventId = await bridge.event(made.laser.slug, 'job.progress', { jobId: randomUUID(), progress: 0.5 });
      await ackOf(eventId);
      expect(stranger.received.some((m) => m.topic.endsWith('/acks'))).toBe(false);
    } finally {
      await stranger.end();
    }
  });
});

/** The real firmware-bridge process: the server instance that received its session.ended failed it. */
describe(`the real bridge sends an event again until the server acknowledges it (${process.env.TEST_DB})`, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fablab-acks-e2e-'));
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  let t: TestApp;
  let bridge: BridgeProcess;
  let board: BoardSim;
  let made: Awaited<ReturnType<typeof trainedMakerBehindBridge>>;

  beforeAll(async () => {
    t = await startTestApp({ DATA_DIR: dataDir });
    made = await trainedMakerBehindBridge(t);
    const boardPort = await simulatedPort();
    board = new BoardSim(boardPort.device);
    cleanups.push(() => boardPort.close());
    const config = writeConfig(dataDir, {
      server: bridgeServerConfig(t, made.site, made.reg, 'http://127.0.0.1:1/'),
      dataDir: path.join(dataDir, 'bridge'),
      accessTimeoutMs: 2000,
      devices: [{ name: 'lecteur', driver: 'fablab-board', port: boardPort.path, machine: made.laser.slug }],
      machines: { [made.laser.slug]: { relay: 'lecteur', graceSeconds: 1, idleTimeoutSeconds: 600, powerThresholdMa: 300 } },
    });
    bridge = spawnBridge(config);
    cleanups.push(() => bridge.kill());
    await waitUntil(async () => (await as(t, made.manager).get('/api/bridges')).body.some((b: any) => b.online), 30_000);
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    for (const c of cleanups.reverse()) await c();
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('a session.ended lost by the instance that received it still closes the session', async () => {
    const openSessions = async () => (await as(t, made.manager).get('/api/sessions/open').expect(200)).body as unknown[];
    board.badge(made.uid);
    await waitUntil(() => board.relay, 20_000);
    expect(await openSessions()).toHaveLength(1);

    // The first delivery of the session's events (session.closing, then session.ended) fails on the
    // server, as on an instance dying while it handles them: the broker had PUBACKed them already.
    // (session.closing reads the session, session.ended asks who holds it.)
    const access = t.app.get(UsageSessions);
    const findSession = access.findSession.bind(access);
    const holderOf = access.holderOf.bind(access);
    let failed = 0;
    const dying = () => Promise.reject(new Error('instance arrêtée'));
    jest.spyOn(access, 'findSession').mockImplementation((id: string) => (failed++ < 2 ? dying() : findSession(id)));
    jest.spyOn(access, 'holderOf').mockImplementation((id: string) => (failed++ < 2 ? dying() : holderOf(id)));
    board.badge(made.uid); // badge-out, then the 1 s grace
    await waitUntil(() => !board.relay, 20_000);
    await waitUntil(() => failed >= 2, 20_000);
    expect(await openSessions()).toHaveLength(1);

    // Not acknowledged: the bridge sends it again (first after about 10 s), and this time it is applied.
    await waitUntil(async () => (await openSessions()).length === 0, 45_000);
    const [latest] = (await as(t, made.manager).get('/api/sessions').expect(200)).body;
    expect(latest).toMatchObject({ endReason: 'badge_out' });
  });
});
