import mqtt, { MqttClient } from 'mqtt';
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
import { FakeBridge } from '../factories/bridge-client';
import { waitUntil } from '../factories/wait';
import { startTestApp, TestApp } from './harness';

jest.setTimeout(60_000);

/** A machine whose interlock is a smart plug, driven in the plug's own MQTT protocol. */
describe(`smart-plug interlocks (${process.env.TEST_DB})`, () => {
  let t: TestApp;
  let manager: string;
  let bridge: FakeBridge;
  let uid: string;
  let site: { id: string; slug: string };
  const plugs: MqttClient[] = [];
  const seen: Array<{ topic: string; payload: string; retain: boolean }> = [];

  async function plugClient(creds: { username: string; password: string }, subscribe: string) {
    const c = await mqtt.connectAsync(t.mqttUrl, { ...creds, clientId: creds.username, reconnectPeriod: 0 });
    c.on('message', (topic, payload, packet) => seen.push({ topic, payload: payload.toString(), retain: packet.retain }));
    await c.subscribeAsync(subscribe, { qos: 1 });
    plugs.push(c);
    return c;
  }

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await adminToken(t);
    site = await createSite(t, admin);
    manager = (await createManager(t, admin, site.id)).token;
    const training = await createTraining(t, manager, site.id, { machineTypes: ['laser', 'other'] });
    const person = await createPerson(t, manager, site.id);
    uid = (await createBadge(t, manager, person.id)).uid;
    await recordPass(t, manager, person.id, training.id, isoDaysAgo(3));
  });
  afterAll(async () => {
    for (const p of plugs) await p.endAsync(true);
    await bridge?.end();
    await t?.close();
  });

  async function machineWithPlug(kind: 'tasmota' | 'shelly', idleSeconds = 600) {
    const admin = await adminToken(t);
    const machine = await createMachine(t, manager, site.id, { slug: `m-${randomUid(3).toLowerCase()}` });
    const reg = await registerBridge(t, admin, site.id, [machine.slug]);
    await bridge?.end();
    bridge = await FakeBridge.connect(t.mqttUrl, reg.credentials, site.slug, reg.bridge.slug);
    await bridge.serve(machine.slug);
    const res = await as(t, manager).put(`/api/machines/${machine.id}/plug`, { kind, busyWatts: 20, idleSeconds }).expect(200);
    const topic: string = res.body.plug.topic; // the server's choice, never typed
    return { machine, topic, creds: res.body.credentials };
  }

  it('switches a Tasmota plug on with the session and off only once the machine stops drawing power', async () => {
    const { machine, topic, creds } = await machineWithPlug('tasmota');
    const plug = await plugClient(creds, `cmnd/${topic}/#`);
    const granted = await bridge.badge(machine.slug, uid);
    expect(granted.decision).toBe('granted');
    await waitUntil(() => seen.some((m) => m.topic === `cmnd/${topic}/POWER` && m.payload === 'ON'));
    expect(seen.find((m) => m.topic === `cmnd/${topic}/POWER`)!.retain).toBe(false);

    await plug.publishAsync(`tele/${topic}/SENSOR`, JSON.stringify({ Time: '2026-11-30T10:00:00', ENERGY: { Power: 150 } }));
    await new Promise((r) => setTimeout(r, 200));
    await bridge.event(machine.slug, 'session.ended', { sessionId: granted.sessionId, reason: 'badge_out' });
    await waitUntil(async () => (await as(t, manager).get('/api/sessions/open')).body.every((s: any) => s.machineId !== machine.id));
    await new Promise((r) => setTimeout(r, 500));
    expect(seen.some((m) => m.topic === `cmnd/${topic}/POWER` && m.payload === 'OFF')).toBe(false); // still cutting

    await plug.publishAsync(`tele/${topic}/SENSOR`, JSON.stringify({ ENERGY: { Power: 3 } }));
    await waitUntil(() => seen.some((m) => m.topic === `cmnd/${topic}/POWER` && m.payload === 'OFF'));
  });

  it('ends a session idle below the threshold for the idle time, and locks', async () => {
    const { machine, topic, creds } = await machineWithPlug('tasmota', 10);
    const plug = await plugClient(creds, `cmnd/${topic}/#`);
    const granted = await bridge.badge(machine.slug, uid);
    await plug.publishAsync(`tele/${topic}/SENSOR`, JSON.stringify({ ENERGY: { Power: 1 } }));
    const ended = async () => {
      const rows = (await as(t, manager).get(`/api/sessions?machineId=${machine.id}`).expect(200)).body;
      const list = Array.isArray(rows) ? rows : (rows.rows ?? rows.items ?? []);
      return list.some((r: any) => (r.id === granted.sessionId || r.sessionId === granted.sessionId) && r.endReason === 'idle_timeout');
    };
    await waitUntil(ended, 25_000);
    await bridge.waitFor((tp, p) => tp.endsWith(`${machine.slug}/cmd`) && p.type === 'lock' && p.sessionId === granted.sessionId);
    await waitUntil(() => seen.filter((m) => m.topic === `cmnd/${topic}/POWER` && m.payload === 'OFF').length > 0);
  });

  it('marks the machine offline with its plug, and free when it is back', async () => {
    const { machine, topic, creds } = await machineWithPlug('tasmota');
    const plug = await plugClient(creds, `cmnd/${topic}/#`);
    await plug.publishAsync(`tele/${topic}/LWT`, 'Offline', { retain: true });
    await waitUntil(async () => (await as(t, manager).get(`/api/machines/${machine.id}`)).body.status === 'offline');
    await plug.publishAsync(`tele/${topic}/LWT`, 'Online', { retain: true });
    await waitUntil(async () => (await as(t, manager).get(`/api/machines/${machine.id}`)).body.status === 'free');
  });

  it('drives a Shelly Gen2+ plug with Switch.Set and reads apower', async () => {
    const { machine, topic, creds } = await machineWithPlug('shelly');
    const plug = await plugClient(creds, `${topic}/rpc`);
    const granted = await bridge.badge(machine.slug, uid);
    await waitUntil(() => seen.some((m) => m.topic === `${topic}/rpc` && JSON.parse(m.payload).params?.on === true));
    const rpc = JSON.parse(seen.find((m) => m.topic === `${topic}/rpc`)!.payload);
    expect(rpc).toMatchObject({ src: `${topic}/fablab`, method: 'Switch.Set', params: { id: 0, on: true } });
    // The Shelly answers under its own prefix, where it may publish: its connection stays up.
    await plug.publishAsync(`${rpc.src}/rpc`, JSON.stringify({ id: rpc.id, src: topic, dst: rpc.src, result: { was_on: false } }), { qos: 1 });
    expect(plug.connected).toBe(true);
    await plug.publishAsync(
      `${topic}/events/rpc`,
      JSON.stringify({ src: topic, dst: `${topic}/fablab`, method: 'NotifyStatus', params: { 'switch:0': { id: 0, apower: 0.4 } } }),
    );
    await as(t, manager).post(`/api/sessions/${granted.sessionId}/end`).expect(200);
    await waitUntil(() => seen.some((m) => m.topic === `${topic}/rpc` && JSON.parse(m.payload).params?.on === false));
  });

  it('refuses a plug that publishes outside its own topics', async () => {
    const { creds } = await machineWithPlug('tasmota');
    const c = await mqtt.connectAsync(t.mqttUrl, { ...creds, clientId: creds.username, reconnectPeriod: 0 });
    const closed = new Promise<void>((r) => c.once('close', () => r()));
    c.publish(`fablab/v1/${site.slug}/machines/anything/badge`, '{}', { qos: 1 });
    await closed; // aedes closes a client whose publish is refused
    await c.endAsync(true);
    await expect(mqtt.connectAsync(t.mqttUrl, { username: creds.username, password: 'nope', clientId: creds.username, reconnectPeriod: 0 })).rejects.toThrow();
  });
});
