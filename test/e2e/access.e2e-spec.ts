import { randomUUID } from 'node:crypto';
import mqtt from 'mqtt';
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
import { DataSource, In } from 'typeorm';
import { UsageSession } from '../../src/access/entities/usage-session.entity';
import { FakeBridge } from '../factories/bridge-client';
import { waitUntil } from '../factories/wait';
import { startTestApp, TestApp } from './harness';

describe(`badge-in at a machine (${process.env.TEST_DB})`, () => {
  let t: TestApp;
  let admin: string;
  let manager: string;
  let site: { id: string; slug: string };
  let laser: { id: string; slug: string };
  let printer: { id: string; slug: string };
  let training: { id: string };
  let bridge: FakeBridge;
  let creds: Awaited<ReturnType<typeof registerBridge>>;

  /** A person with a badge, optionally trained on the laser `daysAgo` days ago. */
  async function maker(opts: { trainedDaysAgo?: number } = {}) {
    const person = await createPerson(t, manager, site.id, { firstName: 'Amina', lastName: 'Kaci' });
    const badge = await createBadge(t, manager, person.id);
    if (opts.trainedDaysAgo !== undefined) await recordPass(t, manager, person.id, training.id, isoDaysAgo(opts.trainedDaysAgo));
    return { person, badge };
  }

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminToken(t);
    site = await createSite(t, admin);
    manager = (await createManager(t, admin, site.id)).token;
    laser = await createMachine(t, manager, site.id, { type: 'laser', name: 'Découpeuse laser' });
    printer = await createMachine(t, manager, site.id, { type: 'printer', name: 'Imprimante 3D', slug: `printer-${randomUid(2).toLowerCase()}` });
    training = await createTraining(t, manager, site.id, { validityMonths: 12 });
    creds = await registerBridge(t, admin, site.id, [laser.slug, printer.slug]);
    bridge = await FakeBridge.connect(t.mqttUrl, creds.credentials, site.slug, creds.bridge.slug);
    await bridge.serve(laser.slug);
    await bridge.serve(printer.slug);
  });

  afterAll(async () => {
    await bridge?.end();
    await t?.close();
  });

  it('grants a trained maker, sends unlock and opens a session', async () => {
    const { person, badge } = await maker({ trainedDaysAgo: 10 });
    const reply = await bridge.badge(laser.slug, badge.uid);
    expect(reply).toMatchObject({ decision: 'granted', person: { displayName: 'Amina K.' } });
    expect(reply.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(reply.message.fr).toContain('Bonjour Amina');
    expect(reply.message.en).toContain('Hello Amina');
    expect(new Date(reply.until).getTime()).toBeGreaterThan(Date.now() + 7 * 3600_000);
    const unlock = await bridge.waitFor((tp, p) => tp.endsWith(`${laser.slug}/cmd`) && p.type === 'unlock' && p.sessionId === reply.sessionId);
    expect(unlock.payload).toMatchObject({ leaseSeconds: 120 });
    expect(unlock.payload.commandId).toMatch(/^[0-9a-f-]{36}$/);

    const open = await as(t, manager).get('/api/sessions/open').expect(200);
    expect(open.body.find((s: any) => s.id === reply.sessionId)).toMatchObject({ personId: person.id, machineId: laser.id });
    // Give the machine back for the next tests.
    await bridge.event(laser.slug, 'session.ended', { sessionId: reply.sessionId, reason: 'badge_out' });
    await waitUntil(async () => (await as(t, manager).get('/api/sessions/open')).body.length === 0);
  });

  it('denies an untrained maker with training_missing, in French and English', async () => {
    const { badge } = await maker();
    const reply = await bridge.badge(laser.slug, badge.uid);
    expect(reply).toMatchObject({ decision: 'denied', reason: 'training_missing' });
    expect(reply.message.fr).toBe('Formation « Découpe laser » requise.');
    expect(reply.message.en).toBe('Laser cutting training required.');
    expect(reply.sessionId).toBeUndefined();
  });

  it('denies a maker whose training expired yesterday', async () => {
    const { badge } = await maker({ trainedDaysAgo: 367 });
    const reply = await bridge.badge(laser.slug, badge.uid);
    expect(reply).toMatchObject({ decision: 'denied', reason: 'training_expired' });
    expect(reply.message.fr).toMatch(/a expiré le/);
  });

  it('denies a training that does not cover this machine type', async () => {
    const { badge } = await maker({ trainedDaysAgo: 1 });
    const reply = await bridge.badge(printer.slug, badge.uid);
    expect(reply).toMatchObject({ decision: 'denied', reason: 'training_missing' });
  });

  it('denies an unknown badge', async () => {
    const reply = await bridge.badge(laser.slug, randomUid());
    expect(reply).toMatchObject({ decision: 'denied', reason: 'badge_unknown' });
  });

  it('denies a revoked badge', async () => {
    const { badge } = await maker({ trainedDaysAgo: 1 });
    await as(t, manager).post(`/api/badges/${badge.id}/revoke`, { reason: 'perdu' }).expect(201);
    const reply = await bridge.badge(laser.slug, badge.uid);
    expect(reply).toMatchObject({ decision: 'denied', reason: 'badge_revoked' });
  });

  it('denies an inactive person', async () => {
    const { person, badge } = await maker({ trainedDaysAgo: 1 });
    await as(t, manager).patch(`/api/people/${person.id}`, { active: false }).expect(200);
    const reply = await bridge.badge(laser.slug, badge.uid);
    expect(reply).toMatchObject({ decision: 'denied', reason: 'person_inactive' });
  });

  it('denies a second person while the machine is in use, and renews the holder', async () => {
    const a = await maker({ trainedDaysAgo: 1 });
    const b = await maker({ trainedDaysAgo: 1 });
    const first = await bridge.badge(laser.slug, a.badge.uid);
    expect(first.decision).toBe('granted');
    const second = await bridge.badge(laser.slug, b.badge.uid);
    expect(second).toMatchObject({ decision: 'denied', reason: 'machine_in_use' });
    expect(second.message.fr).toContain('Amina K.');
    const again = await bridge.badge(laser.slug, a.badge.uid);
    expect(again).toMatchObject({ decision: 'granted', sessionId: first.sessionId });
    await as(t, manager).post(`/api/sessions/${first.sessionId}/end`).expect(200);
    await bridge.waitFor((tp, p) => tp.endsWith(`${laser.slug}/cmd`) && p.type === 'lock' && p.sessionId === first.sessionId);
  });

  it('a session this instance does not know of (another instance opened it): its holder renews it, another is refused', async () => {
    const a = await maker({ trainedDaysAgo: 1 });
    const b = await maker({ trainedDaysAgo: 1 });
    const novice = await maker();
    // This instance reads the laser free and remembers it.
    expect(await bridge.badge(laser.slug, novice.badge.uid)).toMatchObject({ decision: 'denied', reason: 'training_missing' });
    // Another instance opens a session for A (written straight into the database: no notice reaches this one).
    const id = randomUUID();
    await t.app
      .get(DataSource)
      .getRepository(UsageSession)
      .insert({
        id,
        siteId: site.id,
        machineId: laser.id,
        personId: a.person.id,
        badgeId: a.badge.id,
        startedAt: new Date(),
        until: new Date(Date.now() + 3600_000),
        endedAt: null,
        endReason: null,
      });
    // A's new session is refused by the one-open-session index, then A's badge is decided again from
    // the database: a renewal of the session A holds.
    expect(await bridge.badge(laser.slug, a.badge.uid)).toMatchObject({ decision: 'granted', sessionId: id });
    expect(await bridge.badge(laser.slug, b.badge.uid)).toMatchObject({ decision: 'denied', reason: 'machine_in_use' });
    expect((await as(t, manager).get('/api/sessions/open').expect(200)).body.filter((o: { machineId: string }) => o.machineId === laser.id)).toHaveLength(1);
    await as(t, manager).post(`/api/sessions/${id}/end`).expect(200);
  });

  it('answers a repeated request (QoS 1 duplicate) with the same decision and opens one session only', async () => {
    const { badge } = await maker({ trainedDaysAgo: 1 });
    const requestId = randomUUID();
    const [r1, r2] = await Promise.all([bridge.badge(laser.slug, badge.uid, requestId), bridge.badge(laser.slug, badge.uid, requestId)]);
    const r3 = await bridge.badge(laser.slug, badge.uid, requestId);
    expect(r1).toEqual(r2);
    expect(r3).toEqual(r1);
    const open = (await as(t, manager).get('/api/sessions/open').expect(200)).body;
    expect(open.filter((s: any) => s.machineId === laser.id)).toHaveLength(1);
    await as(t, manager).post(`/api/sessions/${r1.sessionId}/end`).expect(200);
  });

  it('ignores a duplicated session.ended event', async () => {
    const { badge } = await maker({ trainedDaysAgo: 1 });
    const reply = await bridge.badge(laser.slug, badge.uid);
    const eventId = randomUUID();
    await bridge.event(laser.slug, 'session.ended', { sessionId: reply.sessionId, reason: 'badge_out' }, eventId);
    await bridge.event(laser.slug, 'session.ended', { sessionId: reply.sessionId, reason: 'idle_timeout' }, eventId);
    await waitUntil(async () => (await as(t, manager).get('/api/sessions/open')).body.length === 0);
    const metrics = await t.http().get('/metrics').expect(200);
    expect(metrics.text).toContain('fablab_access_decisions_total');
  });

  it('badges on many machines at once open their sessions together and their ends together (one batch each), a copy of an end being a duplicate', async () => {
    const lasers: Array<{ id: string; slug: string }> = [];
    for (let i = 0; i < 5; i++)
      lasers.push(await createMachine(t, manager, site.id, { type: 'laser', name: `Laser ${i}`, slug: `laser-lot-${i}-${randomUid(2).toLowerCase()}` }));
    const lot = await registerBridge(
      t,
      admin,
      site.id,
      lasers.map((m) => m.slug),
    );
    const lotBridge = await FakeBridge.connect(t.mqttUrl, lot.credentials, site.slug, lot.bridge.slug);
    try {
      for (const m of lasers) {
        await lotBridge.serve(m.slug);
        await lotBridge.client.subscribeAsync(lotBridge.topic(m.slug, 'acks'), { qos: 1 });
      }
      const makers = await Promise.all(lasers.map(() => maker({ trainedDaysAgo: 1 })));
      const replies = await Promise.all(lasers.map((m, i) => lotBridge.badge(m.slug, makers[i].badge.uid)));
      expect(replies.map((r) => r.decision)).toEqual(Array(5).fill('granted'));
      expect(new Set(replies.map((r) => r.sessionId)).size).toBe(5);
      const machines = () =>
        t.app
          .get(DataSource)
          .getRepository('Machine')
          .findBy({ id: In(lasers.map((m) => m.id)) }) as Promise<Array<{ status: string }>>;
      // In use as soon as the sessions are written: the same transaction.
      expect((await machines()).map((m) => m.status)).toEqual(Array(5).fill('in_use'));

      const eventIds = lasers.map(() => randomUUID());
      const ackOf = (slug: string, eventId: string) =>
        lotBridge.waitFor((tp, p) => tp === lotBridge.topic(slug, 'acks') && p.eventId === eventId).then((m) => m.payload.result);
      const acks = lasers.map((m, i) => ackOf(m.slug, eventIds[i]));
      await Promise.all(lasers.map((m, i) => lotBridge.event(m.slug, 'session.ended', { sessionId: replies[i].sessionId, reason: 'badge_out' }, eventIds[i])));
      expect(await Promise.all(acks)).toEqual(Array(5).fill('applied'));
      const sessions = await t.app
        .get(DataSource)
        .getRepository(UsageSession)
        .findBy({ id: In(replies.map((r) => r.sessionId)) });
      expect(sessions.map((x) => x.endReason)).toEqual(Array(5).fill('badge_out'));
      expect(sessions.every((x) => x.endedAt)).toBe(true);
      await waitUntil(async () => (await machines()).every((m) => m.status === 'free'));

      // A copy of one end: acknowledged as a duplicate, nothing changes.
      lotBridge.received.length = 0;
      const copy = ackOf(lasers[0].slug, eventIds[0]);
      await lotBridge.event(lasers[0].slug, 'session.ended', { sessionId: replies[0].sessionId, reason: 'idle_timeout' }, eventIds[0]);
      expect(await copy).toBe('duplicate');
      expect((await t.app.get(DataSource).getRepository(UsageSession).findOneByOrFail({ id: replies[0].sessionId })).endReason).toBe('badge_out');
    } finally {
      await lotBridge.end();
    }
  });

  it('writes every decision to the audit log', async () => {
    const { person, badge } = await maker();
    await bridge.badge(laser.slug, badge.uid);
    await waitUntil(async () => {
      const rows = (await as(t, manager).get('/api/access/decisions').expect(200)).body;
      return rows.some((r: any) => r.personId === person.id && r.reason === 'training_missing' && r.machineId === laser.id && r.decidedAt);
    });
  });

  it('drops a malformed badge payload and keeps serving', async () => {
    await bridge.client.publishAsync(bridge.topic(laser.slug, 'badge'), 'not json', { qos: 1 });
    await bridge.client.publishAsync(bridge.topic(laser.slug, 'badge'), JSON.stringify({ requestId: 'nope', uid: 'zz' }), { qos: 1 });
    await bridge.client.publishAsync(
      bridge.topic(laser.slug, 'badge'),
      JSON.stringify({ requestId: randomUUID(), uid: '04a224b2', ts: new Date().toISOString() }),
      { qos: 1 },
    );
    const { badge } = await maker({ trainedDaysAgo: 1 });
    const reply = await bridge.badge(laser.slug, badge.uid);
    expect(reply.decision).toBe('granted');
    await as(t, manager).post(`/api/sessions/${reply.sessionId}/end`).expect(200);
    const metrics = await t.http().get('/metrics').expect(200);
    expect(metrics.text).toMatch(/fablab_mqtt_messages_dropped_total\{kind="badge",reason="invalid_json"\} [1-9]/);
    await t.http().get('/health').expect(200);
  });

  it("does not let a bridge publish to another bridge's machine", async () => {
    const other = await createMachine(t, manager, site.id, { slug: `cnc-${randomUid(2).toLowerCase()}`, type: 'cnc', name: 'Fraiseuse' });
    const otherCreds = await registerBridge(t, admin, site.id, [other.slug]);
    const otherBridge = await FakeBridge.connect(t.mqttUrl, otherCreds.credentials, site.slug, otherCreds.bridge.slug);
    await otherBridge.serve(other.slug);
    // Our bridge (laser + printer) tries to badge on the CNC: the broker refuses, nothing is decided.
    const requestId = randomUUID();
    // aedes answers a refused publish by closing the connection, so no PUBACK is awaited here.
    bridge.client.publish(bridge.topic(other.slug, 'badge'), JSON.stringify({ requestId, uid: randomUid(), ts: new Date().toISOString() }), { qos: 1 });
    await new Promise((r) => setTimeout(r, 500));
    await bridge.end();
    expect(otherBridge.received.find((m) => m.payload?.requestId === requestId)).toBeUndefined();
    // and may not subscribe to its commands either
    const spy = await mqtt.connectAsync(t.mqttUrl, { ...creds.credentials, clientId: creds.credentials.username, reconnectPeriod: 0 }).catch(() => null);
    if (spy) {
      const granted = await spy.subscribeAsync(`fablab/v1/${site.slug}/machines/${other.slug}/cmd`).catch(() => [{ qos: 128 }]);
      expect((granted as any)[0].qos).toBe(128);
      await spy.endAsync(true);
    }
    await otherBridge.end();
    // reconnect ours (aedes disconnects a client whose publish is refused)
    bridge = await FakeBridge.connect(t.mqttUrl, creds.credentials, site.slug, creds.bridge.slug);
    await bridge.serve(laser.slug);
    await bridge.serve(printer.slug);
  });

  it('refuses a bridge with a wrong secret or a client id that is not its username', async () => {
    await expect(
      mqtt.connectAsync(t.mqttUrl, { username: creds.credentials.username, password: 'wrong', clientId: creds.credentials.username, reconnectPeriod: 0 }),
    ).rejects.toThrow();
    await expect(mqtt.connectAsync(t.mqttUrl, { ...creds.credentials, clientId: 'someone-else', reconnectPeriod: 0 })).rejects.toThrow();
  });

  it('marks the bridge offline from its Last Will and online from its status', async () => {
    const statusTopic = `fablab/v1/${site.slug}/bridges/${creds.bridge.slug}/status`;
    await bridge.client.publishAsync(statusTopic, JSON.stringify({ online: true, version: '1.4.0', machines: [laser.slug], ts: new Date().toISOString() }), {
      qos: 1,
      retain: true,
    });
    await waitUntil(async () =>
      (await as(t, manager).get('/api/bridges')).body.some((b: any) => b.slug === creds.bridge.slug && b.online && b.version === '1.4.0'),
    );
    bridge.client.stream.destroy(); // a power cut: no DISCONNECT, the broker sends the Will
    await waitUntil(async () => (await as(t, manager).get('/api/bridges')).body.some((b: any) => b.slug === creds.bridge.slug && !b.online));
    bridge = await FakeBridge.connect(t.mqttUrl, creds.credentials, site.slug, creds.bridge.slug);
    await bridge.serve(laser.slug);
  });
});
