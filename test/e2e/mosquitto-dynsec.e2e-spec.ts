import { randomUUID } from 'node:crypto';
import mqtt from 'mqtt';
import {
  adminToken,
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
import { startDynsecMosquitto } from '../factories/mosquitto';
import { startTestApp, TestApp } from './harness';

/** With MQTT_URL on Mosquitto, the same per-bridge rules hold, provisioned through dynamic security. */
describe(`bridges on Mosquitto with dynamic security (${process.env.TEST_DB})`, () => {
  const server = { username: 'fablab-server', password: 'server-secret-123' };
  let broker: Awaited<ReturnType<typeof startDynsecMosquitto>>;
  let t: TestApp;

  beforeAll(async () => {
    broker = await startDynsecMosquitto(server);
    t = await startTestApp({ MQTT_URL: broker.url, MQTT_USERNAME: server.username, MQTT_PASSWORD: server.password, MQTT_DYNSEC: 'true' });
  });
  afterAll(async () => {
    await t?.close();
    await broker?.stop();
  });

  it('lets a paired bridge badge on its own machines only, and refuses strangers', async () => {
    const admin = await adminToken(t);
    const site = await createSite(t, admin);
    const manager = (await createManager(t, admin, site.id)).token;
    const laser = await createMachine(t, manager, site.id);
    const cnc = await createMachine(t, manager, site.id, { slug: `cnc-${randomUid(2).toLowerCase()}`, type: 'cnc', name: 'Fraiseuse' });
    const training = await createTraining(t, manager, site.id);
    const person = await createPerson(t, manager, site.id);
    const badge = await createBadge(t, manager, person.id);
    await recordPass(t, manager, person.id, training.id, isoDaysAgo(2));
    const a = await registerBridge(t, admin, site.id, [laser.slug]);
    const b = await registerBridge(t, admin, site.id, [cnc.slug]);

    const bridgeA = await FakeBridge.connect(broker.url, a.credentials, site.slug, a.bridge.slug);
    const bridgeB = await FakeBridge.connect(broker.url, b.credentials, site.slug, b.bridge.slug);
    try {
      await bridgeA.serve(laser.slug);
      await bridgeB.serve(cnc.slug);
      const reply = await bridgeA.badge(laser.slug, badge.uid);
      expect(reply).toMatchObject({ decision: 'granted' });

      // A publishes a badge on B's machine: Mosquitto drops it, no decision reaches B.
      const requestId = randomUUID();
      await bridgeA.client.publishAsync(bridgeA.topic(cnc.slug, 'badge'), JSON.stringify({ requestId, uid: badge.uid, ts: new Date().toISOString() }), {
        qos: 1,
      });
      await new Promise((r) => setTimeout(r, 700));
      expect(bridgeB.received.some((m) => m.payload?.requestId === requestId)).toBe(false);

      // A may not subscribe to B's commands.
      const granted = await bridgeA.client.subscribeAsync(bridgeA.topic(cnc.slug, 'cmd'), { qos: 1 }).catch((err) => err.packet?.granted ?? [{ qos: 128 }]);
      expect(granted[0].qos ?? granted[0]).toBe(128);

      // The server's acks of A's events reach A, never B, even when B asks for them.
      const own = await bridgeA.client.subscribeAsync(bridgeA.topic(laser.slug, 'acks'), { qos: 1 });
      expect(own[0].qos).toBe(1);
      const stolen = await bridgeB.client.subscribeAsync(bridgeB.topic(laser.slug, 'acks'), { qos: 1 }).catch((err) => err.packet?.granted ?? [{ qos: 128 }]);
      expect(stolen[0].qos ?? stolen[0]).toBe(128);
      const eventId = await bridgeA.event(laser.slug, 'session.ended', { sessionId: reply.sessionId, reason: 'badge_out' });
      const ack = await bridgeA.waitFor((tp, p) => tp === bridgeA.topic(laser.slug, 'acks') && p.eventId === eventId);
      expect(ack.payload).toMatchObject({ eventId, result: 'applied' });
      await new Promise((r) => setTimeout(r, 500));
      expect(bridgeB.received.some((m) => m.topic.endsWith('/acks'))).toBe(false);
    } finally {
      await bridgeA.end();
      await bridgeB.end();
    }

    await expect(
      mqtt.connectAsync(broker.url, { username: a.credentials.username, password: 'wrong', clientId: a.credentials.username, reconnectPeriod: 0 }),
    ).rejects.toThrow();
    await expect(mqtt.connectAsync(broker.url, { ...a.credentials, clientId: 'another-id', reconnectPeriod: 0 })).rejects.toThrow();
  });
});
