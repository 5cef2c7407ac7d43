import '../helpers';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { BoardSim } from '../../src/simulators/board-sim';
import { GrblSim } from '../../src/simulators/grbl-sim';
import { siteKeys, signedAllowList } from '../factories';
import { FakeServer, PrivateBroker, spawnBridge, writeConfig, simulatedPort, jobFileServer, uniqueSite, freePort, BridgeProcess } from './harness';

jest.setTimeout(120_000);

const UID = '04A224B2C35E80';
const raster = (n: number) => Array.from({ length: n }, (_, i) => `G1X${(i % 100) / 10}S${100 + (i % 9) * 10}`).join('\n') + '\n';

interface Rig {
  site: string;
  board: BoardSim;
  grbl: GrblSim;
  config: string;
  cleanup: Array<() => Promise<void> | void>;
}

async function rig(mqttUrl: string, httpBaseUrl: string, publicPem: string, grblPlanMs = 1): Promise<Rig> {
  const site = uniqueSite();
  const dir = mkdtempSync(join(tmpdir(), 'bridge-it-'));
  const boardPort = await simulatedPort();
  const grblPort = await simulatedPort();
  const board = new BoardSim(boardPort.device);
  const grbl = new GrblSim(grblPort.device, { bytesPerSecond: 0, planMs: grblPlanMs, blockMs: grblPlanMs });
  const config = writeConfig(dir, {
    server: {
      mqttUrl,
      site,
      bridge: 'atelier-1',
      username: `bridge-${site}`,
      password: 'not-checked-by-test-broker',
      publicKey: publicPem,
      httpBaseUrl,
    },
    dataDir: join(dir, 'data'),
    accessTimeoutMs: 2000,
    devices: [
      { name: 'lecteur', driver: 'fablab-board', port: boardPort.path, machine: 'laser-1' },
      { name: 'laser', driver: 'grbl', port: grblPort.path, machine: 'laser-1' },
    ],
    machines: { 'laser-1': { relay: 'lecteur', graceSeconds: 1, idleTimeoutSeconds: 600, powerThresholdMa: 300 } },
  });
  return {
    site,
    board,
    grbl,
    config,
    cleanup: [() => grbl.stop(), () => boardPort.close(), () => grblPort.close()],
  };
}

async function bridgeOnline(server: FakeServer, site: string) {
  await server.waitFor(
    () => server.received.find((r) => r.topic === `fablab/v1/${site}/bridges/atelier-1/status` && r.payload.online === true),
    'bridge status online',
  );
}

