import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  adminToken,
  createBadge,
  createMachine,
  createManager,
  createPerson,
  createSite,
  createTraining,
  isoDaysAgo,
  recordPass,
  registerBridge,
} from '../factories/api.factory';
import { FakeBridge } from '../factories/bridge-client';
import { startTestApp, TestApp } from './harness';

/** Renewal due 10 s after the grant: the restart has another 10 s before the lease runs out. */
const LEASE_SECONDS = 20;

/**
 * The embedded default (one instance, its own broker) restarted while a session is open, across
 * the moment its lease was due for renewal: the renewal comes as soon as the server is back, so
 * the unlock never lapses (issue 13).
 */
describe(`a restart across a lease renewal (${process.env.TEST_DB})`, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fablab-lease-'));
  const env = { DATA_DIR: dataDir, QUEUE_PREFIX: `l${randomBytes(4).toString('hex')}`, LEASE_SECONDS: String(LEASE_SECONDS) };
  let t: TestApp;
  let bridge: FakeBridge | undefined;

  beforeAll(async () => {
    t = await startTestApp(env, { keepDatabase: true });
  });
  afterAll(async () => {
    await bridge?.end();
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('renews an open session at once when the server is back after its renewal was due', async () => {
    const admin = await adminToken(t);
    const site = await createSite(t, admin);
    const manager = (await createManager(t, admin, site.id)).token;
    const laser = await createMachine(t, manager, site.id);
    const training = await createTraining(t, manager, site.id);
    const person = await createPerson(t, manager, site.id);
    const badge = await createBadge(t, manager, person.id);
    await recordPass(t, manager, person.id, training.id, isoDaysAgo(2));
    const reg = await registerBridge(t, admin, site.id, [laser.slug]);
    const connect = async (app: TestApp) => {
      const b = await FakeBridge.connect(app.mqttUrl, reg.credentials, site.slug, reg.bridge.slug);
      await b.serve(laser.slug);
      // What a bridge says once connected; the embedded broker came back with the server, so the
      // renewal published at the server's start may have found nobody subscribed yet.
      const status = { online: true, version: '1.0.0', machines: [laser.slug], ts: new Date().toISOString() };
      await b.client.publishAsync(`fablab/v1/${site.slug}/bridges/${reg.bridge.slug}/status`, JSON.stringify(status), { qos: 1, retain: true });
      return b;
    };
    bridge = await connect(t);
    const { sessionId } = await bridge.badge(laser.slug, badge.uid);
    const granted = await bridge.waitFor((tp, p) => tp.endsWith('/cmd') && p.type === 'unlock' && p.sessionId === sessionId);
    const grantedAt = Date.parse(granted.payload.ts);

    await bridge.end();
    bridge = undefined;
    const mqttPort = new URL(t.mqttUrl).port;
    await t.app.close(); // the same database, Redis and broker port come back below
    const renewalDue = grantedAt + (LEASE_SECONDS / 2) * 1000;
    await new Promise((r) => setTimeout(r, Math.max(0, renewalDue + 500 - Date.now())));

    t = await startTestApp({ ...env, MQTT_PORT: mqttPort }, { existingDatabase: true, keepDatabase: true });
    bridge = await connect(t);
    const backAt = Date.now();
    const renewal = await bridge.waitFor((tp, p) => tp.endsWith('/cmd') && p.type === 'unlock' && p.sessionId === sessionId, LEASE_SECONDS * 1000);
    const renewedAt = Date.parse(renewal.payload.ts);
    expect(renewedAt - grantedAt).toBeLessThan(LEASE_SECONDS * 1000);
    expect(renewedAt).toBeLessThan(backAt + 2000);
  }, 60_000);
});
