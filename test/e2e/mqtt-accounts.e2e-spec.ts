import { randomUUID } from 'node:crypto';
import mqtt, { MqttClient } from 'mqtt';
import { DataSource } from 'typeorm';
import { movePlugsToServerPrefixes } from '../../migrations/plug-prefixes';
import { MosquittoDynsec } from '../../src/bridges/mosquitto-dynsec';
import { MachinePlug } from '../../src/plugs/entities/machine-plug.entity';
import { plugPrefix } from '../../src/plugs/plug-protocols';
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
  login,
  randomUid,
  recordPass,
  registerBridge,
} from '../factories/api.factory';
import { FakeBridge } from '../factories/bridge-client';
import { startDynsecMosquitto } from '../factories/mosquitto';
import { waitUntil } from '../factories/wait';
import { startTestApp, TestApp } from './harness';

jest.setTimeout(120_000);

/**
 * Every MQTT account kind (bridge, smart plug, monitor) reaches exactly its own topics, on the
 * embedded broker and on Mosquitto with dynamic security; accounts can be reset and removed.
 */
type Creds = { username: string; password: string };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const FORGED = 'forged-by-test';

function connect(url: string, creds: Creds): Promise<MqttClient> {
  return mqtt.connectAsync(url, { ...creds, clientId: creds.username, reconnectPeriod: 0, protocolVersion: 4, connectTimeout: 3000 });
}

/** Publishes on a connection of its own: aedes closes a connection whose publish it refuses. */
async function publishAs(url: string, creds: Creds, topic: string, payload: string, retain = false): Promise<void> {
  const c = await connect(url, creds);
  c.on('error', () => undefined);
  c.publish(topic, payload, { qos: 0, retain });
  await sleep(150);
  await c.endAsync(true).catch(() => undefined);
}

/** True when the broker refuses the subscription: SUBACK 128, or aedes closing the connection. */
async function subscribeRefused(url: string, creds: Creds, filter: string): Promise<boolean> {
  const c = await connect(url, creds);
  c.on('error', () => undefined);
  try {
    const closed = new Promise<boolean>((r) => c.once('close', () => r(true)));
    const answer = c
      .subscribeAsync(filter, { qos: 1 })
      .then((g) => g[0].qos === 128)
      .catch(() => true);
    return await Promise.race([answer, closed]);
  } finally {
    await c.endAsync(true).catch(() => undefined);
  }
}

/** A client that keeps what it receives. */
async function listener(url: string, creds: Creds, filters: string[]) {
  const client = await connect(url, creds);
  const got: Array<{ topic: string; payload: string }> = [];
  client.on('message', (topic, payload) => got.push({ topic, payload: payload.toString() }));
  const granted = await client.subscribeAsync(filters, { qos: 1 });
  expect(granted.every((g) => g.qos !== 128)).toBe(true);
  return { client, got };
}

const brokers: Array<[string, boolean]> = [
  ['embedded aedes broker', false],
  ['Mosquitto with dynamic security', true],
];

