import { randomUUID } from 'node:crypto';
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
import { FakeBridge } from '../factories/bridge-client';
import { waitUntil } from '../factories/wait';
import { startTestApp, TestApp } from './harness';

/** Sessions a bridge opened from its allow-list while the server was out of reach (issue 22). */
describe(`sessions opened offline (${process.env.TEST_DB})`, () => {
  let t: TestApp;
  let manager: string;
  let bridge: FakeBridge;
  let laser: { id: string; slug: string };
  let person: { id: string };
  let uid: string;

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await adminToken(t);
    const site = await createSite(t, admin);
    manager = (await createManager(t, admin, site.id)).token;
    laser = await createMachine(t, manager, site.id);
    const training = await createTraining(t, manager, site.id);
    person = await createPerson(t, manager, site.id, { firstName: 'Yanis', lastName: 'Le Goff' });
    uid = (await createBadge(t, manager, person.id)).uid;
    await recordPass(t, manager, person.id, training.id, isoDaysAgo(5));
    const reg = await registerBridge(t, admin, site.id, [laser.slug]);
    bridge = await FakeBridge.connect(t.mqttUrl, reg.credentials, site.slug, reg.bridge.slug);
  });
  afterAll(async () => {
    await bridge?.end();
    await t?.close();
  });

  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
  /** An event as the bridge's journal replays it: its own time, not the time it is sent. */
  const replay = (type: string, ts: string, body: object) =>
    bridge.client.publishAsync(bridge.topic(laser.slug, 'events'), JSON.stringify({ eventId: randomUUID(), type, ts, ...body }), { qos: 1 });
  const history = async () => (await as(t, manager).get(`/api/sessions?machineId=${laser.id}`).expect(200)).body as any[];

  it('records the session from its offline grant and its end, in the usage history', async () => {
    const sessionId = randomUUID();
    const grantedAt = minutesAgo(50);
    const endedAt = minutesAgo(20);
    await replay('offline.decision', grantedAt, { uid, decision: 'granted' });
    await replay('session.ended', endedAt, { sessionId, reason: 'badge_out' });
    await waitUntil(async () => (await history()).some((s) => s.id === sessionId));
    const row = (await history()).find((s) => s.id === sessionId);
    expect(row).toMatchObject({ personId: person.id, personName: 'Yanis L.', durationMinutes: 30, endReason: 'badge_out' });
    expect(new Date(row.startedAt).toISOString()).toBe(grantedAt);
    expect(new Date(row.endedAt).toISOString()).toBe(endedAt);
    const decisions = (await as(t, manager).get('/api/access/decisions').expect(200)).body;
    expect(decisions.find((d: any) => d.source === 'offline' && d.decidedAt === grantedAt)).toMatchObject({ sessionId });

    // The same end replayed again (a new event id) records nothing more.
    await replay('session.ended', endedAt, { sessionId, reason: 'badge_out' });
    await new Promise((r) => setTimeout(r, 500));
    expect((await history()).filter((s) => s.id === sessionId)).toHaveLength(1);
  });

  it('waits for a grant that arrives after the end (another instance may handle it)', async () => {
    const sessionId = randomUUID();
    await replay('session.ended', minutesAgo(5), { sessionId, reason: 'idle_timeout' });
    await new Promise((r) => setTimeout(r, 300));
    await replay('offline.decision', minutesAgo(15), { uid, decision: 'granted' });
    await waitUntil(async () => (await history()).some((s) => s.id === sessionId && s.durationMinutes === 10 && s.endReason === 'idle_timeout'), 8000);
  });

  it('attaches the end to the session the bridge named in its grant', async () => {
    const named = randomUUID();
    await replay('offline.decision', minutesAgo(12), { uid, decision: 'granted', sessionId: named });
    // A later grant with no session named: the end still goes to the one named.
    await replay('offline.decision', minutesAgo(9), { uid, decision: 'granted' });
    await replay('session.ended', minutesAgo(8), { sessionId: named, reason: 'power_off' });
    await waitUntil(async () => (await history()).some((s) => s.id === named));
    expect((await history()).find((s) => s.id === named)).toMatchObject({ durationMinutes: 4, endReason: 'power_off' });
  });
});
