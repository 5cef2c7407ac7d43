import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BookingsJobs } from '../../src/bookings/bookings.jobs';
import { BOOKINGS_QUEUE } from '../../src/bookings/bookings.service';
import { Booking } from '../../src/bookings/entities/booking.entity';
import { MailService } from '../../src/infra/mail/mail.service';
import { BullmqBackend } from '../../src/infra/queue/bullmq-backend';
import { jobKey, Queues } from '../../src/infra/queue/queues';
import { createRedis } from '../../src/infra/queue/redis';
import {
  adminToken,
  as,
  createBadge,
  createMachine,
  createManager,
  createSite,
  createTraining,
  isoDaysAgo,
  recordPass,
  registerBridge,
} from '../factories/api.factory';
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
    const redisQueue = (name: string) => (queues.backend as BullmqBackend).queue(name);
    const found = await Promise.all(
      queues.declared().map((s) =>
        redisQueue(s.queue)
          .getJobScheduler(jobKey(s.queue, s.job))
          .catch(() => null),
      ),
    );
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
    const ids = t.app
      .get(Queues)
      .declared()
      .map((s) => jobKey(s.queue, s.job))
      .sort();
    expect(ids).toEqual([
      'access.forget-old',
      'allowlists.publish-all',
      'bookings.reconcile',
      'memberships.remind-renewals',
      'trainings.send-reminders',
      'workshops.remind-enrolled',
    ]);
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
    const unlocks = (m: { topic: string; payload: any }) =>
      m.topic.endsWith('/cmd') && m.payload.type === 'unlock' && m.payload.sessionId === decision.sessionId;
    await bridge.waitFor((topic, payload) => unlocks({ topic, payload }), 3000);
    await waitUntil(() => bridge.received.filter(unlocks).length >= 2, 9000);
  });

  it('gets the schedulers back by itself when Redis comes back empty, and a scheduled job runs', async () => {
    await redis.start(); // --save '' --appendonly no: an empty Redis, as after a FLUSHALL
    const queues = t.app.get(Queues);
    await waitUntil(async () => (await schedulersInRedis()) === queues.declared().length, 10_000);
    const completed = async () =>
      (
        await (queues.backend as BullmqBackend)
          .queue('access')
          .getJobCounts('completed')
          .catch(() => ({ completed: 0 }))
      ).completed;
    await waitUntil(async () => (await completed()) > 0, 15_000);

    await as(t, manager).get('/health').expect(200);
    const upload = await uploadJob(t, manager, await sampleGcode('prusaslicer'), { machineId: printer.id });
    expect(upload.status).toBe(201);
    await book(t, maker.token, { machineId: printer.id, startsAt: parisAt(3, 10), endsAt: plusMinutes(parisAt(3, 10), 60) }).expect(201);
  });

  it("gets a booking's delayed jobs back when Redis comes back empty: its reminder is still mailed", async () => {
    void BookingsJobs; // the handlers of bookings.remind / bookings.no-show
    const queues = t.app.get(Queues);
    const start = parisAt(4, 10);
    const b = await book(t, maker.token, { machineId: printer.id, startsAt: start, endsAt: plusMinutes(start, 60) }).expect(201);
    const noShowAt = (await queues.find(BOOKINGS_QUEUE, `no-show-${b.body.id}`))!.runAt.getTime();
    // Time passes: the booking now starts in an hour and four seconds, its hour reminder is 4 s away.
    const soon = new Date(Date.now() + 3600_000 + 4000);
    await t.app
      .get<DataSource>(getDataSourceToken())
      .getRepository(Booking)
      .update({ id: b.body.id }, { startsAt: soon, endsAt: plusMinutes(soon, 60) });

    await redis.stop();
    await waitUntil(() => !queues.up, 5000);
    await redis.start(); // empty: every delayed job of the booking is gone from Redis
    await waitUntil(async () => (await queues.find(BOOKINGS_QUEUE, `no-show-${b.body.id}`).catch(() => null)) !== null, 10_000);
    const noShow = await queues.find(BOOKINGS_QUEUE, `no-show-${b.body.id}`);
    expect(noShow!.state).toBe('delayed');
    expect(noShow!.runAt.getTime()).not.toBe(noShowAt); // re-added from the booking as it is now
    expect(noShow!.runAt.getTime()).toBeGreaterThanOrEqual(soon.getTime() + 14 * 60_000);
    const mails = t.app.get(MailService).sent;
    await waitUntil(() => mails.some((m) => m.to === maker.email && m.subject === 'Rappel : Prusa dans une heure'), 20_000);
  });

  it('gets them back after a FLUSHALL too, at the next check of the schedules (every minute, here called at once)', async () => {
    const queues = t.app.get(Queues);
    const start = parisAt(5, 10);
    const b = await book(t, maker.token, { machineId: printer.id, startsAt: start, endsAt: plusMinutes(start, 60) }).expect(201);
    const ids = [`remind-day-${b.body.id}`, `remind-hour-${b.body.id}`, `no-show-${b.body.id}`];
    const flusher = createRedis(redis.url);
    try {
      await flusher.flushall();
    } finally {
      flusher.disconnect();
    }
    expect(await Promise.all(ids.map((id) => queues.find(BOOKINGS_QUEUE, id)))).toEqual([null, null, null]);
    await queues.assertSchedules(); // what the minute timer runs: the schedulers are missing, so the bookings' jobs are re-added too
    for (const id of ids) expect((await queues.find(BOOKINGS_QUEUE, id))?.state).toBe('delayed');
    expect(await schedulersInRedis()).toBe(queues.declared().length);
  });
});