describe('the bridge process against Mosquitto', () => {
  const keys = siteKeys();
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('badge → unlock → job streamed → completed → badge-out → session ended', async () => {
    const token = randomUUID();
    const files = await jobFileServer(raster(300), token);
    cleanups.push(() => new Promise<void>((r) => files.server.close(() => r())));
    const r = await rig('mqtt://127.0.0.1:1883', files.url, keys.publicPem);
    cleanups.push(...r.cleanup);
    const server = new FakeServer('mqtt://127.0.0.1:1883', r.site);
    await server.connect();
    cleanups.push(() => server.close());
    server.decide = () => 'granted';
    const bridge: BridgeProcess = spawnBridge(r.config);
    cleanups.push(() => bridge.kill());
    await bridgeOnline(server, r.site);
    const status = server.received.find((x) => x.topic.endsWith('/bridges/atelier-1/status'))!;
    expect(status.payload).toMatchObject({ online: true, machines: ['laser-1'], version: expect.any(String) });
    await server.waitFor(() => r.board.commands.length >= 0 && bridge.logs.join('').includes('lecteur on'), 'board greeting');

    r.board.badge(UID);
    const badge = await server.waitFor(() => server.received.find((x) => x.topic.endsWith('/machines/laser-1/badge')), 'badge');
    expect(badge.payload).toEqual({
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      uid: UID,
      ts: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    await server.waitFor(() => r.board.relay, 'relay on');
    await server.waitFor(() => r.board.shown.includes('Bonjour Amina|Machine ouverte'), 'message shown');
    const unlockAck = await server.waitEvent('cmd.ack');
    expect(unlockAck.ok).toBe(true);

    const jobId = 'job-' + randomUUID();
    const startId = server.cmd('laser-1', { type: 'start_job', jobId, url: '/files/raster.gcode', token, sha256: files.sha256 });
    const completed = await server.waitEvent('job.completed', (e) => e.jobId === jobId);
    expect(completed.jobId).toBe(jobId);
    expect(files.hits).toEqual([200]);
    const events = server.events('laser-1');
    expect(events.find((e) => e.type === 'cmd.ack' && e.commandId === startId)).toMatchObject({ ok: true });
    expect(events.find((e) => e.type === 'job.started')).toMatchObject({ jobId });
    expect(events.findIndex((e) => e.type === 'job.started')).toBeLessThan(events.findIndex((e) => e.type === 'job.completed'));
    const telemetry = server.received.filter((x) => x.topic.endsWith('/machines/laser-1/telemetry')).map((x) => x.payload);
    expect(telemetry.some((t) => typeof t.state === 'string' && t.position && typeof t.ts === 'string')).toBe(true);
    const states = server.received.filter((x) => x.topic.endsWith('/machines/laser-1/state')).map((x) => x.payload.state);
    expect(states).toContain('running');

    // A second read of the session's card is a badge-out: grace (1 s here), then the lock.
    r.board.badge(UID);
    const ended = await server.waitEvent('session.ended');
    expect(ended).toMatchObject({ reason: 'badge_out', sessionId: expect.any(String), eventId: expect.any(String) });
    await server.waitFor(() => !r.board.relay, 'relay off');
    expect(r.board.beeps.length).toBeGreaterThan(0);

    // A bad payload is dropped and logged, never a crash; a stale command is ignored.
    server.client.publish(`fablab/v1/${r.site}/machines/laser-1/cmd`, '{"type":"unlock"');
    const staleId = randomUUID();
    server.client.publish(
      `fablab/v1/${r.site}/machines/laser-1/cmd`,
      JSON.stringify({ commandId: staleId, ts: new Date(Date.now() - 60_000).toISOString(), type: 'unlock', sessionId: randomUUID(), leaseSeconds: 60 }),
    );
    expect(await server.waitEvent('cmd.ack', (e) => e.commandId === staleId)).toMatchObject({ ok: false, error: 'stale_command' });
    expect(r.board.relay).toBe(false);
    expect(bridge.proc.exitCode).toBeNull();
  });

  it('broker cut mid-job and a bridge crash: every event is replayed once, in order', async () => {
    const port = await freePort();
    const broker = new PrivateBroker(port);
    await broker.start();
    cleanups.push(() => broker.stop('SIGKILL'));
    const url = `mqtt://127.0.0.1:${port}`;
    const token = randomUUID();
    const files = await jobFileServer(raster(400), token);
    cleanups.push(() => new Promise<void>((r) => files.server.close(() => r())));
    const r = await rig(url, files.url, keys.publicPem, 8);
    cleanups.push(...r.cleanup);
    // The server keeps a persistent session so that nothing published while it reconnects is lost to it.
    const server = new FakeServer(url, r.site, { clean: false });
    await server.connect();
    cleanups.push(() => server.close());
    server.decide = () => 'granted';
    server.client.publish(
      `fablab/v1/${r.site}/bridges/atelier-1/allowlist`,
      JSON.stringify(signedAllowList(keys.privateKey, { site: r.site, bridge: 'atelier-1', entries: [{ machine: 'laser-1', uid: UID }] })),
      { qos: 1, retain: true },
    );
    let bridge = spawnBridge(r.config);
    cleanups.push(() => bridge.kill());
    await bridgeOnline(server, r.site);
    await server.waitFor(() => bridge.logs.join('').includes('allow-list version 1 accepted'), 'allow-list accepted');
    await server.waitFor(() => bridge.logs.join('').includes('laser on'), 'grbl greeting');

    const jobId = 'job-' + randomUUID();
    server.cmd('laser-1', { type: 'start_job', jobId, url: '/job.nc', token, sha256: files.sha256 });
    await server.waitEvent('job.started');
    await broker.stop('SIGTERM'); // network gone mid-job

    // While the server is out of reach: the job goes on, badges are decided from the allow-list.
    await server.waitFor(() => r.grbl.blocksRun >= 400, 'job finished on the machine');
    r.board.badge(UID);
    await server.waitFor(() => r.board.relay, 'offline grant switches the relay on');
    r.board.badge('0102030405');
    await server.waitFor(() => bridge.logs.join('').includes('0102030405: denied'), 'offline denial');
    await new Promise((res) => setTimeout(res, 1500)); // job.completed journaled

    // Power cut: the bridge dies with events only on its disk; it comes back, then the network.
    await bridge.kill('SIGKILL');
    bridge = spawnBridge(r.config);
    await new Promise((res) => setTimeout(res, 1500));
    await broker.start();

    await server.waitEvent('job.completed', (e) => e.jobId === jobId, 90_000);
    await server.waitFor(() => server.events().filter((e) => e.type === 'offline.decision').length >= 2, 'offline decisions replayed', 90_000);
    await new Promise((res) => setTimeout(res, 1500)); // let anything doubled show up

    const events = server.events('laser-1');
    const ids = events.map((e) => e.eventId);
    const seen = new Map<string, string>();
    for (const e of events) {
      const s = JSON.stringify(e);
      // the same eventId never carries different content
      if (seen.has(e.eventId)) expect(s).toBe(seen.get(e.eventId));
      seen.set(e.eventId, s);
    }
    // Delivery is at least once (docs/MQTT-PROTOCOL.md, event acks): an event whose ack was lost
    // with the broker is sent again, always with the same content, and the server keeps it once
    // by its eventId. So the server's view is the events by id.
    const unique = events.filter((e, i) => ids.indexOf(e.eventId) === i);
    const types = unique.map((e) => e.type);
    expect(types.filter((t) => t === 'job.started')).toHaveLength(1);
    expect(types.filter((t) => t === 'job.completed')).toHaveLength(1);
    const decisions = unique.filter((e) => e.type === 'offline.decision');
    expect(decisions.map((d) => [d.uid, d.decision])).toEqual([
      [UID, 'granted'],
      ['0102030405', 'denied'],
    ]);
    expect(decisions[0]).toMatchObject({ machine: 'laser-1', ts: expect.any(String), reason: 'allowlist' });
    // in order: the order they were recorded in
    const ts = unique.map((e) => Date.parse(e.ts));
    expect([...ts].sort((a, b) => a - b)).toEqual(ts);
    expect(types.indexOf('job.started')).toBeLessThan(types.indexOf('job.completed'));
    expect(types.indexOf('job.completed')).toBeLessThan(types.indexOf('offline.decision'));
  });

  it('no server answer: the signed allow-list decides, and refuses when missing, badly signed or expired', async () => {
    const r = await rig('mqtt://127.0.0.1:1883', 'http://127.0.0.1:9', keys.publicPem);
    cleanups.push(...r.cleanup);
    const server = new FakeServer('mqtt://127.0.0.1:1883', r.site);
    await server.connect();
    cleanups.push(() => server.close());
    const bridge = spawnBridge(r.config);
    cleanups.push(() => bridge.kill());
    await bridgeOnline(server, r.site);
    await server.waitFor(() => bridge.logs.join('').includes('lecteur on'), 'board greeting');
    const decisions = () => server.events().filter((e) => e.type === 'offline.decision');
    const topic = `fablab/v1/${r.site}/bridges/atelier-1/allowlist`;
    const badgeAndWait = async (n: number) => {
      r.board.badge(UID);
      await server.waitFor(() => decisions().length >= n, `decision ${n}`);
      r.board.removeBadge();
      return decisions()[n - 1];
    };

    expect(await badgeAndWait(1)).toMatchObject({ uid: UID, decision: 'denied', reason: 'no_allowlist' });

    const tampered = signedAllowList(keys.privateKey, { site: r.site, bridge: 'atelier-1', entries: [{ machine: 'laser-1', uid: 'DEADBEEF' }] }) as any;
    tampered.entries[0].machine = 'laser-1';
    tampered.version = 99;
    server.client.publish(topic, JSON.stringify(tampered), { qos: 1, retain: true });
    await server.waitFor(() => bridge.logs.join('').includes('bad_signature'), 'tampered list refused');
    expect(await badgeAndWait(2)).toMatchObject({ decision: 'denied', reason: 'no_allowlist' });

    const expired = signedAllowList(keys.privateKey, { site: r.site, bridge: 'atelier-1', entries: [{ machine: 'laser-1', uid: UID }], expiresInMs: -1 });
    server.client.publish(topic, JSON.stringify(expired), { qos: 1, retain: true });
    await server.waitFor(() => bridge.logs.join('').includes('allow-list refused: expired'), 'expired list refused');
    expect(await badgeAndWait(3)).toMatchObject({ decision: 'denied', reason: 'no_allowlist' });

    const wrongKey = signedAllowList(siteKeys().privateKey, { site: r.site, bridge: 'atelier-1', entries: [{ machine: 'laser-1', uid: UID }] });
    server.client.publish(topic, JSON.stringify(wrongKey), { qos: 1, retain: true });
    await server.waitFor(() => bridge.logs.join('').split('bad_signature').length >= 3, 'list with the wrong key refused');

    const good = signedAllowList(keys.privateKey, { site: r.site, bridge: 'atelier-1', entries: [{ machine: 'laser-1', uid: UID }] });
    server.client.publish(topic, JSON.stringify(good), { qos: 1, retain: true });
    await server.waitFor(() => bridge.logs.join('').includes('accepted'), 'good list accepted');
    expect(await badgeAndWait(4)).toMatchObject({ uid: UID, decision: 'granted', machine: 'laser-1' });
    await server.waitFor(() => r.board.relay, 'relay on');
    // clear the retained list so the site leaves nothing behind
    server.client.publish(topic, '', { qos: 1, retain: true });
  });
});
