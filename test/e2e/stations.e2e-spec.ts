import { randomBytes } from 'node:crypto';
import { decideOffline } from '../../firmware-bridge/src/allowlist/allowlist';
import { DataSource } from 'typeorm';
import { UsageSession } from '../../src/access/entities/usage-session.entity';
import { addDays, dayOf, localTime } from '../../src/common/local-format';
import { StationQueueEntry } from '../../src/stations/entities/station-queue-entry.entity';
import { adminToken, as, createBadge, createMachine, createManager, createPerson, createSite, createTraining, registerBridge } from '../factories/api.factory';
import { FakeBridge } from '../factories/bridge-client';
import { waitUntil } from '../factories/wait';
import { startTestApp, TestApp } from './harness';

/** The shortest lease the settings allow: renewed every 5 s, so a session past its time ends within 5 s. */
const LEASE_SECONDS = 10;

/**
 * Free-access computers (docs/free-access.md), end to end through HTTP, MQTT (a fake bridge serving
 * a laser and two public computers) and the database: badge-in without training, the desk's
 * sessions and their lease, the time limit, the waiting line and the mediation report's counts.
 */
describe(`free-access computers (${process.env.TEST_DB})`, () => {
  let t: TestApp;
  let admin: string;
  let manager: string;
  let site: { id: string; slug: string };
  let laser: { id: string; slug: string };
  let pc1: { id: string; slug: string };
  let pc2: { id: string; slug: string };
  let bridge: FakeBridge;
  const db = () => t.app.get(DataSource);
  const suffix = () => randomBytes(3).toString('hex');

  /** A person with a badge, trained on nothing. */
  async function visitor(firstName = 'Amina') {
    const person = await createPerson(t, manager, site.id, { firstName, lastName: 'Kaci' });
    const badge = await createBadge(t, manager, person.id);
    return { person, badge };
  }
  const cmd = (machine: string, type: string, sessionId: string, timeoutMs = 5000) =>
    bridge.waitFor((tp, p) => tp === bridge.topic(machine, 'cmd') && p.type === type && p.sessionId === sessionId, timeoutMs);
  const board = async () => (await as(t, manager).get('/api/stations').expect(200)).body;
  const endAtDesk = async (machineId: string) => (await as(t, manager).post(`/api/stations/${machineId}/end`).expect(200)).body;
  const openAtDesk = (body: object) => as(t, manager).post('/api/stations/sessions', body);

  beforeAll(async () => {
    t = await startTestApp({ LEASE_SECONDS: String(LEASE_SECONDS) });
    admin = await adminToken(t);
    site = await createSite(t, admin);
    manager = (await createManager(t, admin, site.id)).token;
    laser = await createMachine(t, manager, site.id, { type: 'laser', name: 'Découpeuse laser' });
    pc1 = await createMachine(t, manager, site.id, { type: 'public_computer', name: 'Poste 1', slug: `poste-1-${suffix()}` });
    pc2 = await createMachine(t, manager, site.id, { type: 'public_computer', name: 'Poste 2', slug: `poste-2-${suffix()}` });
    await createTraining(t, manager, site.id, { validityMonths: 12 }); // the laser's
    const creds = await registerBridge(t, admin, site.id, [laser.slug, pc1.slug, pc2.slug]);
    bridge = await FakeBridge.connect(t.mqttUrl, creds.credentials, site.slug, creds.bridge.slug);
    for (const m of [laser, pc1, pc2]) await bridge.serve(m.slug);
    await bridge.client.subscribeAsync(`fablab/v1/${site.slug}/bridges/${creds.bridge.slug}/allowlist`, { qos: 1 });
  });

  afterAll(async () => {
    await bridge?.end();
    await t?.close();
  });

  it('unlocks a public computer for an untrained person, not the laser; the session lasts the site’s minutes', async () => {
    const { person, badge } = await visitor();
    const refused = await bridge.badge(laser.slug, badge.uid);
    expect(refused).toMatchObject({ decision: 'denied', reason: 'training_missing' });

    const before = Date.now();
    const granted = await bridge.badge(pc1.slug, badge.uid);
    expect(granted).toMatchObject({ decision: 'granted', person: { displayName: 'Amina K.' } });
    const until = new Date(granted.until).getTime();
    // The site's default free-access length: 60 minutes.
    expect(until).toBeGreaterThanOrEqual(before + 60 * 60_000 - 1000);
    expect(until).toBeLessThanOrEqual(Date.now() + 60 * 60_000 + 1000);
    expect(granted.message.fr).toContain(localTime(new Date(granted.until), 'Europe/Paris', 'fr', 'spoken'));
    await cmd(pc1.slug, 'unlock', granted.sessionId);

    const row = await db().getRepository(UsageSession).findOneByOrFail({ id: granted.sessionId });
    expect(row).toMatchObject({ personId: person.id, machineId: pc1.id, endedAt: null });
    await bridge.event(pc1.slug, 'session.ended', { sessionId: granted.sessionId, reason: 'badge_out' });
    await waitUntil(async () => !!(await db().getRepository(UsageSession).findOneByOrFail({ id: granted.sessionId })).endedAt);
  });

  it('lists an untrained person for the public computers in the offline allow-list, not for the laser', async () => {
    const { badge } = await visitor('Hors-ligne');
    const latest = () => bridge.received.filter((m) => m.topic.endsWith('/allowlist')).at(-1)?.payload;
    await waitUntil(() => decideOffline(latest(), pc1.slug, badge.uid).decision === 'granted', 10_000);
    expect(decideOffline(latest(), pc2.slug, badge.uid)).toMatchObject({ decision: 'granted' });
    expect(decideOffline(latest(), laser.slug, badge.uid)).toMatchObject({ decision: 'denied', reason: 'not_in_allowlist' });
  });

  it('still refuses an inactive person and a revoked badge on a public computer', async () => {
    const a = await visitor('Bruno');
    await as(t, manager).patch(`/api/people/${a.person.id}`, { active: false }).expect(200);
    expect(await bridge.badge(pc1.slug, a.badge.uid)).toMatchObject({ decision: 'denied', reason: 'person_inactive' });
    const b = await visitor('Chloé');
    await as(t, manager).post(`/api/badges/${b.badge.id}/revoke`, { reason: 'perdu' }).expect(201);
    expect(await bridge.badge(pc1.slug, b.badge.uid)).toMatchObject({ decision: 'denied', reason: 'badge_revoked' });
  });

  it('opens an anonymous visitor’s session at the desk (unlock), shows its end in local time, and ends it with lock', async () => {
    const opened = (await openAtDesk({ machineId: pc2.id, visitorName: 'Martine' }).expect(201)).body;
    await cmd(pc2.slug, 'unlock', opened.sessionId);
    const row = await db().getRepository(UsageSession).findOneByOrFail({ id: opened.sessionId });
    expect(row).toMatchObject({ personId: null, badgeId: null, machineId: pc2.id });

    const station = (await board()).stations.find((s: { machineId: string }) => s.machineId === pc2.id);
    expect(station).toMatchObject({ state: 'in_use', session: { id: opened.sessionId, personId: null, name: 'Martine' } });
    const page = await as(t, manager).get('/stations').expect(200);
    expect(page.text).toContain(`Martine jusqu’à ${localTime(new Date(opened.until), 'Europe/Paris', 'fr')}`);

    // Taken: a second opening is refused with a reason, and a laser is no station.
    const taken = await openAtDesk({ machineId: pc2.id }).expect(409);
    expect(taken.body.message).toContain('déjà occupé');
    const notStation = await openAtDesk({ machineId: laser.id }).expect(400);
    expect(notStation.body.message).toContain('accès libre');
    const bad = await openAtDesk({ machineId: 'poste-2' }).expect(400);
    expect(JSON.stringify(bad.body)).toContain('poste à choisir');

    expect(await endAtDesk(pc2.id)).toEqual({ ended: true });
    await cmd(pc2.slug, 'lock', opened.sessionId);
    const ended = await db().getRepository(UsageSession).findOneByOrFail({ id: opened.sessionId });
    expect(ended.endReason).toBe('manual');
    // The visitor's name served while they were on the station: erased after.
    await waitUntil(async () => (await db().getRepository(StationQueueEntry).findOneByOrFail({ sessionId: opened.sessionId })).visitorName === null);
  });

  it('ends the session with lock when its time is up (the site’s setting, then the lease)', async () => {
    await as(t, manager).put('/api/stations/settings', { minutes: 3 }).expect(400);
    const refused = await as(t, manager).put('/api/stations/settings', { minutes: 'soixante' }).expect(400);
    expect(JSON.stringify(refused.body)).toContain('minutes entières');
    await as(t, manager).put('/api/stations/settings', { minutes: 45 }).expect(200);
    const { person } = await visitor('Dina');
    const before = Date.now();
    const opened = (await openAtDesk({ machineId: pc1.id, personId: person.id }).expect(201)).body;
    const until = new Date(opened.until).getTime();
    expect(until).toBeGreaterThanOrEqual(before + 45 * 60_000);
    expect(until).toBeLessThanOrEqual(Date.now() + 45 * 60_000);
    await cmd(pc1.slug, 'unlock', opened.sessionId);

    // The 45 minutes pass (the database says so): the next renewal ends the session and locks.
    await db()
      .getRepository(UsageSession)
      .update({ id: opened.sessionId }, { until: new Date(Date.now() - 1000) });
    await cmd(pc1.slug, 'lock', opened.sessionId, 2 * LEASE_SECONDS * 1000);
    await waitUntil(async () => (await db().getRepository(UsageSession).findOneByOrFail({ id: opened.sessionId })).endReason === 'expired');
    await as(t, manager).put('/api/stations/settings', { minutes: 60 }).expect(200);
  }, 30_000);

  it('calls the waiting line in order as stations free up, and keeps a called station for the person called', async () => {
    const a = await visitor('Anne');
    const b = await visitor('Basile');
    const walkIn = await visitor('Walid');
    const s1 = (await openAtDesk({ machineId: pc1.id, visitorName: 'Occupant 1' }).expect(201)).body;
    const s2 = (await openAtDesk({ machineId: pc2.id, visitorName: 'Occupant 2' }).expect(201)).body;
    await as(t, manager).post('/api/stations/queue', { personId: a.person.id }).expect(201);
    await as(t, manager).post('/api/stations/queue', { personId: b.person.id }).expect(201);
    const c = (await as(t, manager).post('/api/stations/queue', { visitorName: 'Martine' }).expect(201)).body;
    expect((await as(t, manager).post('/api/stations/queue', { personId: a.person.id }).expect(409)).body.message).toContain('déjà dans la file');
    expect((await as(t, manager).post('/api/stations/queue', {}).expect(400)).body.message).toContain('prénom du visiteur');
    expect((await board()).queue.map((e: { name: string; position: number; status: string }) => [e.position, e.name, e.status])).toEqual([
      [1, 'Anne K.', 'waiting'],
      [2, 'Basile K.', 'waiting'],
      [3, 'Martine', 'waiting'],
    ]);

    // Station 1 frees: Anne, first in line, is called to it.
    await endAtDesk(pc1.id);
    await cmd(pc1.slug, 'lock', s1.sessionId);
    await waitUntil(async () => (await board()).queue[0].status === 'called');
    const afterFirst = await board();
    expect(afterFirst.queue[0]).toMatchObject({ name: 'Anne K.', status: 'called', machineId: pc1.id, machineName: 'Poste 1' });
    expect(afterFirst.queue.slice(1).map((e: { status: string }) => e.status)).toEqual(['waiting', 'waiting']);
    expect(afterFirst.stations.find((s: { machineId: string }) => s.machineId === pc1.id)).toMatchObject({ state: 'called', calledFor: { name: 'Anne K.' } });

    // Someone not in line (or further back) is sent to the desk; the desk cannot give Anne's station away.
    const jumped = await bridge.badge(pc1.slug, walkIn.badge.uid);
    expect(jumped).toMatchObject({ decision: 'denied', reason: 'free_access_queue' });
    expect(jumped.message.fr).toBe("3 personnes attendent déjà un poste : inscrivez-vous à l'accueil.");
    expect(await bridge.badge(pc1.slug, b.badge.uid)).toMatchObject({ decision: 'denied', reason: 'free_access_queue' });
    expect((await openAtDesk({ machineId: pc1.id, visitorName: 'Quelqu’un' }).expect(409)).body.message).toContain('Anne K.');

    // Anne badges in: her turn starts, the line moves up.
    const anne = await bridge.badge(pc1.slug, a.badge.uid);
    expect(anne).toMatchObject({ decision: 'granted' });
    await waitUntil(async () => (await board()).queue.length === 2);
    expect((await db().getRepository(StationQueueEntry).findOneByOrFail({ personId: a.person.id })).status).toBe('started');

    // Station 2 frees: Basile is next, then Martine (a visitor) when Basile leaves the line.
    await endAtDesk(pc2.id);
    await cmd(pc2.slug, 'lock', s2.sessionId);
    await waitUntil(async () => (await board()).queue[0].status === 'called');
    const basile = (await board()).queue[0];
    expect(basile).toMatchObject({ name: 'Basile K.', machineId: pc2.id });
    await as(t, manager).post(`/api/stations/queue/${basile.id}/leave`).expect(200);
    await waitUntil(async () => (await board()).queue[0]?.status === 'called');
    expect((await board()).queue).toEqual([expect.objectContaining({ id: c.id, name: 'Martine', status: 'called', machineId: pc2.id })]);

    // The desk seats Martine on the station she was called to.
    const seated = (await openAtDesk({ machineId: pc2.id, queueEntryId: c.id }).expect(201)).body;
    await cmd(pc2.slug, 'unlock', seated.sessionId);
    expect((await board()).queue).toEqual([]);
    expect((await board()).stations.find((s: { machineId: string }) => s.machineId === pc2.id)).toMatchObject({ session: { name: 'Martine' } });

    // Nobody waits any more: a walk-in's badge is welcome on a free station again.
    await endAtDesk(pc2.id);
    await cmd(pc2.slug, 'lock', seated.sessionId);
    expect(await bridge.badge(pc2.slug, walkIn.badge.uid)).toMatchObject({ decision: 'granted' });
    await endAtDesk(pc2.id);
    await endAtDesk(pc1.id);
  }, 30_000);

  it('counts free-access sessions, people and hours in the mediation report', async () => {
    // A site of its own, so the counts are this test's alone.
    const other = await createSite(t, admin);
    const otherManager = (await createManager(t, admin, other.id)).token;
    const station = await createMachine(t, otherManager, other.id, { type: 'public_computer', name: 'Poste A', slug: `poste-a-${suffix()}` });
    const person = await createPerson(t, otherManager, other.id, { firstName: 'Farid', lastName: 'B' });
    const desk = (body: object) =>
      as(t, otherManager)
        .post('/api/stations/sessions', { machineId: station.id, ...body })
        .expect(201);
    const end = () => as(t, otherManager).post(`/api/stations/${station.id}/end`).expect(200);
    const ids: string[] = [];
    for (const who of [{ personId: person.id }, {}, { personId: person.id }]) {
      ids.push((await desk(who)).body.sessionId);
      await end();
    }
    // Each lasted 30 minutes.
    for (const id of ids) {
      const s = await db().getRepository(UsageSession).findOneByOrFail({ id });
      await db()
        .getRepository(UsageSession)
        .update({ id }, { startedAt: new Date(s.endedAt!.getTime() - 30 * 60_000) });
    }
    const today = dayOf(new Date(), 'Europe/Paris');
    const report = (
      await as(t, otherManager)
        .get(`/api/mediation/reports?from=${addDays(today, -1)}&to=${today}`)
        .expect(200)
    ).body;
    expect(report.freeAccess).toEqual({ sessions: 3, people: 1, anonymousSessions: 1, minutes: 90 });
    const page = await as(t, otherManager)
      .get(`/mediation/reports?from=${addDays(today, -1)}&to=${today}`)
      .expect(200);
    expect(page.text).toContain('data-figure="free-sessions">3<');
    expect(page.text).toContain('data-figure="free-hours">1,5<');
    // Another site's stations are not counted.
    const mine = (
      await as(t, manager)
        .get(`/api/mediation/reports?from=${addDays(today, -1)}&to=${today}`)
        .expect(200)
    ).body;
    expect(mine.freeAccess.anonymousSessions).toBeGreaterThanOrEqual(2);
    expect(mine.freeAccess.sessions).not.toBe(3);
  });
});
