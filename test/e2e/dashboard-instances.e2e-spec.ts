import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { io, Socket } from 'socket.io-client';
import {
  adminToken,
  as,
  createBadge,
  createMachine,
  createManager,
  createPerson,
  createSite,
  createTraining,
  isoDaysAgo,
  randomUid,
  recordPass,
  registerBridge,
} from '../factories/api.factory';
import { createRedis } from '../../src/infra/queue/redis';
import { FakeBridge } from '../factories/bridge-client';
import { waitUntil } from '../factories/wait';
import { SHARED_REDIS_URL, startTestApp, TestApp } from './harness';

const MOSQUITTO = process.env.TEST_MOSQUITTO_URL ?? 'mqtt://127.0.0.1:1883';

/**
 * Two app instances behind one external broker: each MQTT message reaches one of them (shared
 * subscriptions), yet a wall screen on either instance sees everything.
 */
describe(`the dashboard across two instances (${process.env.TEST_DB})`, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fablab-dash-'));
  const env = {
    REDIS_URL: SHARED_REDIS_URL,
    DATA_DIR: dataDir,
    QUEUE_PREFIX: `d${randomBytes(4).toString('hex')}`,
    MQTT_URL: MOSQUITTO,
    MQTT_SHARED_GROUP: `dash-${randomUid(3).toLowerCase()}`,
  };
  let a: TestApp;
  let b: TestApp;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    a = await startTestApp(env, { keepDatabase: true });
    b = await startTestApp(env, { existingDatabase: true });
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await a?.close();
    await b?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  function screen(t: TestApp, token: string) {
    const got = { snapshots: [] as any[], batches: [] as any[] };
    const socket = io(`${t.url}/live`, { auth: { token, view: 'dashboard' }, transports: ['websocket'] });
    socket.on('dashboard.snapshot', (s) => got.snapshots.push(s));
    socket.on('dashboard.batch', (x) => got.batches.push(x));
    sockets.push(socket);
    const holderOf = (machineId: string) =>
      got.batches
        .flatMap((x) => x.tiles)
        .filter((p: any) => p.machineId === machineId && 'holder' in p)
        .at(-1)?.holder;
    return { got, holderOf };
  }

  /** A site with one machine, a manager, a person trained on it with a badge, and its bridge connected. */
  async function trainedSite(type: 'laser' | 'printer', name: string, firstName: string) {
    const admin = await adminToken(a);
    const site = await createSite(a, admin);
    const manager = (await createManager(a, admin, site.id)).token;
    const machine = await createMachine(a, manager, site.id, { type, name });
    const training = await createTraining(a, manager, site.id, { machineTypes: [type] });
    const person = await createPerson(a, manager, site.id, { firstName, lastName: 'Haddad' });
    const badge = await createBadge(a, manager, person.id);
    await recordPass(a, manager, person.id, training.id, isoDaysAgo(2));
    const reg = await registerBridge(a, admin, site.id, [machine.slug]);
    const bridge = await FakeBridge.connect(MOSQUITTO, reg.credentials, site.slug, reg.bridge.slug);
    return { site, manager, machine, badge, bridge };
  }

  it('shares a push with the other instances only while a browser there watches its site', async () => {
    const channel = createRedis(SHARED_REDIS_URL);
    const heard: string[] = [];
    await channel.subscribe(`${env.QUEUE_PREFIX}:live`);
    channel.on('message', (_c, raw: string) => heard.push(raw));
    const { site, manager, machine: laser, bridge } = await trainedSite('laser', 'Découpe laser', 'Awa');
    const pushes = () => heard.filter((m) => m.includes('"pushes"'));
    // Each status change is made through A's API, so A is the one that pushes it.
    const setStatus = (status: string) => as(a, manager).put(`/api/machines/${laser.id}/status`).send({ status }).expect(200);
    try {
      // Nobody watches: A keeps its pushes to itself.
      await setStatus('maintenance');
      await new Promise((r) => setTimeout(r, 300));
      expect(pushes()).toEqual([]);

      // A manager's live page on B hears what A pushes, through the channel.
      const statuses: any[] = [];
      const live = io(`${b.url}/live`, { auth: { token: manager }, transports: ['websocket'] });
      sockets.push(live);
      live.on('machine.status', (m) => statuses.push(m));
      await new Promise((r) => live.once('hello', r));
      await waitUntil(() => heard.some((m) => m.includes(`"site:${site.id}"`) && m.includes('"watching"')));
      await setStatus('free');
      await waitUntil(() => statuses.some((m) => m.machineId === laser.id && m.status === 'free'));
      expect(pushes().some((m) => m.includes('machine.status'))).toBe(true);
    } finally {
      await bridge.end();
      channel.disconnect();
    }
  });

  it('batches for a wall screen on the other instance only: an instance with no screen of its own still sends its share', async () => {
    const { manager, machine: laser, bridge } = await trainedSite('laser', 'Découpe laser', 'Inès');
    try {
      const onB = screen(b, manager);
      await waitUntil(() => onB.got.snapshots.length > 0);
      // Decided on A (this request goes to A), shown on B's screen only.
      await as(a, manager).put(`/api/machines/${laser.id}/status`).send({ status: 'maintenance', reason: 'Lentille à nettoyer' }).expect(200);
      await waitUntil(() => onB.got.batches.flatMap((x) => x.tiles).some((t: any) => t.machineId === laser.id && t.status === 'maintenance'));
    } finally {
      await bridge.end();
    }
  });

  it('shows a badge-in and the latest telemetry on both instances, whichever handled them', async () => {
    const { manager, machine: printer, badge, bridge } = await trainedSite('printer', 'Imprimante Prusa', 'Samir');
    try {
      await bridge.serve(printer.slug);
      const onA = screen(a, manager);
      const onB = screen(b, manager);
      await waitUntil(() => onA.got.snapshots.length > 0 && onB.got.snapshots.length > 0);

      expect((await bridge.badge(printer.slug, badge.uid)).decision).toBe('granted');
      await waitUntil(() => onA.holderOf(printer.id)?.displayName === 'Samir H.' && onB.holderOf(printer.id)?.displayName === 'Samir H.');

      const send = (i: number) =>
        bridge.client.publishAsync(
          bridge.topic(printer.slug, 'telemetry'),
          JSON.stringify({ ts: new Date().toISOString(), temps: { hotend: { actual: 200 + i } } }),
          { qos: 1 },
        );
      for (let i = 0; i < 20; i++) await send(i);
      await new Promise((r) => setTimeout(r, 800));
      await send(99);
      const hotend = async (t: TestApp) =>
        (await as(t, manager).get('/api/dashboard').expect(200)).body.tiles.find((x: any) => x.machineId === printer.id).temps?.hotend?.actual;
      await waitUntil(async () => (await hotend(a)) === 299 && (await hotend(b)) === 299);
    } finally {
      await bridge.end();
    }
  });
});
