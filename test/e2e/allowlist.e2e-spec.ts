import { createPublicKey } from 'node:crypto';
import { decideOffline, verifyAllowList } from '../../firmware-bridge/src/allowlist/allowlist';
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
  recordPass,
  registerBridge,
} from '../factories/api.factory';
import { Metrics } from '../../src/infra/metrics/metrics';
import { PeopleService } from '../../src/people/people.service';
import { FakeBridge } from '../factories/bridge-client';
import { waitUntil } from '../factories/wait';
import { startTestApp, TestApp } from './harness';

/** Signed offline allow-lists, checked with the firmware-bridge's own verifier. */
describe(`offline allow-lists (${process.env.TEST_DB})`, () => {
  let t: TestApp;
  let admin: string;
  let manager: string;
  let site: { id: string; slug: string };
  let laser: { id: string; slug: string };
  let training: { id: string };
  let reg: Awaited<ReturnType<typeof registerBridge>>;
  let bridge: FakeBridge;

  const lists = () => bridge.received.filter((m) => m.topic.endsWith('/allowlist')).map((m) => m.payload);
  const latest = () => lists()[lists().length - 1];
  const verify = (list: unknown) => verifyAllowList(list, createPublicKey(reg.sitePublicKeyPem), { site: site.slug, bridge: reg.bridge.slug });

  async function nextList(after: number) {
    await waitUntil(async () => (latest()?.version ?? 0) > after, 8000);
    return latest();
  }

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminToken(t);
    site = await createSite(t, admin);
    manager = (await createManager(t, admin, site.id)).token;
    laser = await createMachine(t, manager, site.id);
    training = await createTraining(t, manager, site.id, { validityMonths: 12 });
    reg = await registerBridge(t, admin, site.id, [laser.slug]);
    bridge = await FakeBridge.connect(t.mqttUrl, reg.credentials, site.slug, reg.bridge.slug);
    await bridge.client.subscribeAsync(`fablab/v1/${site.slug}/bridges/${reg.bridge.slug}/allowlist`, { qos: 1 });
    await bridge.serve(laser.slug);
  });
  afterAll(async () => {
    await bridge?.end();
    await t?.close();
  });

  it('publishes a retained, signed list that grants only trained, active people with a live badge', async () => {
    const before = latest()?.version ?? 0;
    const amina = await createPerson(t, manager, site.id);
    const aminaBadge = await createBadge(t, manager, amina.id);
    await recordPass(t, manager, amina.id, training.id, isoDaysAgo(30));
    const lucas = await createPerson(t, manager, site.id, { firstName: 'Lucas' });
    const lucasBadge = await createBadge(t, manager, lucas.id);
    const list = await nextList(before);

    expect(reg.sitePublicKeyPem).toContain('BEGIN PUBLIC KEY');
    const v = verify(list);
    expect(v).toMatchObject({ ok: true });
    expect(list.entries.some((e: any) => e.uidHash === aminaBadge.uid)).toBe(false); // UIDs never in clear
    const granted = decideOffline(list, laser.slug, aminaBadge.uid);
    expect(granted).toMatchObject({ decision: 'granted' });
    // until = end of the qualification (12 months after the pass), within the list's life
    expect(Date.parse((granted as any).until)).toBeLessThanOrEqual(Date.parse(list.expiresAt));
    expect(decideOffline(list, laser.slug, lucasBadge.uid)).toMatchObject({ decision: 'denied' });
    expect(Date.parse(list.expiresAt) - Date.parse(list.issuedAt)).toBe(7 * 86400_000);
  });

  it('publishes a new version with a new salt when a badge is revoked', async () => {
    const before = latest().version;
    const salt = latest().salt;
    const person = await createPerson(t, manager, site.id);
    const badge = await createBadge(t, manager, person.id);
    await recordPass(t, manager, person.id, training.id, isoDaysAgo(1));
    const withIt = await nextList(before);
    expect(decideOffline(withIt, laser.slug, badge.uid)).toMatchObject({ decision: 'granted' });
    expect(withIt.salt).not.toBe(salt);
    await as(t, manager).post(`/api/badges/${badge.id}/revoke`, {}).expect(201);
    const without = await nextList(withIt.version);
    expect(decideOffline(without, laser.slug, badge.uid)).toMatchObject({ decision: 'denied' });
  });

  it('lists no entry for a machine in maintenance', async () => {
    const before = latest().version;
    await as(t, manager).put(`/api/machines/${laser.id}/status`, { status: 'maintenance', reason: 'lentille' }).expect(200);
    const list = await nextList(before);
    expect(verify(list).ok).toBe(true);
    expect(list.entries.filter((e: any) => e.machine === laser.slug)).toHaveLength(0);
    await as(t, manager).put(`/api/machines/${laser.id}/status`, { status: 'free' }).expect(200);
    await nextList(list.version);
  });

  it('is refused by the bridge when tampered with', () => {
    const tampered = { ...latest(), entries: [...latest().entries, { machine: laser.slug, uidHash: 'a'.repeat(64), until: '2099-01-01T00:00:00Z' }] };
    expect(verify(tampered)).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('records a replayed offline decision in the audit log, once', async () => {
    const person = await createPerson(t, manager, site.id);
    const badge = await createBadge(t, manager, person.id);
    const eventId = await bridge.event(laser.slug, 'offline.decision', {
      uid: badge.uid,
      decision: 'granted',
      ts: new Date(Date.now() - 60_000).toISOString(),
    });
    await bridge.event(laser.slug, 'offline.decision', { uid: badge.uid, decision: 'granted', ts: new Date().toISOString() }, eventId);
    await waitUntil(async () => {
      const rows = (await as(t, manager).get('/api/access/decisions')).body.filter((r: any) => r.requestId === eventId);
      return rows.length === 1 && rows[0].source === 'offline' && rows[0].personId === person.id;
    });
  });
  const offlineRows = async (eventId: string) => (await as(t, manager).get('/api/access/decisions')).body.filter((r: any) => r.requestId === eventId);

  it.each(['2026-02-31T10:00:00Z', '0000-00-00T00:00:00Z', '9999-99-99T99:99:99Z'])(
    'drops an offline decision dated %s without marking it processed, and records its corrected replay',
    async (impossible) => {
      const person = await createPerson(t, manager, site.id);
      const badge = await createBadge(t, manager, person.id);
      const eventId = await bridge.event(laser.slug, 'offline.decision', { uid: badge.uid, decision: 'granted', ts: impossible });
      const corrected = new Date(Date.now() - 120_000).toISOString();
      await bridge.event(laser.slug, 'offline.decision', { uid: badge.uid, decision: 'granted', ts: corrected }, eventId);
      await waitUntil(async () => (await offlineRows(eventId)).length === 1);
      const [row] = await offlineRows(eventId);
      expect(new Date(row.decidedAt).toISOString()).toBe(corrected);
    },
  );

  it('leaves an offline decision whose recording failed to its replay', async () => {
    const person = await createPerson(t, manager, site.id);
    const badge = await createBadge(t, manager, person.id);
    const lookup = jest.spyOn(t.app.get(PeopleService), 'findBadgeByUid').mockRejectedValueOnce(new Error('base de données injoignable'));
    try {
      const eventId = await bridge.event(laser.slug, 'offline.decision', { uid: badge.uid, decision: 'denied', ts: new Date().toISOString() });
      await waitUntil(() => lookup.mock.calls.length >= 1);
      await new Promise((r) => setTimeout(r, 200));
      expect(await offlineRows(eventId)).toHaveLength(0);
      await bridge.event(laser.slug, 'offline.decision', { uid: badge.uid, decision: 'denied', ts: new Date().toISOString() }, eventId);
      await waitUntil(async () => (await offlineRows(eventId)).length === 1);
    } finally {
      lookup.mockRestore();
    }
  });
  it('drops, with the field and the reason, an alarm carrying a NUL or a telemetry with an unbounded measure', async () => {
    const dropped = async () => (await t.app.get(Metrics).mqttDropped.get()).values.map((v) => String(v.labels.reason));
    await bridge.event(laser.slug, 'alarm', { code: 'door_open', message: 'Porte\u0000ouverte' });
    await bridge.client.publishAsync(bridge.topic(laser.slug, 'telemetry'), JSON.stringify({ ts: new Date().toISOString(), powerW: 1e300 }), { qos: 1 });
    await waitUntil(async () => (await dropped()).some((r) => r.includes('message: control character')));
    await waitUntil(async () => (await dropped()).some((r) => r.includes('powerW')));
    const machine = (await as(t, manager).get(`/api/machines/${laser.id}`).expect(200)).body;
    expect(machine.status).not.toBe('to_check');
  });
});
