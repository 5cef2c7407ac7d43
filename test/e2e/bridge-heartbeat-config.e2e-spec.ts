import { createPublicKey } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { io, Socket } from 'socket.io-client';
import { spawnBridge, writeConfig, BridgeProcess } from '../../firmware-bridge/test/integration/harness';
import { parseConfig } from '../../firmware-bridge/src/config';
import { verifyRemoteConfig } from '../../firmware-bridge/src/remote/remote-config';
import { adminToken, as, createMachine, createManager, createPerson, createSite, login, registerBridge } from '../factories/api.factory';
import { FakeBridge } from '../factories/bridge-client';
import { bridgeServerConfig } from '../factories/bridge-site.factory';
import { waitUntil } from '../factories/wait';
import { startTestApp, TestApp } from './harness';

jest.setTimeout(120_000);

/**
 * Issue 20: a bridge's heartbeat (last seen, version, uptime), the wall screen's « Boîtier muet »
 * for a bridge online but silent (threshold 2 s here, 2 min by default), and the machine and device
 * configuration the server serves it, signed and versioned, on its `config` topic.
 */
describe(`bridge heartbeat and served configuration (${process.env.TEST_DB})`, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fablab-bridgecfg-e2e-'));
  let t: TestApp;
  let admin: string;
  let manager: string;
  let site: { id: string; slug: string };
  let laser: { id: string; slug: string; name: string };
  let reg: Awaited<ReturnType<typeof registerBridge>>;
  let bridge: FakeBridge;
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  const page = (url: string, token: string) => t.http().get(url).set('Cookie', `fablab_session=${token}`);
  const heartbeat = (b: FakeBridge, over: Record<string, unknown> = {}) =>
    b.client.publishAsync(
      `fablab/v1/${b.site}/bridges/${b.bridge}/heartbeat`,
      JSON.stringify({ version: '1.5.2', uptimeSeconds: 3725, configVersion: 0, ts: new Date().toISOString(), ...over }),
      { qos: 1 },
    );

  beforeAll(async () => {
    t = await startTestApp({ BRIDGE_SILENT_SECONDS: '2', DATA_DIR: dataDir });
    admin = await adminToken(t);
    site = await createSite(t, admin);
    manager = (await createManager(t, admin, site.id)).token;
    laser = await createMachine(t, manager, site.id, { name: 'Découpeuse laser', type: 'laser' });
    reg = await registerBridge(t, admin, site.id, [laser.slug]);
    bridge = await FakeBridge.connect(t.mqttUrl, reg.credentials, site.slug, reg.bridge.slug);
    cleanups.push(() => bridge.end());
  });
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores the heartbeat: last seen, version, uptime and the configuration the bridge runs', async () => {
    await bridge.status(true, [laser.slug]);
    await heartbeat(bridge);
    const url = `/api/bridges/${reg.bridge.id}/config`;
    await waitUntil(async () => (await as(t, manager).get(url)).body.uptimeSeconds === 3725, 5000);
    const view = (await as(t, manager).get(url).expect(200)).body;
    expect(view).toMatchObject({
      online: true,
      firmwareVersion: '1.5.2',
      uptimeSeconds: 3725,
      applied: 0,
      version: 0,
      silentSince: null,
      bridgeMachines: [laser.slug],
    });
    expect(Date.now() - Date.parse(view.lastSeenAt)).toBeLessThan(60_000);

    // A heartbeat breaking the contract changes nothing.
    await bridge.client.publishAsync(`fablab/v1/${site.slug}/bridges/${reg.bridge.slug}/heartbeat`, JSON.stringify({ version: '9', uptimeSeconds: -4 }), {
      qos: 1,
    });
    await heartbeat(bridge, { uptimeSeconds: 3726 });
    await waitUntil(async () => (await as(t, manager).get(url)).body.uptimeSeconds === 3726, 5000);
    expect((await as(t, manager).get(url)).body.firmwareVersion).toBe('1.5.2');
  });

  it('flags a bridge silent on the wall screen while its connection still looks alive, pushed live, and clears it on its next heartbeat', async () => {
    const screen: { batches: any[]; snapshots: any[]; socket?: Socket } = { batches: [], snapshots: [] };
    screen.socket = io(`${t.url}/live`, { auth: { token: manager, view: 'dashboard', siteId: site.id }, transports: ['websocket'] });
    screen.socket.on('dashboard.snapshot', (s) => screen.snapshots.push(s));
    screen.socket.on('dashboard.batch', (b) => screen.batches.push(b));
    cleanups.push(() => screen.socket?.close());
    await heartbeat(bridge);
    await waitUntil(() => screen.snapshots.length > 0, 5000);
    const silentAlert = () => screen.batches.flatMap((b) => b.alerts ?? []).find((a: any) => a.kind === 'bridge_silent');
    // No heartbeat for 2 s: the status still says online (the MQTT connection is open), the alert comes by itself.
    await waitUntil(() => !!silentAlert(), 15_000);
    expect(silentAlert()).toMatchObject({ kind: 'bridge_silent', bridgeId: reg.bridge.id, bridgeSlug: reg.bridge.slug, machines: ['Découpeuse laser'] });
    expect(bridge.client.connected).toBe(true);
    const snapshot = (await as(t, manager).get(`/api/dashboard?siteId=${site.id}`).expect(200)).body;
    expect(snapshot.alerts.map((a: any) => a.kind)).toContain('bridge_silent');
    const view = (await as(t, manager).get(`/api/bridges/${reg.bridge.id}/config`).expect(200)).body;
    expect(view.silentSince).toBe(silentAlert().since);
    // The manager's bridge page says it in French.
    expect((await page(`/bridges/${reg.bridge.id}`, manager).expect(200)).text).toContain(
      'muette : plus de signe de vie bien que sa connexion paraisse ouverte',
    );
    // The wall screen's words say it in French too.
    const wall = (await page(`/dashboard?siteId=${site.id}`, manager).expect(200)).text;
    expect(wall).toContain('Boîtier muet');

    const pushed = screen.batches.length;
    await heartbeat(bridge);
    await waitUntil(() => screen.batches.slice(pushed).some((b) => b.alerts && !b.alerts.some((a: any) => a.kind === 'bridge_silent')), 10_000);
    expect((await as(t, manager).get(`/api/dashboard?siteId=${site.id}`)).body.alerts.map((a: any) => a.kind)).not.toContain('bridge_silent');
  });

  it('serves a signed, versioned configuration retained on the bridge’s config topic', async () => {
    await bridge.client.subscribeAsync(`fablab/v1/${site.slug}/bridges/${reg.bridge.slug}/config`, { qos: 1 });
    const body = {
      devices: [
        { name: 'carte-laser', driver: 'fablab-board', port: '/dev/serial/by-id/usb-fablab_board_B0042-if00', machine: laser.slug, display: '20x4' },
        { name: 'laser', driver: 'grbl', port: '/dev/ttyUSB1', baudRate: 115200, machine: laser.slug },
      ],
      machines: [{ machine: laser.slug, relay: 'carte-laser', graceSeconds: 30, endSessionOnBadgeRemoved: false }],
      accessTimeoutMs: 1500,
    };
    const first = (await as(t, manager).put(`/api/bridges/${reg.bridge.id}/config`, body).expect(200)).body;
    expect(first.version).toBeGreaterThan(0);
    const got = await bridge.waitFor((topic, p) => topic.endsWith('/config') && p.version === first.version);
    expect(got.payload).toMatchObject({
      site: site.slug,
      bridge: reg.bridge.slug,
      devices: body.devices,
      machines: { [laser.slug]: { relay: 'carte-laser', graceSeconds: 30, endSessionOnBadgeRemoved: false } },
      accessTimeoutMs: 1500,
      sig: expect.any(String),
    });
    // The bridge's own check accepts it with the site key it was given at pairing.
    const local = parseConfig({ server: bridgeServerConfig(t, site, reg), dataDir: path.join(dataDir, 'check') });
    const verdict = verifyRemoteConfig(got.payload, createPublicKey(reg.sitePublicKeyPem), local);
    expect(verdict.ok).toBe(true);
    expect(verifyRemoteConfig({ ...got.payload, accessTimeoutMs: 9000 }, createPublicKey(reg.sitePublicKeyPem), local)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });

    // A second save: a higher version, and a new subscriber gets it retained.
    const second = (
      await as(t, manager)
        .put(`/api/bridges/${reg.bridge.id}/config`, { ...body, accessTimeoutMs: 2500 })
        .expect(200)
    ).body;
    expect(second.version).toBeGreaterThan(first.version);
    await bridge.end();
    bridge = await FakeBridge.connect(t.mqttUrl, reg.credentials, site.slug, reg.bridge.slug);
    await bridge.client.subscribeAsync(`fablab/v1/${site.slug}/bridges/${reg.bridge.slug}/config`, { qos: 1 });
    const retained = await bridge.waitFor((topic) => topic.endsWith('/config'));
    expect(retained.payload).toMatchObject({ version: second.version, accessTimeoutMs: 2500 });
    expect((await as(t, manager).get(`/api/bridges/${reg.bridge.id}/config`)).body).toMatchObject({ version: second.version, accessTimeoutMs: 2500 });
  });

  it('refuses, in French and field by field, what the bridge could not run', async () => {
    const url = `/api/bridges/${reg.bridge.id}/config`;
    const before = (await as(t, manager).get(url)).body.version;
    const bad = await as(t, manager)
      .put(url, {
        devices: [
          { name: 'a', driver: 'makerbot', port: 'COM3', machine: laser.slug },
          { name: 'b', driver: 'rdm6300', port: '/dev/ttyAMA0', machine: laser.slug, channel: 2 },
        ],
      })
      .expect(400);
    expect(bad.body.message).toContain('pilote parmi : rdm6300, pn532, usb-relay, fablab-board, marlin, grbl');
    expect(bad.body.message).toContain('port série : un chemin sous /dev');
    expect(bad.body.fields.devices.length).toBeGreaterThan(0);
    const foreign = await as(t, manager)
      .put(url, {
        devices: [
          { name: 'a', driver: 'rdm6300', port: '/dev/ttyAMA0', machine: 'cnc-du-voisin' },
          { name: 'a', driver: 'usb-relay', port: '/dev/ttyUSB0', machine: laser.slug, channel: 1 },
        ],
        machines: [{ machine: laser.slug, relay: 'personne' }],
      })
      .expect(400);
    expect(foreign.body.message).toContain('« cnc-du-voisin » n’est pas une machine de cette passerelle');
    expect(foreign.body.message).toContain('le nom « a » est déjà pris');
    expect(foreign.body.message).toContain('aucun appareil nommé « personne » pour cette machine');
    // The form's rows (devices.0.port…) arrive as an object by row number; wholly empty rows are no device.
    const fromForm = await as(t, manager).put(url, {
      devices: { 0: { name: 'lecteur', driver: 'rdm6300', port: '/dev/ttyAMA0', machine: laser.slug }, 1: {} },
      machines: { 0: { machine: laser.slug } },
    });
    expect([fromForm.status, fromForm.body.message]).toEqual([200, undefined]);
    expect(fromForm.body.devices).toEqual([{ name: 'lecteur', driver: 'rdm6300', port: '/dev/ttyAMA0', machine: laser.slug }]);
    expect(fromForm.body.version).toBeGreaterThan(before);
  });

  it("refuses another site's manager (404) and a maker (403), on the API and the page", async () => {
    const other = await createSite(t, admin);
    const foreign = (await createManager(t, admin, other.id)).token;
    const url = `/api/bridges/${reg.bridge.id}/config`;
    const before = (await as(t, manager).get(url)).body.version;
    await as(t, foreign).get(url).expect(404);
    await as(t, foreign).put(url, { devices: [] }).expect(404);
    await page(`/bridges/${reg.bridge.id}`, foreign).expect(404);
    const email = `maker-cfg-${Date.now()}@test.fablab`;
    await createPerson(t, admin, site.id, { firstName: 'Malo', role: 'maker', email, password: 'maker-password-1' });
    const maker = await login(t, email, 'maker-password-1');
    await as(t, maker).get(url).expect(403);
    await as(t, maker).put(url, { devices: [] }).expect(403);
    await page(`/bridges/${reg.bridge.id}`, maker).expect(403);
    expect((await as(t, manager).get(url)).body.version).toBe(before);
    // The site's own manager gets the page and its form.
    const own = (await page(`/bridges/${reg.bridge.id}`, manager).expect(200)).text;
    expect(own).toContain(`data-api="/api/bridges/${reg.bridge.id}/config" data-method="PUT"`);
    expect(own).toContain('name="devices.0.port"');
    expect(own).toContain('Réglages de ' + laser.slug);
  });

  it('the real built bridge applies the served configuration and says so in its heartbeat', async () => {
    const machine = await createMachine(t, manager, site.id, { name: 'Imprimante', type: 'printer' });
    const reg2 = await registerBridge(t, admin, site.id, [machine.slug]);
    const config = writeConfig(fs.mkdtempSync(path.join(dataDir, 'real-')), {
      server: bridgeServerConfig(t, site, reg2, 'http://127.0.0.1:1/'),
      dataDir: path.join(dataDir, 'real-bridge'),
      heartbeatSeconds: 1,
      devices: [],
    });
    const real: BridgeProcess = spawnBridge(config);
    cleanups.push(() => real.kill());
    const url = `/api/bridges/${reg2.bridge.id}/config`;
    await waitUntil(async () => (await as(t, manager).get(url)).body.applied === 0, 30_000);
    const put = (
      await as(t, manager)
        .put(url, { devices: [{ name: 'relais', driver: 'usb-relay', port: '/dev/ttyUSB-imprimante', machine: machine.slug, channel: 1 }] })
        .expect(200)
    ).body;
    await waitUntil(() => real.logs.join('').includes(`configuration version ${put.version} applied`), 30_000);
    // Applying is a restart in the process: its Last Will-like offline, then online again and a heartbeat.
    await waitUntil(async () => {
      const v = (await as(t, manager).get(url)).body;
      return v.applied === put.version && v.online === true;
    }, 30_000);
    const view = (await as(t, manager).get(url)).body;
    expect(view).toMatchObject({ online: true, silentSince: null, applied: put.version });
    expect(view.firmwareVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect((await page(`/bridges/${reg2.bridge.id}`, manager).expect(200)).text).toContain('appliquée par la passerelle');
  });
});
