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
  login,
  randomUid,
  recordPass,
  registerBridge,
} from '../factories/api.factory';
import { FakeBridge } from '../factories/bridge-client';
import { waitUntil } from '../factories/wait';
import { startTestApp, TestApp } from './harness';

/** A wall screen: what it was sent, in order. */
class Screen {
  readonly snapshots: any[] = [];
  readonly batches: any[] = [];
  readonly raw: string[] = [];
  readonly errors: any[] = [];
  readonly socket: Socket;

  constructor(t: TestApp, token: string, siteId?: string) {
    this.socket = io(`${t.url}/live`, { auth: { token, view: 'dashboard', siteId }, transports: ['websocket'] });
    this.socket.on('dashboard.snapshot', (s) => this.snapshots.push(s));
    this.socket.on('dashboard.batch', (b) => this.batches.push(b));
    this.socket.on('live.error', (e) => this.errors.push(e));
    this.socket.onAny((event) => this.raw.push(event));
  }

  async snapshot(count = 1): Promise<any> {
    await waitUntil(() => this.snapshots.length >= count, 5000);
    return this.snapshots[count - 1];
  }

  tile(machineId: string): any {
    return this.snapshots.at(-1)?.tiles.find((x: any) => x.machineId === machineId);
  }

  /** The tile as the screen would show it: the last snapshot with every later batch applied. */
  merged(machineId: string): any {
    const tile = { ...this.tile(machineId) };
    for (const b of this.batches) for (const p of b.tiles) if (p.machineId === machineId) Object.assign(tile, p);
    return tile;
  }

  async until(check: (s: Screen) => boolean, timeoutMs = 5000) {
    await waitUntil(() => check(this), timeoutMs);
  }

  close() {
    this.socket.close();
  }
}

