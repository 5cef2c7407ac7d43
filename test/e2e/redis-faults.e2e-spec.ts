import { Queues, schedulerId } from '../../src/infra/queue/queues';
import { adminToken, as, createBadge, createMachine, createManager, createSite, createTraining, isoDaysAgo, recordPass, registerBridge } from '../factories/api.factory';
import { book, makeBookable, parisAt, plusMinutes } from '../factories/bookings.factory';
import { FakeBridge } from '../factories/bridge-client';
import { sampleGcode } from '../factories/gcode.factory';
import { createMaker, uploadJob } from '../factories/jobs.factory';
import { PrivateRedis } from '../factories/private-redis';
import { waitUntil } from '../factories/wait';
import { startTestApp, TestApp } from './harness';

jest.setTimeout(120_000);

/** Redis stopped, then restarted empty, under a running app: fast 503s, badges still decided, schedulers back. */
describe(`Redis faults (${process.env.TEST_DB})`, () => {
  let redis: PrivateRedis;
  let t: TestApp;
  let manager: string;
  let printer: { id: string; slug: string };
  let uid: string;
  let maker: Awaited<ReturnType<typeof createMaker>>;
  let bridge: FakeBridge;

  const schedulersInRedis = async () => {
    const queues = t.app.get(Queues);
    const found = await Promise.all(queues.declared().map((s) => queues.queue(s.queue).getJobScheduler(schedulerId(s)).catch(() => null)));
    return found.filter(Boolean).length;
  };

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    t = await startTestApp({ REDIS_URL: redis.url, LEASE_SECONDS: '10' });
    const admin = await adminToken(t);
    const site = await createSite(t, admin);
    manager = (await createManager(t, admin, site.id)).token;
    printer = await createMachine(t, manager, site.id, { name: 'Prusa', type: 'printer', profile: { workArea: { x: 250, y: 210, z: 220 } } });
    const training = await createTraining(t, manager, site.id, { machineTypes: ['printer'] });
    maker = await createMaker(t, manager, site.id, 'Amina');
    await makeBookable(t, manager, printer.id);
    await recordPass(t, manager, maker.person.id, training.id, isoDaysAgo(3));
    uid = (await createBadge(t, manager, maker.person.id)).uid;
    const reg = await registerBridge(t, admin, site.id, [printer.slug]);
    bridge = await FakeBridge.connect(t.mqttUrl, reg.credentials, site.slug, reg.bridge.slug, { will: false });
    await bridge.serve(printer.slug);
  });

  afterAll(async () => {
    await bridge?.end();
    await redis?.start().catch(() => undefined); // a clean shutdown of the app's connections
    await t?.close();
    await redis?.stop();
  });

  it('declares every repeatable job under one naming scheme, and they are in Redis at start', async () => {
    const ids = t.app.get(Queues).declared().map(schedulerId).sort();
    expect(ids).toEqual(['access.forget-old', 'allowlists.publish-all', 'skills-workshops.remind-enrolled', 'training-reminders.send-reminders']);
    expect(await schedulersInRedis()).toBe(ids.length);
    await as(t, manager).get('/health').expect(200);
  });

  it('answers 503 with a French reason within seconds while Redis is down, and still decides badges', async () => {
    await redis.stop();
    await waitUntil(() => !t.app.get(Queues).up, 5000);

    const started = Date.now();
    const upload = await uploadJob(t, manager, await sampleGcode('prusaslicer'), { machineId: printer.id });
    expect(upload.status).toBe(503);
    expect(upload.body).toMatchObject({ code: 'redis_unavailable' });
    expect(upload.body.message).toContain('injoignable');
    const health = await as(t, manager).get('/health');
    expect(health.status).toBe(503);
    expect(health.body.redis).toMatchObject({ ok: false });
    expect(health.body.redis.error).toContain('Redis injoignable');
    // A booking's reminders and no-show check live in Redis: refused before anything is written.
    const booking = await book(t, maker.token, { machineId: printer.id, startsAt: parisAt(3, 10), endsAt: plusMinutes(parisAt(3, 10), 60) });
    expect(booking.status).toBe(503);
    expect(booking.body.code).toBe('redis_unavailable');
    expect(Date.now() - started).toBeLessThan(10_000);
    // Nothing half-done: no job left "analysing" that no worker will ever see.
    const mine = await as(t, manager).get('/api/jobs/mine').expect(200);
    expect(mine.body.filter((j: any) => j.status === 'analysing')).toEqual([]);

    const t0 = Date.now();
    const decision = await bridge.badge(printer.slug, uid);
    expect(decision.decision).toBe('granted');
    expect(Date.now() - t0).toBeLessThan(3000);
    // And its lease is renewed (every 5 s here) from this instance's own schedule meanwhile.
    const unlocks = (m: { topic: string; payload: any }) => m.topic.endsWith('/cmd') && m.payload.type === 'unlock' && m.payload.sessionId === decision.sessionId;
    await bridge.waitFor((topic, payload) => unlocks({ topic, payload }), 3000);
    await waitUntil(() => bridge.received.filter(unlocks).length >= 2, 9000);
  });

  it('gets the schedulers back by itself when Redis comes back empty, and a scheduled job runs', async () => {
    await redis.start(); // --save '' --appendonly no: an empty Redis, as after a FLUSHALL
    const queues = t.app.get(Queues);
    await waitUntil(async () => (await schedulersInRedis()) === queues.declared().length, 10_000);
    const completed = async () => (await queues.queue('access').getJobCounts('completed').catch(() => ({ completed: 0 }))).completed;
    await waitUntil(async () => (await completed()) > 0, 15_000);

    await as(t, manager).get('/health').expect(200);
    const upload = await uploadJob(t, manager, await sampleGcode('prusaslicer'), { machineId: printer.id });
    expect(upload.status).toBe(201);
    await book(t, maker.token, { machineId: printer.id, startsAt: parisAt(3, 10), endsAt: plusMinutes(parisAt(3, 10), 60) }).expect(201);
  });
});
