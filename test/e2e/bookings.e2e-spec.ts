import { getDataSourceToken } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import ICAL from 'ical.js';
import { Queues } from '../../src/infra/queue/queues';
import type { DataSource } from 'typeorm';
import { UsageSession } from '../../src/access/entities/usage-session.entity';
import { BookingsJobs } from '../../src/bookings/bookings.jobs';
import { BookingFollowUps } from '../../src/bookings/booking-follow-ups';
import { BOOKINGS_QUEUE } from '../../src/bookings/bookings.service';
import { MailService } from '../../src/infra/mail/mail.service';
import { adminToken, as, createMachine, createManager, createSite, createTraining, randomUid, registerBridge } from '../factories/api.factory';
import { createWorkshop } from '../factories/skills.factory';
import { book, bookingMaker, iso, makeBookable, parisAt, plusMinutes } from '../factories/bookings.factory';
import { FakeBridge } from '../factories/bridge-client';
import { startTestApp, TestApp } from './harness';

describe(`bookings of prototyping time (${process.env.TEST_DB})`, () => {
  let t: TestApp;
  let admin: string;
  let manager: string;
  let site: { id: string; slug: string };
  let laser: { id: string; slug: string };
  let training: { id: string };
  let amina: Awaited<ReturnType<typeof bookingMaker>>;
  let yacine: Awaited<ReturnType<typeof bookingMaker>>;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminToken(t);
    site = await createSite(t, admin);
    manager = (await createManager(t, admin, site.id)).token;
    laser = await createMachine(t, manager, site.id, { type: 'laser', name: 'Découpeuse laser' });
    training = await createTraining(t, manager, site.id);
    await makeBookable(t, manager, laser.id, { cancelNoticeMinutes: 120 });
    amina = await bookingMaker(t, manager, site.id, { trainingId: training.id, firstName: 'Amina' });
    yacine = await bookingMaker(t, manager, site.id, { trainingId: training.id, firstName: 'Yacine' });
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('booking a slot', () => {
    it('books a free slot and shows it taken in the week availability', async () => {
      const start = parisAt(3, 10);
      const res = await book(t, amina.token, { machineId: laser.id, startsAt: start, endsAt: plusMinutes(start, 60) }).expect(201);
      expect(res.body).toMatchObject({ machineId: laser.id, personId: amina.person.id, status: 'active', kind: 'booking' });
      const week = start.toISOString().slice(0, 10);
      const avail = await as(t, amina.token).get(`/api/bookings/availability?machineId=${laser.id}&week=${week}`).expect(200);
      const starts = avail.body.slots.map((s: any) => s.startsAt);
      expect(starts).not.toContain(iso(start));
      expect(starts).not.toContain(iso(plusMinutes(start, 55)));
      expect(starts).toContain(iso(plusMinutes(start, 60)));
      expect(starts).toContain(iso(plusMinutes(start, -5)));
    });

    it('refuses a booking that overlaps another by five minutes, answering 409 with the conflicting slot', async () => {
      const start = parisAt(3, 12);
      await book(t, amina.token, { machineId: laser.id, startsAt: start, endsAt: plusMinutes(start, 60) }).expect(201);
      const res = await book(t, yacine.token, { machineId: laser.id, startsAt: plusMinutes(start, 55), endsAt: plusMinutes(start, 120) }).expect(409);
      expect(res.body).toMatchObject({ code: 'slot_taken', conflict: { startsAt: iso(start), endsAt: iso(plusMinutes(start, 60)) } });
      expect(res.body.message).toContain('créneau');
    });

    it('allows touching bookings: one ends when the next starts', async () => {
      const start = parisAt(3, 15);
      await book(t, amina.token, { machineId: laser.id, startsAt: start, endsAt: plusMinutes(start, 60) }).expect(201);
      await book(t, yacine.token, { machineId: laser.id, startsAt: plusMinutes(start, 60), endsAt: plusMinutes(start, 90) }).expect(201);
      await book(t, yacine.token, { machineId: laser.id, startsAt: plusMinutes(start, -30), endsAt: start }).expect(201);
    });

    it('refuses a person without a valid training for the machine', async () => {
      const untrained = await bookingMaker(t, manager, site.id, { firstName: 'Louis' });
      const start = parisAt(4, 10);
      const res = await book(t, untrained.token, { machineId: laser.id, startsAt: start, endsAt: plusMinutes(start, 30) }).expect(403);
      expect(res.body.code).toBe('not_qualified');
    });

    it('refuses off-grid, too long, past and too far ahead bookings with a reason', async () => {
      const start = parisAt(4, 10);
      expect((await book(t, amina.token, { machineId: laser.id, startsAt: plusMinutes(start, 2), endsAt: plusMinutes(start, 32) }).expect(400)).body.code).toBe(
        'not_on_slot',
      );
      expect((await book(t, amina.token, { machineId: laser.id, startsAt: start, endsAt: plusMinutes(start, 300) }).expect(400)).body.code).toBe('too_long');
      expect((await book(t, amina.token, { machineId: laser.id, startsAt: parisAt(-1, 10), endsAt: parisAt(-1, 11) }).expect(400)).body.code).toBe('in_past');
      expect((await book(t, amina.token, { machineId: laser.id, startsAt: parisAt(40, 10), endsAt: parisAt(40, 11) }).expect(400)).body.code).toBe(
        'too_far_ahead',
      );
    });

    it('lets a maker book only for themselves; a manager books for anyone and blocks time for maintenance', async () => {
      const start = parisAt(5, 10);
      await book(t, amina.token, { machineId: laser.id, startsAt: start, endsAt: plusMinutes(start, 30), personId: yacine.person.id }).expect(403);
      await book(t, amina.token, { machineId: laser.id, startsAt: start, endsAt: plusMinutes(start, 30), kind: 'maintenance' }).expect(403);
      const forYacine = await book(t, manager, { machineId: laser.id, startsAt: start, endsAt: plusMinutes(start, 30), personId: yacine.person.id }).expect(
        201,
      );
      expect(forYacine.body.personId).toBe(yacine.person.id);
      const block = await book(t, manager, { machineId: laser.id, startsAt: parisAt(5, 6), endsAt: parisAt(5, 9), kind: 'maintenance' }).expect(201);
      expect(block.body).toMatchObject({ kind: 'maintenance', personId: null });
      const clash = await book(t, amina.token, { machineId: laser.id, startsAt: parisAt(5, 8, 30), endsAt: parisAt(5, 9, 30) }).expect(409);
      expect(clash.body.conflict.kind).toBe('maintenance');
    });

    it('exactly one of 200 simultaneous requests for one slot wins; the others get 409', async () => {
      const start = parisAt(6, 14);
      const makers = [amina, yacine];
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          book(t, makers[i % 2].token, { machineId: laser.id, startsAt: start, endsAt: plusMinutes(start, 30 + (i % 3) * 5) }),
        ),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(199);
      const list = await as(t, manager)
        .get(`/api/bookings?machineId=${laser.id}&from=${iso(start)}&to=${iso(plusMinutes(start, 60))}`)
        .expect(200);
      expect(list.body).toHaveLength(1);
    });
  });

  describe('opening hours', () => {
    it('refuses a booking on a closed day and outside the weekly hours, and shows no slot then', async () => {
      const other = await createSite(t, admin);
      const m2 = (await createManager(t, admin, other.id)).token;
      const printer = await createMachine(t, m2, other.id, { type: 'printer', name: 'Imprimante 3D', slug: `printer-${randomUid(2).toLowerCase()}` });
      const tr2 = await createTraining(t, m2, other.id, { machineTypes: ['printer'], name: 'Impression 3D' });
      await makeBookable(t, m2, printer.id, { slotMinutes: 30, minMinutes: 30 });
      const zoe = await bookingMaker(t, m2, other.id, { trainingId: tr2.id, firstName: 'Zoé' });
      const day = parisAt(7, 12);
      const weekday = new Date(iso(day).slice(0, 10) + 'T12:00:00Z').getUTCDay();
      await as(t, m2)
        .put(`/api/bookings/sites/${other.id}/hours`, { weekly: [{ weekday, opens: '10:00', closes: '18:00' }] })
        .expect(200);
      expect((await book(t, zoe.token, { machineId: printer.id, startsAt: parisAt(7, 17, 30), endsAt: parisAt(7, 18, 30) }).expect(400)).body.code).toBe(
        'closed',
      );
      await book(t, zoe.token, { machineId: printer.id, startsAt: parisAt(7, 17), endsAt: parisAt(7, 18) }).expect(201);
      const date = iso(parisAt(8, 12)).slice(0, 10);
      await as(t, m2)
        .post(`/api/bookings/sites/${other.id}/closures`, { startsOn: iso(day).slice(0, 10), endsOn: date, reason: 'Fermeture annuelle' })
        .expect(201);
      expect((await book(t, zoe.token, { machineId: printer.id, startsAt: parisAt(7, 10), endsAt: parisAt(7, 11) }).expect(400)).body.code).toBe('closed');
      const avail = await as(t, zoe.token)
        .get(`/api/bookings/availability?machineType=printer&week=${iso(day).slice(0, 10)}`)
        .expect(200);
      expect(avail.body.slots.filter((s: any) => s.startsAt.slice(0, 10) === iso(day).slice(0, 10))).toHaveLength(0);
    });

    it('lists local Paris slots across the spring daylight-saving change (a 23-hour Sunday)', async () => {
      const other = await createSite(t, admin);
      const { token: m2 } = await createManager(t, admin, other.id);
      const cnc = await createMachine(t, m2, other.id, { type: 'cnc', name: 'Fraiseuse', slug: `cnc-${randomUid(2).toLowerCase()}` });
      await makeBookable(t, m2, cnc.id, { slotMinutes: 60, minMinutes: 60, horizonDays: 365 });
      // Clocks go forward on Sunday 28 March 2027 at 02:00 (Paris): 02:00–03:00 does not exist.
      const avail = await as(t, m2).get(`/api/bookings/availability?machineId=${cnc.id}&week=2027-03-24`).expect(200);
      expect(avail.body.week).toBe('2027-03-22');
      const paris = (s: string) =>
        new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(s));
      const sunday = avail.body.slots.filter((s: any) => paris(s.startsAt).startsWith('28'));
      expect(sunday).toHaveLength(23);
      expect(sunday.map((s: any) => paris(s.startsAt))).not.toContain('28 02:00');
      expect(sunday[2].startsAt).toBe('2027-03-28T01:00:00.000Z'); // 03:00 CEST
      expect(sunday.find((s: any) => paris(s.startsAt) === '28 10:00').startsAt).toBe('2027-03-28T08:00:00.000Z'); // 10:00 CEST
      expect(avail.body.slots.find((s: any) => paris(s.startsAt) === '27 10:00').startsAt).toBe('2027-03-27T09:00:00.000Z'); // 10:00 CET
    });

    it('keeps a manager of another site out of this site’s bookings', async () => {
      const other = await createSite(t, admin);
      const m2 = (await createManager(t, admin, other.id)).token;
      await as(t, m2).get(`/api/bookings?siteId=${site.id}`).expect(403);
      const theirs = await book(t, amina.token, { machineId: laser.id, startsAt: parisAt(9, 10), endsAt: parisAt(9, 10, 30) }).expect(201);
      await as(t, m2).post(`/api/bookings/${theirs.body.id}/cancel`).expect(404);
      await book(t, m2, { machineId: laser.id, startsAt: parisAt(9, 11), endsAt: parisAt(9, 12), kind: 'maintenance' }).expect(404);
    });
  });

  describe('cancellation', () => {
    it('lets the booker cancel with enough notice, and frees the slot', async () => {
      const start = parisAt(10, 10);
      const b = await book(t, amina.token, { machineId: laser.id, startsAt: start, endsAt: plusMinutes(start, 30) }).expect(201);
      await as(t, yacine.token).post(`/api/bookings/${b.body.id}/cancel`).expect(404);
      const res = await as(t, amina.token).post(`/api/bookings/${b.body.id}/cancel`).expect(200);
      expect(res.body.status).toBe('cancelled');
      await book(t, yacine.token, { machineId: laser.id, startsAt: start, endsAt: plusMinutes(start, 30) }).expect(201);
      expect(await t.app.get(Queues).find(BOOKINGS_QUEUE, `no-show-${b.body.id}`)).toBeNull();
    });

    it('refuses a cancellation inside the notice, which a manager can still make', async () => {
      await makeBookable(t, manager, laser.id, { cancelNoticeMinutes: 3 * 24 * 60 });
      const start = parisAt(2, 9);
      const b = await book(t, amina.token, { machineId: laser.id, startsAt: start, endsAt: plusMinutes(start, 30) }).expect(201);
      expect((await as(t, amina.token).post(`/api/bookings/${b.body.id}/cancel`).expect(409)).body.code).toBe('too_late_to_cancel');
      await as(t, manager).post(`/api/bookings/${b.body.id}/cancel`).expect(200);
      await makeBookable(t, manager, laser.id, { cancelNoticeMinutes: 120 });
    });
  });

  describe('reminders and no-shows', () => {
    it(`mails the hour reminder when it falls due, through the job queue (${process.env.REDIS_URL ? 'BullMQ on Redis' : 'the database queue'})`, async () => {
      const queues = t.app.get(Queues);
      expect(queues.backend.kind).toBe(process.env.REDIS_URL ? 'redis' : 'database');
      const start = parisAt(11, 11);
      const b = await book(t, amina.token, { machineId: laser.id, startsAt: start, endsAt: plusMinutes(start, 30) }).expect(201);
      // Time passes: the booking now starts in an hour and three seconds. Its old jobs go, the
      // reconcile job re-adds them from the booking as it is (the hour reminder 3 s from now).
      for (const id of [`remind-day-${b.body.id}`, `remind-hour-${b.body.id}`, `no-show-${b.body.id}`]) await queues.remove(BOOKINGS_QUEUE, id);
      const soon = new Date(Date.now() + 3600_000 + 3000);
      await t.app
        .get<DataSource>(getDataSourceToken())
        .query(
          process.env.TEST_DB === 'postgres'
            ? 'UPDATE bookings SET "startsAt" = $1, "endsAt" = $2 WHERE id = $3'
            : 'UPDATE bookings SET "startsAt" = ?, "endsAt" = ? WHERE id = ?',
          process.env.TEST_DB === 'postgres'
            ? [soon, plusMinutes(soon, 30), b.body.id]
            : [soon.toISOString().replace('T', ' ').replace('Z', ''), plusMinutes(soon, 30).toISOString().replace('T', ' ').replace('Z', ''), b.body.id],
        );
      await queues.run(BOOKINGS_QUEUE, 'reconcile', {});
      expect((await queues.find(BOOKINGS_QUEUE, `remind-hour-${b.body.id}`))?.state).toBe('delayed');
      const mails = t.app.get(MailService).sent;
      const deadline = Date.now() + 15_000;
      while (!mails.some((m) => m.to === amina.email && m.subject === 'Rappel : Découpeuse laser dans une heure') && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 200));
      expect(mails.find((m) => m.subject === 'Rappel : Découpeuse laser dans une heure')?.to).toBe(amina.email);
      expect((await queues.find(BOOKINGS_QUEUE, `remind-hour-${b.body.id}`))?.state).toBe('completed');
      await as(t, manager).post(`/api/bookings/${b.body.id}/cancel`).expect(200);
    });

    it('queues the reminders and the no-show check as delayed jobs, and mails the reminder', async () => {
      const start = parisAt(11, 10);
      const b = await book(t, amina.token, { machineId: laser.id, startsAt: start, endsAt: plusMinutes(start, 30) }).expect(201);
      const queues = t.app.get(Queues);
      for (const id of [`remind-day-${b.body.id}`, `remind-hour-${b.body.id}`, `no-show-${b.body.id}`]) {
        expect((await queues.find(BOOKINGS_QUEUE, id))?.state).toBe('delayed');
      }
      const noShow = await queues.find(BOOKINGS_QUEUE, `no-show-${b.body.id}`);
      expect(noShow!.runAt.getTime()).toBeGreaterThanOrEqual(start.getTime() + 15 * 60_000 - 1000);
      expect(await t.app.get(BookingsJobs).remind(b.body.id, 'day')).toBe('sent');
      const mail = t.app.get(MailService).sent.at(-1)!;
      expect(mail).toMatchObject({ to: amina.email, subject: 'Rappel : Découpeuse laser demain' });
      expect(mail.text).toContain('Bonjour Amina');
    });

    it('marks a no-show when the booker never badged in, and frees the machine', async () => {
      const start = parisAt(12, 10);
      const b = await book(t, amina.token, { machineId: laser.id, startsAt: start, endsAt: plusMinutes(start, 60) }).expect(201);
      expect(await t.app.get(Queues).run(BOOKINGS_QUEUE, 'no-show', { bookingId: b.body.id })).toBe('no_show');
      expect(await t.app.get(BookingFollowUps).checkNoShow(b.body.id)).toBe('skipped');
      const mine = await as(t, amina.token).get('/api/bookings/mine').expect(200);
      expect(mine.body.find((x: any) => x.id === b.body.id).status).toBe('no_show');
      await book(t, yacine.token, { machineId: laser.id, startsAt: start, endsAt: plusMinutes(start, 60) }).expect(201);
    });

    it('does not mark a no-show when the booker badged in within the window', async () => {
      const start = parisAt(13, 10);
      const b = await book(t, amina.token, { machineId: laser.id, startsAt: start, endsAt: plusMinutes(start, 60) }).expect(201);
      const ds = t.app.get<DataSource>(getDataSourceToken());
      await ds.getRepository(UsageSession).insert({
        id: randomUUID(),
        siteId: site.id,
        machineId: laser.id,
        personId: amina.person.id,
        badgeId: null,
        startedAt: plusMinutes(start, 7),
        until: plusMinutes(start, 60),
        endedAt: plusMinutes(start, 50),
        endReason: 'badge_out',
      });
      expect(await t.app.get(BookingFollowUps).checkNoShow(b.body.id)).toBe('present');
    });
  });

  describe('calendar feed', () => {
    it('serves my bookings as iCalendar at a secret URL that parses back', async () => {
      const start = parisAt(14, 10);
      const b = await book(t, yacine.token, { machineId: laser.id, startsAt: start, endsAt: plusMinutes(start, 90) }).expect(201);
      const feed = await as(t, yacine.token).post('/api/bookings/calendar-feeds').expect(200);
      expect(feed.body.path).toMatch(/^\/api\/calendar\/[0-9a-f]{48}\.ics$/);
      const again = await as(t, yacine.token).post('/api/bookings/calendar-feeds').expect(200);
      expect(again.body.path).toBe(feed.body.path);
      const res = await t.http().get(feed.body.path).expect(200);
      expect(res.headers['content-type']).toContain('text/calendar');
      expect(res.text).toContain('\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/Paris');
      const comp = new ICAL.Component(ICAL.parse(res.text));
      ICAL.TimezoneService.register(comp.getFirstSubcomponent('vtimezone')!);
      const ev = comp
        .getAllSubcomponents('vevent')
        .map((v) => new ICAL.Event(v))
        .find((e) => e.uid === `${b.body.id}@fablab-ops`)!;
      expect(ev.summary).toBe('Réservation : Découpeuse laser');
      expect(ev.startDate.toJSDate().toISOString()).toBe(iso(start));
      expect(ev.endDate.toJSDate().toISOString()).toBe(iso(plusMinutes(start, 90)));
      await t
        .http()
        .get('/api/calendar/' + '0'.repeat(48) + '.ics')
        .expect(404);
    });

    it('gives managers a machine feed, not makers', async () => {
      await as(t, amina.token).post('/api/bookings/calendar-feeds', { machineId: laser.id }).expect(403);
      const feed = await as(t, manager).post('/api/bookings/calendar-feeds', { machineId: laser.id }).expect(200);
      const res = await t.http().get(feed.body.path).expect(200);
      expect(res.text).toContain('Maintenance');
    });

    describe('feed URLs that can be rotated, revoked, and stop with the person', () => {
      let other: { site: { id: string; slug: string }; manager: string };
      let booked: { id: string };
      beforeAll(async () => {
        const otherSite = await createSite(t, admin);
        other = { site: otherSite, manager: (await createManager(t, admin, otherSite.id)).token };
        const start = parisAt(15, 9);
        booked = (await book(t, amina.token, { machineId: laser.id, startsAt: start, endsAt: plusMinutes(start, 60) }).expect(201)).body;
      });

      it('gives a new URL on rotation and the old one stops at once', async () => {
        const old = (await as(t, amina.token).post('/api/bookings/calendar-feeds').expect(200)).body;
        await t.http().get(old.path).expect(200);
        const fresh = (await as(t, amina.token).post('/api/bookings/calendar-feeds/rotate', {}).expect(200)).body;
        expect(fresh.path).not.toBe(old.path);
        await t.http().get(old.path).expect(404);
        expect((await t.http().get(fresh.path).expect(200)).text).toContain(`${booked.id}@fablab-ops`);
        expect((await as(t, amina.token).post('/api/bookings/calendar-feeds').expect(200)).body.path).toBe(fresh.path);
      });

      it('stops a revoked URL', async () => {
        const feed = (await as(t, amina.token).post('/api/bookings/calendar-feeds').expect(200)).body;
        expect((await as(t, amina.token).post('/api/bookings/calendar-feeds/revoke', {}).expect(200)).body).toEqual({ revoked: 1 });
        await t.http().get(feed.path).expect(404);
      });

      it('stops when the person is deactivated', async () => {
        const leaver = await bookingMaker(t, manager, site.id, { trainingId: training.id, firstName: 'Lou' });
        const feed = (await as(t, leaver.token).post('/api/bookings/calendar-feeds').expect(200)).body;
        await t.http().get(feed.path).expect(200);
        await as(t, manager).patch(`/api/people/${leaver.person.id}`, { active: false }).expect(200);
        await t.http().get(feed.path).expect(404);
      });

      it('shows no names on a machine feed unless the site chose so', async () => {
        const feed = (await as(t, manager).post('/api/bookings/calendar-feeds', { machineId: laser.id }).expect(200)).body;
        const before = (await t.http().get(feed.path).expect(200)).text;
        expect(before).toContain(`${booked.id}@fablab-ops`);
        expect(before).not.toContain('Amina');
        expect((await as(t, manager).get('/api/bookings/calendar-settings').expect(200)).body).toMatchObject({ siteId: site.id, namesOnStaffFeeds: false });
        await as(t, manager).put('/api/bookings/calendar-settings', { namesOnStaffFeeds: true }).expect(200);
        expect((await t.http().get(feed.path).expect(200)).text).toContain('Amina');
        await as(t, manager).put('/api/bookings/calendar-settings', { namesOnStaffFeeds: false }).expect(200);
        const bad = await as(t, manager).put('/api/bookings/calendar-settings', { namesOnStaffFeeds: 'oui' }).expect(400);
        expect(JSON.stringify(bad.body.message)).toMatch(/vaut true ou false/);
      });

      it("refuses the calendar settings to a maker and to another site's manager", async () => {
        await as(t, amina.token).get('/api/bookings/calendar-settings').expect(403);
        await as(t, amina.token).put('/api/bookings/calendar-settings', { namesOnStaffFeeds: true }).expect(403);
        await as(t, other.manager).put('/api/bookings/calendar-settings', { siteId: site.id, namesOnStaffFeeds: true }).expect(403);
        await as(t, other.manager).get(`/api/bookings/calendar-settings?siteId=${site.id}`).expect(403);
      });

      it("gives managers a feed of the whole site, refused to makers and to another site's manager", async () => {
        const feed = (await as(t, manager).post('/api/bookings/calendar-feeds', { kind: 'site' }).expect(200)).body;
        const text = (await t.http().get(feed.path).expect(200)).text;
        expect(text).toContain(`${booked.id}@fablab-ops`);
        expect(text).toContain('Réservations du lieu');
        await as(t, amina.token).post('/api/bookings/calendar-feeds', { kind: 'site' }).expect(403);
        await as(t, other.manager).post('/api/bookings/calendar-feeds', { kind: 'site', siteId: site.id }).expect(403);
        await as(t, other.manager).post('/api/bookings/calendar-feeds', { kind: 'machine', machineId: laser.id }).expect(404);
        const theirs = (await as(t, other.manager).post('/api/bookings/calendar-feeds', { kind: 'site' }).expect(200)).body;
        expect((await t.http().get(theirs.path).expect(200)).text).not.toContain(`${booked.id}@fablab-ops`);
        const bad = await as(t, manager).post('/api/bookings/calendar-feeds', { kind: 'planning' }).expect(400);
        expect(JSON.stringify(bad.body.message)).toMatch(/person, machine ou site/);
      });

      it("publishes the site's workshops as a feed, with seats left and no one's name", async () => {
        const w = await createWorkshop(t, manager, site.id, { title: 'Réparer son vélo électrique', capacity: 8 });
        await as(t, amina.token).post(`/api/workshops/${w.id}/enrol`).expect(201);
        const res = await t.http().get(`/sites/${site.slug}/workshops.ics`).expect(200);
        expect(res.headers['content-type']).toContain('text/calendar');
        const comp = new ICAL.Component(ICAL.parse(res.text));
        ICAL.TimezoneService.register(comp.getFirstSubcomponent('vtimezone')!);
        const ev = comp
          .getAllSubcomponents('vevent')
          .map((v) => new ICAL.Event(v))
          .find((e) => e.uid === `workshop-${w.id}@fablab-ops`)!;
        expect(ev.summary).toBe('Atelier : Réparer son vélo électrique');
        expect(ev.description).toContain('7 place(s) libre(s) sur 8');
        expect(res.text).not.toContain('Amina');
        expect((await t.http().get(`/sites/${other.site.slug}/workshops.ics`).expect(200)).text).not.toContain(w.id);
        await t.http().get('/sites/pas-un-lieu/workshops.ics').expect(404);
      });
    });
  });

  describe('booking-aware badge-in', () => {
    let bridge: FakeBridge;
    let walkIn: { id: string; slug: string };
    let blocked: { id: string; slug: string };

    beforeAll(async () => {
      walkIn = await createMachine(t, manager, site.id, { type: 'laser', name: 'Laser 2', slug: `laser2-${randomUid(2).toLowerCase()}` });
      blocked = await createMachine(t, manager, site.id, { type: 'laser', name: 'Laser 3', slug: `laser3-${randomUid(2).toLowerCase()}` });
      await makeBookable(t, manager, walkIn.id, { earlyMinutes: 10 });
      await makeBookable(t, manager, blocked.id);
      const creds = await registerBridge(t, admin, site.id, [walkIn.slug, blocked.slug]);
      bridge = await FakeBridge.connect(t.mqttUrl, creds.credentials, site.slug, creds.bridge.slug);
      await bridge.serve(walkIn.slug);
      await bridge.serve(blocked.slug);
    });
    afterAll(async () => bridge?.end());

    it('denies another person with booked_by_other during blocked time', async () => {
      const now = Date.now();
      const start = new Date(Math.floor(now / 300_000) * 300_000);
      await book(t, manager, { machineId: blocked.id, startsAt: start, endsAt: plusMinutes(start, 30), kind: 'workshop' }).expect(201);
      const reply = await bridge.badge(blocked.slug, amina.badge.uid);
      expect(reply).toMatchObject({ decision: 'denied', reason: 'booked_by_other' });
      expect(reply.message.fr).toBe("La machine est réservée par quelqu'un d'autre en ce moment.");
    });

    it('grants the booker a few minutes early until the end of the booking; a walk-in only until it starts', async () => {
      const start = new Date(Math.floor(Date.now() / 300_000) * 300_000 + 300_000);
      await book(t, yacine.token, { machineId: walkIn.id, startsAt: start, endsAt: plusMinutes(start, 30) }).expect(201);
      const other = await bridge.badge(walkIn.slug, amina.badge.uid);
      expect(other).toMatchObject({ decision: 'granted', until: iso(start) });
      await bridge.event(walkIn.slug, 'session.ended', { sessionId: other.sessionId, reason: 'badge_out' });
      await waitUntil(async () => (await as(t, manager).get('/api/sessions/open')).body.every((s: any) => s.machineId !== walkIn.id));
      const mine = await bridge.badge(walkIn.slug, yacine.badge.uid);
      expect(mine).toMatchObject({ decision: 'granted', until: iso(plusMinutes(start, 30)) });
      await bridge.event(walkIn.slug, 'session.ended', { sessionId: mine.sessionId, reason: 'badge_out' });
      await waitUntil(async () => (await as(t, manager).get('/api/sessions/open')).body.every((s: any) => s.machineId !== walkIn.id));
    });

    it('denies with outside_hours when the site is closed now', async () => {
      const tomorrow = (new Date().getUTCDay() + 2) % 7;
      await as(t, manager)
        .put(`/api/bookings/sites/${site.id}/hours`, { weekly: [{ weekday: tomorrow, opens: '10:00', closes: '11:00' }] })
        .expect(200);
      const reply = await bridge.badge(walkIn.slug, amina.badge.uid);
      expect(reply).toMatchObject({ decision: 'denied', reason: 'outside_hours' });
      // A site whose hours frame bookings only: the same hours, badges open at any time.
      const anyTime = await as(t, manager)
        .put(`/api/bookings/sites/${site.id}/hours`, { weekly: [{ weekday: tomorrow, opens: '10:00', closes: '11:00' }], badgesAnyTime: true })
        .expect(200);
      expect(anyTime.body.badgesAnyTime).toBe(true);
      const granted = await bridge.badge(walkIn.slug, amina.badge.uid);
      expect(granted).toMatchObject({ decision: 'granted' });
      await bridge.event(walkIn.slug, 'session.ended', { sessionId: granted.sessionId, reason: 'badge_out' });
      await waitUntil(async () => (await as(t, manager).get('/api/sessions/open')).body.every((s: any) => s.machineId !== walkIn.id));
      await as(t, manager).put(`/api/bookings/sites/${site.id}/hours`, { weekly: [], badgesAnyTime: false }).expect(200);
      await as(t, manager).put(`/api/bookings/sites/${site.id}/hours`, { weekly: [], badgesAnyTime: 'oui' }).expect(400);
      expect((await bridge.badge(walkIn.slug, amina.badge.uid)).decision).toBe('granted');
    });
  });

  describe('charges', () => {
    it('charges real usage sessions by category, with the booking as minimum, plus consumables, in a monthly statement and CSV', async () => {
      const other = await createSite(t, admin);
      const m2 = (await createManager(t, admin, other.id)).token;
      const cnc = await createMachine(t, m2, other.id, { type: 'cnc', name: 'Fraiseuse', slug: `cnc-${randomUid(2).toLowerCase()}` });
      const trc = await createTraining(t, m2, other.id, { machineTypes: ['cnc'], name: 'Fraiseuse' });
      const ent = await bookingMaker(t, m2, other.id, { trainingId: trc.id, firstName: 'Inès' });
      const seeker = await bookingMaker(t, m2, other.id, { trainingId: trc.id, firstName: 'Omar' });
      await as(t, m2).put(`/api/charges/people/${ent.person.id}/category`, { category: 'entreprise', companyName: 'Atelier Inès SARL' }).expect(200);
      await as(t, m2).put(`/api/charges/people/${seeker.person.id}/category`, { category: 'demandeur_emploi' }).expect(200);
      await as(t, m2)
        .post('/api/charges/prices', {
          label: 'Fraiseuse (entreprise)',
          machineType: 'cnc',
          category: 'entreprise',
          unit: 'slot',
          slotMinutes: 30,
          unitCents: 1500,
          vatBasisPoints: 2000,
        })
        .expect(201);
      await as(t, m2)
        .post('/api/charges/prices', {
          label: 'Fraiseuse (demandeurs d’emploi)',
          machineType: 'cnc',
          category: 'demandeur_emploi',
          unit: 'minute',
          unitCents: 0,
          vatBasisPoints: 2000,
        })
        .expect(201);
      await as(t, m2)
        .post('/api/charges/prices', {
          label: 'Fraiseuse (adhérents)',
          machineId: cnc.id,
          category: 'adherent',
          unit: 'minute',
          unitCents: 40,
          vatBasisPoints: 2000,
        })
        .expect(201);
      await as(t, m2)
        .post('/api/charges/prices', { label: 'Contreplaqué 3 mm', consumable: 'contreplaque-3mm', unit: 'sheet', unitCents: 450, vatBasisPoints: 550 })
        .expect(201);
      await as(t, m2).post('/api/charges/prices', { label: 'bad', unit: 'minute', unitCents: 1 }).expect(400);

      const ds = t.app.get<DataSource>(getDataSourceToken());
      const session = (personId: string, startIso: string, minutes: number) => ({
        id: randomUUID(),
        siteId: other.id,
        machineId: cnc.id,
        personId,
        badgeId: null,
        startedAt: new Date(startIso),
        until: new Date(startIso),
        endedAt: new Date(new Date(startIso).getTime() + minutes * 60_000),
        endReason: 'badge_out' as const,
      });
      await ds.getRepository(UsageSession).insert([
        session(ent.person.id, '2026-10-05T08:00:00Z', 61), // 3 started slots of 30 min
        session(ent.person.id, '2026-10-31T22:30:00Z', 30), // 31 Oct 23:30 Paris: October
        session(ent.person.id, '2026-10-31T23:30:00Z', 30), // 1 Nov 00:30 Paris: November
        session(seeker.person.id, '2026-10-06T08:00:00Z', 120),
      ]);
      await as(t, m2)
        .post('/api/charges/consumables', { personId: ent.person.id, consumable: 'contreplaque-3mm', quantity: 3, usedAt: '2026-10-05T09:00:00Z' })
        .expect(201);

      const st = await as(t, m2).get(`/api/charges/statements?month=2026-10&siteId=${other.id}`).expect(200);
      const ines = st.body.find((s: any) => s.personId === ent.person.id);
      expect(ines.lines).toHaveLength(3);
      expect(ines.lines[0]).toMatchObject({ kind: 'machine', quantity: 3, unit: 'slot', netCents: 4500, vatCents: 900, grossCents: 5400 });
      expect(ines.lines[1]).toMatchObject({ kind: 'consumable', quantity: 3, netCents: 1350, vatCents: 74, grossCents: 1424 });
      expect(ines.totals).toEqual({ netCents: 4500 + 1500 + 1350, vatCents: 900 + 300 + 74, grossCents: 5400 + 1800 + 1424 });
      const omar = st.body.find((s: any) => s.personId === seeker.person.id);
      expect(omar.totals.grossCents).toBe(0);

      const own = await as(t, seeker.token).get(`/api/charges/statements?month=2026-10&personId=${ent.person.id}`).expect(200);
      expect(own.body.map((s: any) => s.personId)).toEqual([seeker.person.id]);
      const company = await as(t, m2)
        .get(`/api/charges/statements?month=2026-10&siteId=${other.id}&company=${encodeURIComponent('Atelier Inès SARL')}`)
        .expect(200);
      expect(company.body).toHaveLength(1);
      expect(company.body[0].personName).toBe('Atelier Inès SARL');

      const csv = await as(t, m2).get(`/api/charges/statements.csv?month=2026-10&siteId=${other.id}`).expect(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      const lines = csv.text
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      expect(lines[0]).toBe('date;client;entreprise;categorie;libelle;quantite;unite;prix_unitaire_ht;montant_ht;taux_tva;montant_tva;montant_ttc');
      expect(lines).toContain('2026-10-05;Inès Benali;Atelier Inès SARL;entreprise;Contreplaqué 3 mm;3;sheet;4,50;13,50;5,5;0,74;14,24');
      expect(lines).toContain('2026-10-31;Inès Benali;Atelier Inès SARL;entreprise;Fraiseuse (entreprise);1;slot;15,00;15,00;20;3,00;18,00');
      await as(t, ent.token).get(`/api/charges/statements.csv?month=2026-10`).expect(403);

      const page = await t.http().get('/bookings/statement?month=2026-10').set('Cookie', `fablab_session=${m2}`).expect(200);
      expect(page.text).toContain('Atelier Inès SARL');
      expect(page.text).toContain('54,00\u00a0€');
      // The month and the category in words, not « 2026-10 » or « demandeur_emploi ».
      expect(page.text).toContain('Relevé — octobre 2026');
      expect(page.text).toContain('(Demandeur ou demandeuse d’emploi)');
      expect(page.text).not.toContain('(demandeur_emploi)');
      expect(page.text).toContain('/api/charges/statements.csv?month=2026-10');
      const mine = await t.http().get('/bookings/statement?month=2026-10').set('Cookie', `fablab_session=${seeker.token}`).expect(200);
      expect(mine.text).not.toContain('Atelier Inès SARL');
      expect(mine.text).not.toContain('statements.csv');
    });

    it('bills at least the booked time when the price line says so', async () => {
      const ds = t.app.get<DataSource>(getDataSourceToken());
      await as(t, manager)
        .post('/api/charges/prices', { label: 'Laser', machineId: laser.id, unit: 'minute', unitCents: 50, vatBasisPoints: 2000, bookingIsMinimum: true })
        .expect(201);
      const start = parisAt(15, 10);
      await book(t, amina.token, { machineId: laser.id, startsAt: start, endsAt: plusMinutes(start, 60) }).expect(201);
      await ds.getRepository(UsageSession).insert({
        id: randomUUID(),
        siteId: site.id,
        machineId: laser.id,
        personId: amina.person.id,
        badgeId: null,
        startedAt: plusMinutes(start, 2),
        until: plusMinutes(start, 60),
        endedAt: plusMinutes(start, 22),
        endReason: 'badge_out',
      });
      const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit' }).format(plusMinutes(start, 2));
      const st = await as(t, amina.token).get(`/api/charges/statements?month=${month}`).expect(200);
      const line = st.body[0].lines.find((l: any) => l.date === iso(plusMinutes(start, 2)));
      expect(line).toMatchObject({ quantity: 60, netCents: 3000, vatCents: 600 });
    });
  });

  describe('pages', () => {
    // The maker's pages (week, quote, confirm, change, cancel) are tested in booking-pages.e2e-spec.ts.
    it('lets a manager set opening hours, a closure, a bookable machine and a price with plain forms', async () => {
      const other = await createSite(t, admin);
      const { token: m2 } = await createManager(t, admin, other.id);
      const cnc = await createMachine(t, m2, other.id, { type: 'cnc', name: 'Fraiseuse', slug: `cnc-${randomUid(2).toLowerCase()}` });
      const cookie = `fablab_session=${m2}`;
      const page = await t.http().get('/bookings/admin').set('Cookie', cookie).expect(200);
      expect(page.text).toContain('Horaires d’ouverture');
      await t.http().get('/bookings/admin').set('Cookie', `fablab_session=${amina.token}`).expect(403);
      await t
        .http()
        .post('/bookings/admin/hours')
        .set('Cookie', cookie)
        .set('Origin', t.url)
        .type('form')
        .send({ opens2: '10:00', closes2: '19:00', opens3: '9:30', closes3: '12:00' })
        .expect(303);
      await t
        .http()
        .post('/bookings/admin/closures')
        .set('Cookie', cookie)
        .set('Origin', t.url)
        .type('form')
        .send({ startsOn: '2027-07-14', endsOn: '2027-07-14', reason: 'Fête nationale' })
        .expect(303);
      await t
        .http()
        .post('/bookings/admin/machine')
        .set('Cookie', cookie)
        .set('Origin', t.url)
        .type('form')
        .send({ machineId: cnc.id, bookable: '1', slotMinutes: '60', minMinutes: '60' })
        .expect(303);
      const price = await t
        .http()
        .post('/bookings/admin/price')
        .set('Cookie', cookie)
        .set('Origin', t.url)
        .type('form')
        .send({ label: 'Fraiseuse', machineId: cnc.id, unit: 'slot', slotMinutes: '60', unitEuros: '20,00', vatPercent: '20' })
        .expect(303);
      expect(decodeURIComponent(price.headers.location)).toContain('Enregistré');
      const hours = await as(t, m2).get(`/api/bookings/sites/${other.id}/hours`).expect(200);
      expect(hours.body.weekly.map((w: any) => [w.weekday, w.opens, w.closes])).toEqual([
        [2, '10:00', '19:00'],
        [3, '09:30', '12:00'],
      ]);
      expect(hours.body.closures[0]).toMatchObject({ startsOn: '2027-07-14', reason: 'Fête nationale' });
      const prices = await as(t, m2).get('/api/charges/prices').expect(200);
      expect(prices.body[0]).toMatchObject({ machineId: cnc.id, unit: 'slot', unitCents: 2000 });
      const after = await t.http().get('/bookings/admin').set('Cookie', cookie).expect(200);
      expect(after.text).toContain('20,00\u00a0€ / créneau');
      const date = iso(parisAt(4, 12)).slice(0, 10);
      await t
        .http()
        .post('/bookings/admin/block')
        .set('Cookie', cookie)
        .set('Origin', t.url)
        .type('form')
        .send({ machineId: cnc.id, date, from: '08:00', to: '10:00', kind: 'workshop', note: 'Atelier découverte' })
        .expect(303);
      const blocks = await as(t, m2)
        .get(`/api/bookings?machineId=${cnc.id}&from=${iso(parisAt(4, 0))}&to=${iso(parisAt(5, 0))}`)
        .expect(200);
      expect(blocks.body).toEqual([
        expect.objectContaining({ kind: 'workshop', note: 'Atelier découverte', startsAt: iso(parisAt(4, 8)), endsAt: iso(parisAt(4, 10)) }),
      ]);
      const clash = await t
        .http()
        .post('/bookings/admin/block')
        .set('Cookie', cookie)
        .set('Origin', t.url)
        .type('form')
        .send({ machineId: cnc.id, date, from: '09:00', to: '11:00', kind: 'maintenance', note: 'Graissage' })
        .expect(409);
      // The page again, the reason above the block form's button and what was typed kept.
      expect(clash.text).toContain('Ce créneau vient d’être réservé');
      expect(clash.text).toContain('name="note" value="Graissage"');
      expect(clash.text).toContain('name="from" placeholder="09:00" required size="5" value="09:00"');
      const zoe = await bookingMaker(t, m2, other.id, { firstName: 'Zoé' });
      await t
        .http()
        .post('/bookings/admin/category')
        .set('Cookie', cookie)
        .set('Origin', t.url)
        .type('form')
        .send({ personId: zoe.person.id, category: 'entreprise', companyName: 'Zoé Design' })
        .expect(303);
      await t
        .http()
        .post('/bookings/admin/consumable')
        .set('Cookie', cookie)
        .set('Origin', t.url)
        .type('form')
        .send({ personId: zoe.person.id, consumable: 'pla', quantity: '120' })
        .expect(303);
      const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit' }).format(new Date());
      const st = await as(t, m2).get(`/api/charges/statements?month=${month}&siteId=${other.id}`).expect(200);
      expect(st.body[0]).toMatchObject({
        personId: zoe.person.id,
        category: 'entreprise',
        companyName: 'Zoé Design',
        lines: [expect.objectContaining({ kind: 'consumable', quantity: 120 })],
      });
      await t.http().post('/bookings/admin/machine').set('Cookie', cookie).set('Origin', t.url).type('form').send({ machineId: cnc.id }).expect(303);
      await as(t, m2)
        .get(`/api/bookings/availability?machineId=${cnc.id}`)
        .expect(200)
        .expect((r: { body: any }) => expect(r.body.machines).toHaveLength(0));
    });
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 5000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not met in time');
}