describe(`managers' live dashboard (${process.env.TEST_DB})`, () => {
  let t: TestApp;
  let admin: string;
  let manager: string;
  let site: { id: string; slug: string; name: string };
  let laser: { id: string; slug: string };
  let printer: { id: string; slug: string };
  let amina: { uid: string };
  let bridge: FakeBridge;
  let bridgeInfo: { id: string; slug: string };

  beforeAll(async () => {
    t = await startTestApp({ UNATTENDED_ALERT_SECONDS: '1' });
    admin = await adminToken(t);
    site = await createSite(t, admin, { name: 'Fab lab de la Verrière' });
    manager = (await createManager(t, admin, site.id)).token;
    laser = await createMachine(t, manager, site.id, { name: 'Découpeuse laser', type: 'laser' });
    printer = await createMachine(t, manager, site.id, { name: 'Imprimante Prusa', type: 'printer' });
    const training = await createTraining(t, manager, site.id, { machineTypes: ['laser', 'printer'] });
    const person = await createPerson(t, manager, site.id, { firstName: 'Amina', lastName: 'Kaci' });
    amina = await createBadge(t, manager, person.id);
    await recordPass(t, manager, person.id, training.id, isoDaysAgo(3));
    const reg = await registerBridge(t, admin, site.id, [laser.slug, printer.slug]);
    bridgeInfo = reg.bridge;
    bridge = await FakeBridge.connect(t.mqttUrl, reg.credentials, site.slug, reg.bridge.slug);
    await bridge.serve(laser.slug);
    await bridge.serve(printer.slug);
    await bridge.client.publishAsync(
      `fablab/v1/${site.slug}/bridges/${reg.bridge.slug}/status`,
      JSON.stringify({ online: true, version: '1.0.0', machines: [laser.slug, printer.slug], ts: new Date().toISOString() }),
      { qos: 1, retain: true },
    );
    await waitUntil(async () => (await as(t, manager).get('/api/dashboard').expect(200)).body.tiles.every((x: any) => x.bridgeOnline === true));
  });

  afterAll(async () => {
    await bridge?.end();
    await t?.close();
  });

  const state = (machine: string, s: string) =>
    bridge.client.publishAsync(bridge.topic(machine, 'state'), JSON.stringify({ state: s, ts: new Date().toISOString() }), { qos: 1, retain: true });
  const telemetry = (machine: string, body: object) =>
    bridge.client.publishAsync(bridge.topic(machine, 'telemetry'), JSON.stringify({ ts: new Date().toISOString(), ...body }), { qos: 0 });

  it('gives a screen the whole site at once, then the badge-in as a batch, never the raw events', async () => {
    const screen = new Screen(t, manager);
    try {
      const snap = await screen.snapshot();
      expect(snap).toMatchObject({ siteId: site.id, siteName: 'Fab lab de la Verrière' });
      expect(snap.tiles.map((x: any) => x.name)).toEqual(['Découpeuse laser', 'Imprimante Prusa']);
      expect(screen.tile(laser.id)).toMatchObject({ status: 'free', bridgeOnline: true, holder: null, plugOnline: null, alarm: null });

      const granted = await bridge.badge(laser.slug, amina.uid);
      expect(granted.decision).toBe('granted');
      await screen.until((s) => s.merged(laser.id).holder?.displayName === 'Amina K.');
      expect(screen.merged(laser.id)).toMatchObject({ status: 'in_use', holder: { sessionId: granted.sessionId } });
      const feed = screen.batches.flatMap((b) => b.feed);
      expect(feed).toEqual([
        expect.objectContaining({ id: granted.requestId, decision: 'granted', machineName: 'Découpeuse laser', displayName: 'Amina K.', offline: false }),
      ]);
      expect(screen.raw.filter((e) => !e.startsWith('dashboard.'))).toEqual([]);

      const denied = await bridge.badge(laser.slug, randomUid());
      expect(denied.decision).toBe('denied');
      await screen.until((s) => s.batches.flatMap((b) => b.feed).length === 2);
      expect(screen.batches.flatMap((b) => b.feed)[1]).toMatchObject({
        decision: 'denied',
        reason: 'badge_unknown',
        message: expect.stringContaining('Badge inconnu'),
      });
      await as(t, manager).post(`/api/sessions/${granted.sessionId}/end`).expect(200);
      await screen.until((s) => s.merged(laser.id).holder === null && s.merged(laser.id).status === 'free');
    } finally {
      screen.close();
    }
  });

  it('coalesces a burst of telemetry into at most a batch per 500 ms, keeping the latest values', async () => {
    const screen = new Screen(t, manager);
    try {
      await screen.snapshot();
      await bridge.badge(printer.slug, amina.uid); // someone is on it: telemetry is not an unattended machine
      await screen.until((s) => s.merged(printer.id).holder !== null);
      const before = screen.batches.length;
      const started = Date.now();
      for (let i = 1; i <= 40; i++)
        await telemetry(printer.slug, { temps: { hotend: { actual: 180 + i, target: 215 }, bed: { actual: 60 } }, progress: i / 100 });
      await screen.until((s) => s.merged(printer.id).temps?.hotend?.actual === 220);
      const elapsed = Date.now() - started;
      const batches = screen.batches.length - before;
      expect(batches).toBeLessThanOrEqual(Math.ceil(elapsed / 500) + 2);
      expect(screen.merged(printer.id)).toMatchObject({ progress: 0.4, temps: { bed: { actual: 60 } } });
      expect(screen.merged(printer.id).lastActivityAt).toEqual(expect.any(String));
      const open = (await as(t, manager).get('/api/sessions/open').expect(200)).body;
      await as(t, manager).post(`/api/sessions/${open[0].id}/end`).expect(200);
    } finally {
      screen.close();
    }
  });

  it('a reconnecting screen gets what changed while it was away', async () => {
    const screen = new Screen(t, manager);
    try {
      await screen.snapshot();
      screen.socket.disconnect();
      await as(t, manager).put(`/api/machines/${printer.id}/status`, { status: 'maintenance', reason: 'buse bouchée' }).expect(200);
      screen.socket.connect();
      const second = await screen.snapshot(2);
      expect(second.tiles.find((x: any) => x.machineId === printer.id)).toMatchObject({
        status: 'maintenance',
        statusReason: 'buse bouchée',
        statusSetBy: expect.any(String),
      });
      await as(t, manager).put(`/api/machines/${printer.id}/status`, { status: 'free' }).expect(200);
    } finally {
      screen.close();
    }
  });

  it('manager actions: maintenance refuses the next badge, release gives it back, all audited and shown', async () => {
    const screen = new Screen(t, manager);
    try {
      await screen.snapshot();
      const bad = await as(t, manager).post(`/api/dashboard/machines/${laser.id}/maintenance`, {}).expect(400);
      expect(JSON.stringify(bad.body)).toContain('raison');
      const tile = (await as(t, manager).post(`/api/dashboard/machines/${laser.id}/maintenance`, { reason: 'changement de lentille' }).expect(200)).body;
      expect(tile).toMatchObject({ status: 'maintenance', statusReason: 'changement de lentille' });
      const refused = await bridge.badge(laser.slug, amina.uid);
      expect(refused).toMatchObject({ decision: 'denied', reason: 'machine_maintenance' });
      expect(refused.message.fr).toContain('changement de lentille');
      await screen.until((s) => s.batches.some((b) => b.actions.some((a: any) => a.action === 'machine.maintenance')));

      expect((await as(t, manager).post(`/api/dashboard/machines/${laser.id}/end-session`).expect(409)).body.code).toBe('no_session');
      expect((await as(t, manager).post(`/api/dashboard/machines/${laser.id}/release`).expect(200)).body.status).toBe('free');
      expect((await as(t, manager).post(`/api/dashboard/machines/${laser.id}/release`).expect(409)).body.code).toBe('already_in_service');
      expect((await bridge.badge(laser.slug, amina.uid)).decision).toBe('granted');

      const history = (await as(t, manager).get('/api/dashboard/actions').expect(200)).body;
      expect(history.slice(0, 2).map((a: any) => a.action)).toEqual(['machine.release', 'machine.maintenance']);
      expect(history[1]).toMatchObject({ machineName: 'Découpeuse laser', reason: 'changement de lentille', personName: expect.any(String) });
    } finally {
      screen.close();
    }
  });

  it('lock ends the session, sends lock to the bridge, and keeps the machine locked until released', async () => {
    const open = (await as(t, manager).get('/api/sessions/open').expect(200)).body;
    const session = open.find((s: any) => s.machineId === laser.id) ?? { id: (await bridge.badge(laser.slug, amina.uid)).sessionId };
    const tile = (await as(t, manager).post(`/api/dashboard/machines/${laser.id}/lock`, { reason: 'usage dangereux' }).expect(200)).body;
    expect(tile).toMatchObject({ status: 'disabled', statusReason: 'usage dangereux', holder: null });
    await bridge.waitFor((topic, p) => topic === bridge.topic(laser.slug, 'cmd') && p.type === 'lock' && p.sessionId === session.id);
    expect((await bridge.badge(laser.slug, amina.uid)).decision).toBe('denied');
    const ended = (await as(t, manager).get(`/api/sessions?machineId=${laser.id}`).expect(200)).body;
    expect(JSON.stringify(ended)).toContain('manual');
    await as(t, manager).post(`/api/dashboard/machines/${laser.id}/release`).expect(200);
  });

  it('raises alarm, bridge-offline and unattended alerts; « J’ai vu » silences one for good', async () => {
    const screen = new Screen(t, manager);
    try {
      await screen.snapshot();
      await bridge.event(printer.slug, 'alarm', { code: 'thermal_runaway', message: 'Emballement thermique' });
      await screen.until((s) => (s.batches.at(-1)?.alerts ?? []).some((a: any) => a.kind === 'alarm'));
      const alarm = screen.batches.flatMap((b) => b.alerts ?? []).find((a: any) => a.kind === 'alarm');
      expect(alarm).toMatchObject({ machineId: printer.id, machineName: 'Imprimante Prusa', message: 'Alarme : Emballement thermique' });
      expect(screen.merged(printer.id)).toMatchObject({ status: 'to_check', alarm: { code: 'thermal_runaway' } });

      await state(laser.slug, 'running'); // working, but nobody badged in
      await screen.until((s) => (s.batches.at(-1)?.alerts ?? []).some((a: any) => a.kind === 'unattended' && a.machineId === laser.id), 12_000);

      expect((await as(t, manager).post('/api/dashboard/alerts/ack', { key: 'nonsense' }).expect(400)).body.message).toBeDefined();
      const stranger = (await createManager(t, admin, (await createSite(t, admin)).id)).token;
      expect((await as(t, stranger).post('/api/dashboard/alerts/ack', { key: alarm.key }).expect(404)).body.code).toBe('alert_not_found');
      await as(t, manager).post('/api/dashboard/alerts/ack', { key: alarm.key, reason: 'vu, capteur remplacé' }).expect(200);
      await as(t, manager).post('/api/dashboard/alerts/ack', { key: alarm.key }).expect(200);
      await screen.until((s) => {
        const alerts = s.batches.filter((b) => b.alerts).at(-1)?.alerts ?? [];
        return !alerts.some((a: any) => a.key === alarm.key);
      });
      const snap = (await as(t, manager).get('/api/dashboard').expect(200)).body;
      expect(snap.alerts.map((a: any) => a.kind)).toEqual(['unattended']);
      expect(snap.actions[0]).toMatchObject({ action: 'alert.ack', alertKey: alarm.key, reason: 'vu, capteur remplacé' });

      await state(laser.slug, 'locked');
      await bridge.end(); // its will says offline
      await screen.until((s) =>
        (s.batches.filter((b) => b.alerts).at(-1)?.alerts ?? []).some((a: any) => a.kind === 'bridge_offline' && a.bridgeId === bridgeInfo.id),
      );
      const offline = screen.batches
        .filter((b) => b.alerts)
        .at(-1)
        .alerts.find((a: any) => a.kind === 'bridge_offline');
      expect(offline.machines.sort()).toEqual(['Découpeuse laser', 'Imprimante Prusa']);
      expect(screen.merged(laser.id).bridgeOnline).toBe(false);
    } finally {
      screen.close();
    }
  });

  it('keeps screens and actions to their site; trainers watch but do not act', async () => {
    const other = await createSite(t, admin);
    const otherManager = (await createManager(t, admin, other.id)).token;
    await as(t, otherManager).post(`/api/dashboard/machines/${laser.id}/lock`).expect(404);
    await as(t, otherManager).get(`/api/dashboard?siteId=${site.id}`).expect(403);
    const trainerEmail = `formatrice-${randomUid(3)}@test.fablab`;
    await createPerson(t, manager, site.id, { role: 'trainer', email: trainerEmail, password: 'trainer-password-1' });
    const trainer = await login(t, trainerEmail, 'trainer-password-1');
    await as(t, trainer).get('/api/dashboard').expect(200);
    await as(t, trainer).post(`/api/dashboard/machines/${laser.id}/lock`).expect(403);

    const otherScreen = new Screen(t, otherManager);
    const adminScreen = new Screen(t, admin, site.id);
    const adminDefault = new Screen(t, admin); // no site named: the first by name
    const intruder = new Screen(t, otherManager, site.id);
    try {
      expect((await otherScreen.snapshot()).tiles).toEqual([]);
      expect((await adminScreen.snapshot()).siteId).toBe(site.id);
      const sites = (await as(t, admin).get('/api/sites').expect(200)).body.map((x: any) => x.name).sort();
      expect((await adminDefault.snapshot()).siteName).toBe(sites[0]);
      await intruder.until((x) => x.errors.length > 0);
      expect(intruder.errors[0].message).toContain("n'est pas le vôtre");
      expect(intruder.snapshots).toEqual([]);
      await as(t, manager).put(`/api/machines/${printer.id}/status`, { status: 'disabled', reason: 'test' }).expect(200);
      await adminScreen.until((s) => s.merged(printer.id).status === 'disabled');
      await new Promise((r) => setTimeout(r, 700));
      expect(otherScreen.batches).toEqual([]);
    } finally {
      otherScreen.close();
      adminScreen.close();
      adminDefault.close();
      intruder.close();
    }
  });
});