describe.each(brokers)(`MQTT accounts on the %s (${process.env.TEST_DB})`, (_name, dynsec) => {
  const server = { username: 'fablab-server', password: 'server-secret-123' };
  let broker: Awaited<ReturnType<typeof startDynsecMosquitto>> | undefined;
  let t: TestApp;
  let url: string;
  let admin: string;
  let maker: string;
  const siteA = { id: '', slug: '' };
  const siteB = { id: '', slug: '' };
  let managerA: string;
  let managerB: string;
  let uid: string;
  const open: Array<{ endAsync: (force?: boolean) => Promise<unknown> } | FakeBridge> = [];

  beforeAll(async () => {
    if (dynsec) broker = await startDynsecMosquitto(server);
    const env: Record<string, string> = broker
      ? { MQTT_URL: broker.url, MQTT_USERNAME: server.username, MQTT_PASSWORD: server.password, MQTT_DYNSEC: 'true' }
      : { MQTT_PUBLIC_URL: 'mqtt://mqtt.fablab.example.org:1883' };
    t = await startTestApp(env);
    url = t.mqttUrl;
    admin = await adminToken(t);
    Object.assign(siteA, await createSite(t, admin));
    Object.assign(siteB, await createSite(t, admin));
    managerA = (await createManager(t, admin, siteA.id)).token;
    managerB = (await createManager(t, admin, siteB.id)).token;
    const makerEmail = `maker-${randomUid(3).toLowerCase()}@test.fablab`;
    await createPerson(t, admin, siteA.id, { firstName: 'Malo', role: 'maker', email: makerEmail, password: 'maker-password-1' });
    maker = await login(t, makerEmail, 'maker-password-1');
    const training = await createTraining(t, managerA, siteA.id, { machineTypes: ['laser', 'cnc'] });
    const person = await createPerson(t, managerA, siteA.id);
    uid = (await createBadge(t, managerA, person.id)).uid;
    await recordPass(t, managerA, person.id, training.id, isoDaysAgo(3));
  });
  afterAll(async () => {
    for (const c of open) await (c instanceof FakeBridge ? c.end() : c.endAsync(true)).catch(() => undefined);
    await t?.close();
    await broker?.stop();
  });

  const slug = (prefix: string) => `${prefix}-${randomUid(3).toLowerCase()}`;

  async function bridgeFor(site: { id: string; slug: string }, manager: string, type = 'laser') {
    const machine = await createMachine(t, manager, site.id, { slug: slug(type), type });
    const reg = await registerBridge(t, admin, site.id, [machine.slug]);
    const bridge = await FakeBridge.connect(url, reg.credentials, site.slug, reg.bridge.slug);
    await bridge.serve(machine.slug);
    await bridge.client.subscribeAsync(`fablab/v1/${site.slug}/bridges/${reg.bridge.slug}/allowlist`, { qos: 1 });
    open.push(bridge);
    return { machine, reg, bridge };
  }

  async function plugFor(manager: string, machineId: string, kind: 'tasmota' | 'shelly') {
    const res = await as(t, manager).put(`/api/machines/${machineId}/plug`, { kind, busyWatts: 20 }).expect(200);
    return { creds: res.body.credentials as Creds, prefix: res.body.plug.topic as string, body: res.body };
  }

  it("keeps a site's smart-plug credential to its own device topics", async () => {
    const a = await bridgeFor(siteA, managerA);
    const b = await bridgeFor(siteB, managerB, 'cnc');
    const plugA = await plugFor(managerA, a.machine.id, 'tasmota');
    const shellyMachine = await createMachine(t, managerA, siteA.id, { slug: slug('laser') });
    const shellyA = await plugFor(managerA, shellyMachine.id, 'shelly');
    const plugMachineB = await createMachine(t, managerB, siteB.id, { slug: slug('laser') });
    const plugB = await plugFor(managerB, plugMachineB.id, 'tasmota');
    expect(plugA.prefix).toMatch(/^fl-[0-9a-f]{12}$/);
    expect(new Set([plugA.prefix, shellyA.prefix, plugB.prefix]).size).toBe(3);

    // The plug's own topics work: it is switched on when a session opens on its machine.
    const ownA = await listener(url, plugA.creds, [`cmnd/${plugA.prefix}/#`]);
    open.push(ownA.client);
    const witnessB = await listener(url, plugB.creds, [`cmnd/${plugB.prefix}/#`]);
    open.push(witnessB.client);
    expect((await a.bridge.badge(a.machine.slug, uid)).decision).toBe('granted');
    await waitUntil(() => ownA.got.some((m) => m.topic === `cmnd/${plugA.prefix}/POWER` && m.payload === 'ON'));

    const bRoot = `fablab/v1/${siteB.slug}`;
    const forged = [
      [
        `${bRoot}/machines/${b.machine.slug}/cmd`,
        JSON.stringify({ commandId: randomUUID(), type: 'unlock', sessionId: randomUUID(), leaseSeconds: 120, ts: new Date().toISOString(), note: FORGED }),
      ],
      [`${bRoot}/machines/${b.machine.slug}/access`, JSON.stringify({ requestId: randomUUID(), decision: 'granted', note: FORGED })],
      [`${bRoot}/machines/${b.machine.slug}/events`, JSON.stringify({ eventId: randomUUID(), type: 'alarm', code: FORGED, ts: new Date().toISOString() })],
      [
        `fablab/v1/${siteA.slug}/machines/${a.machine.slug}/events`,
        JSON.stringify({ eventId: randomUUID(), type: 'alarm', code: FORGED, ts: new Date().toISOString() }),
      ],
      [`cmnd/${plugB.prefix}/POWER`, 'ON'],
    ];
    for (const creds of [plugA.creds, shellyA.creds]) {
      for (const [topic, payload] of forged) await publishAs(url, creds, topic, payload);
      await publishAs(url, creds, `${bRoot}/bridges/${b.reg.bridge.slug}/allowlist`, JSON.stringify({ note: FORGED }), true);
    }
    await sleep(800);
    expect(b.bridge.received.filter((m) => JSON.stringify(m.payload).includes(FORGED))).toEqual([]);
    expect(witnessB.got.filter((m) => m.topic === `cmnd/${plugB.prefix}/POWER`)).toEqual([]);
    for (const m of [a.machine, b.machine]) {
      const status = (await as(t, admin).get(`/api/machines/${m.id}`).expect(200)).body.status;
      expect(status).not.toBe('to_check');
    }

    for (const [creds, prefix] of [
      [plugA.creds, plugA.prefix],
      [shellyA.creds, shellyA.prefix],
    ] as const) {
      const refusals = [
        '#',
        'fablab/#',
        `${bRoot}/machines/+/cmd`,
        `fablab/v1/${siteA.slug}/machines/${a.machine.slug}/cmd`,
        'cmnd/+/POWER',
        `cmnd/${plugB.prefix}/#`,
        `tele/${plugB.prefix}/#`,
        `${plugB.prefix}/#`,
      ];
      for (const filter of refusals) expect([filter, await subscribeRefused(url, creds, filter)]).toEqual([filter, true]);
      const own = creds === plugA.creds ? `cmnd/${prefix}/POWER` : `${prefix}/rpc`;
      expect([own, await subscribeRefused(url, creds, own)]).toEqual([own, false]);
    }
  });

  it("refuses a prefix typed by a manager, and never returns a secret's hash", async () => {
    const m = await createMachine(t, managerA, siteA.id, { slug: slug('laser') });
    const typed = await as(t, managerA).put(`/api/machines/${m.id}/plug`, { kind: 'shelly', topic: 'fablab', busyWatts: 20 }).expect(400);
    expect(JSON.stringify(typed.body)).toMatch(/choisi par le serveur/);
    const plug = await plugFor(managerA, m.id, 'shelly');
    const pairing = await as(t, admin)
      .post('/api/bridges', { siteId: siteA.id, slug: slug('pont') })
      .expect(201);
    const reset = await as(t, admin).post(`/api/bridges/${pairing.body.bridge.id}/secret`).expect(201);
    const monitor = await as(t, managerA)
      .post('/api/monitors', { slug: slug('ecran') })
      .expect(201);
    const answers = [
      plug.body,
      pairing.body,
      reset.body,
      monitor.body,
      (await as(t, managerA).get(`/api/machines/${m.id}/plug`).expect(200)).body,
      (await as(t, admin).get('/api/bridges').expect(200)).body,
      (await as(t, managerA).get('/api/bridges').expect(200)).body,
      (await as(t, managerA).get('/api/monitors').expect(200)).body,
      (await as(t, managerA).get('/api/people').expect(200)).body,
      (await as(t, managerA).get('/api/badges').expect(200)).body,
    ];
    for (const body of answers) expect(JSON.stringify(body)).not.toMatch(/secretHash|passwordHash|tokenHash/);
    expect(pairing.body.httpBaseUrl).toBe(t.config.publicUrl);
    if (!dynsec) expect(pairing.body.credentials.mqttUrl).toBe('mqtt://mqtt.fablab.example.org:1883');
  });

  it("lets a bridge end only its own machines' sessions", async () => {
    const one = await bridgeFor(siteA, managerA);
    const two = await bridgeFor(siteA, managerA, 'cnc');
    const granted = await two.bridge.badge(two.machine.slug, uid);
    expect(granted.decision).toBe('granted');
    await one.bridge.event(one.machine.slug, 'session.ended', { sessionId: granted.sessionId, reason: 'badge_out' });
    await sleep(800);
    const openSessions = (await as(t, managerA).get('/api/sessions/open').expect(200)).body as Array<{ id: string }>;
    expect(openSessions.map((s) => s.id)).toContain(granted.sessionId);
    // Its own bridge still can.
    await two.bridge.event(two.machine.slug, 'session.ended', { sessionId: granted.sessionId, reason: 'badge_out' });
    await waitUntil(async () => !(await as(t, managerA).get('/api/sessions/open')).body.some((s: { id: string }) => s.id === granted.sessionId));
  });

  it("names nobody of another site in a bridge's replayed offline decision", async () => {
    const a = await bridgeFor(siteA, managerA);
    const stranger = await createPerson(t, managerB, siteB.id, { firstName: 'Yann' });
    const card = await createBadge(t, managerB, stranger.id);
    const eventId = randomUUID();
    await a.bridge.event(a.machine.slug, 'offline.decision', { uid: card.uid, decision: 'granted', ts: new Date().toISOString() }, eventId);
    let row: { personId: string | null } | undefined;
    await waitUntil(async () => {
      row = (await as(t, managerA).get('/api/access/decisions').expect(200)).body.find((d: { requestId: string }) => d.requestId === eventId);
      return !!row;
    });
    expect(row!.personId).toBeNull();
  });

  it('takes a machine out of the rules of the bridge that served it before, at once', async () => {
    const before = await bridgeFor(siteA, managerA);
    const after = await bridgeFor(siteA, managerA, 'cnc');
    await as(t, managerA)
      .put(`/api/bridges/${after.reg.bridge.id}/machines`, { machines: [after.machine.slug, before.machine.slug] })
      .expect(200);
    const requestId = randomUUID();
    await publishAs(
      url,
      before.reg.credentials,
      before.bridge.topic(before.machine.slug, 'badge'),
      JSON.stringify({ requestId, uid, ts: new Date().toISOString() }),
    );
    await sleep(800);
    const decisions = (await as(t, managerA).get('/api/access/decisions').expect(200)).body as Array<{ requestId: string }>;
    expect(decisions.some((d) => d.requestId === requestId)).toBe(false);
    await after.bridge.serve(before.machine.slug);
    expect((await after.bridge.badge(before.machine.slug, uid)).requestId).toBeDefined();
  });

  it("gives a read-only monitoring account of one site's status and state", async () => {
    await as(t, maker)
      .post('/api/monitors', { siteId: siteA.id, slug: slug('ecran') })
      .expect(403);
    await as(t, managerB)
      .post('/api/monitors', { siteId: siteA.id, slug: slug('ecran') })
      .expect(403);
    const mine = await as(t, managerA)
      .post('/api/monitors', { siteId: siteA.id, slug: slug('ecran') })
      .expect(201);
    const res = await as(t, admin)
      .post('/api/monitors', { siteId: siteA.id, slug: slug('ecran') })
      .expect(201);
    await as(t, managerB).delete(`/api/monitors/${mine.body.monitor.id}`).expect(404);
    await as(t, managerB).post(`/api/monitors/${mine.body.monitor.id}/secret`).expect(404);
    expect((await as(t, managerB).get('/api/monitors').expect(200)).body).toEqual([]);
    const creds = res.body.credentials as Creds;
    const root = `fablab/v1/${siteA.slug}`;
    const a = await bridgeFor(siteA, managerA);
    for (const filter of [
      '#',
      `${root}/#`,
      `${root}/machines/+/cmd`,
      `${root}/machines/+/badge`,
      `${root}/bridges/+/allowlist`,
      `fablab/v1/${siteB.slug}/machines/+/state`,
      `fablab/v1/+/machines/+/state`,
    ]) {
      expect([filter, await subscribeRefused(url, creds, filter)]).toEqual([filter, true]);
    }
    await publishAs(url, creds, a.bridge.topic(a.machine.slug, 'cmd'), JSON.stringify({ type: 'unlock', note: FORGED }));
    await sleep(500);
    expect(a.bridge.received.filter((m) => JSON.stringify(m.payload).includes(FORGED))).toEqual([]);

    // One connection at a time per account (same client id): the allowed reading comes last.
    const seen = await listener(url, creds, [`${root}/machines/+/state`, `${root}/bridges/+/status`]);
    open.push(seen.client);
    await a.bridge.client.publishAsync(a.bridge.topic(a.machine.slug, 'state'), JSON.stringify({ state: 'locked', ts: new Date().toISOString() }), {
      qos: 1,
      retain: true,
    });
    await waitUntil(() => seen.got.some((m) => m.topic === `${root}/machines/${a.machine.slug}/state`));

    // Removed: cut off at once, and refused at the next connection.
    const closed = new Promise<void>((r) => seen.client.once('close', () => r()));
    await as(t, managerA).delete(`/api/monitors/${res.body.monitor.id}`).expect(204);
    await closed;
    await expect(connect(url, creds)).rejects.toThrow();
  });

  it('resets a lost bridge password and removes a bridge, cutting the old connection off', async () => {
    const a = await bridgeFor(siteA, managerA);
    const id = a.reg.bridge.id;
    for (const token of [maker, managerA, managerB]) {
      await as(t, token).post(`/api/bridges/${id}/secret`).expect(403);
      await as(t, token).delete(`/api/bridges/${id}`).expect(403);
    }
    const kicked = new Promise<void>((r) => a.bridge.client.once('close', () => r()));
    const reset = await as(t, admin).post(`/api/bridges/${id}/secret`).expect(201);
    await kicked;
    await expect(connect(url, a.reg.credentials)).rejects.toThrow();
    const again = await FakeBridge.connect(url, reset.body.credentials, siteA.slug, a.reg.bridge.slug);
    open.push(again);
    await again.serve(a.machine.slug);
    expect((await again.badge(a.machine.slug, uid)).decision).toBeDefined();

    const gone = new Promise<void>((r) => again.client.once('close', () => r()));
    await as(t, admin).delete(`/api/bridges/${id}`).expect(204);
    await gone;
    await expect(connect(url, reset.body.credentials)).rejects.toThrow();
    expect((await as(t, admin).get(`/api/bridges?siteId=${siteA.id}`).expect(200)).body.map((b: { id: string }) => b.id)).not.toContain(id);
    // The name is free again.
    await as(t, admin)
      .post('/api/bridges', { siteId: siteA.id, slug: a.reg.bridge.slug, machines: [a.machine.slug] })
      .expect(201);
  });

  if (!dynsec) {
    it('refuses a retained badge from a bridge (it would be replayed at every subscription)', async () => {
      const a = await bridgeFor(siteA, managerA);
      const requestId = randomUUID();
      const closed = new Promise<void>((r) => a.bridge.client.once('close', () => r()));
      a.bridge.client.publish(a.bridge.topic(a.machine.slug, 'badge'), JSON.stringify({ requestId, uid, ts: new Date().toISOString() }), {
        qos: 1,
        retain: true,
      });
      await Promise.race([closed, sleep(3000).then(() => Promise.reject(new Error('the retained badge was accepted')))]);
      await sleep(500);
      const decisions = (await as(t, managerA).get('/api/access/decisions').expect(200)).body as Array<{ requestId: string }>;
      expect(decisions.some((d) => d.requestId === requestId)).toBe(false);
    });

    it('moves a plug paired with a typed prefix to the prefix the server chooses (migration)', async () => {
      const m = await createMachine(t, managerA, siteA.id, { slug: slug('laser') });
      const plugs = t.app.get(DataSource).getRepository(MachinePlug);
      const typed = await plugs.save(
        plugs.create({
          siteId: siteA.id,
          machineId: m.id,
          kind: 'shelly',
          topic: 'fablab',
          username: `plug-legacy-${randomUid(3)}`,
          secretHash: 'x'.repeat(64),
        }),
      );
      const runner = t.app.get(DataSource).createQueryRunner();
      try {
        await movePlugsToServerPrefixes(runner);
      } finally {
        await runner.release();
      }
      expect((await plugs.findOneByOrFail({ id: typed.id })).topic).toBe(plugPrefix(siteA.id, m.id));
      expect((await as(t, managerA).get(`/api/machines/${m.id}/plug`).expect(200)).body.topic).toBe(plugPrefix(siteA.id, m.id));
    });
  }

  if (dynsec) {
    it('leaves neither a bridge nor a taken name when Mosquitto fails during pairing', async () => {
      const machine = await createMachine(t, managerA, siteA.id, { slug: slug('laser') });
      const service = t.app.get(MosquittoDynsec);
      const real = service.command.bind(service);
      const spy = jest
        .spyOn(service, 'command')
        .mockImplementation(async (command, body) => (command === 'createClient' ? { command, error: 'Simulated failure' } : real(command, body)));
      const name = slug('pont');
      try {
        const failed = await as(t, admin)
          .post('/api/bridges', { siteId: siteA.id, slug: name, machines: [machine.slug] })
          .expect(503);
        expect(failed.body.message).toMatch(/rien n'a été enregistré/);
      } finally {
        spy.mockRestore();
      }
      expect((await as(t, admin).get(`/api/bridges?siteId=${siteA.id}`).expect(200)).body.map((b: { slug: string }) => b.slug)).not.toContain(name);
      const role = await service.command('getRole', { rolename: `bridge-${siteA.slug}-${name}` });
      expect(role.error).toMatch(/not found/i);
      const reg = await as(t, admin)
        .post('/api/bridges', { siteId: siteA.id, slug: name, machines: [machine.slug] })
        .expect(201);
      const bridge = await FakeBridge.connect(url, reg.body.credentials, siteA.slug, name);
      open.push(bridge);
      await bridge.serve(machine.slug);
      expect((await bridge.badge(machine.slug, uid)).decision).toBe('granted');
    });
  }
});
