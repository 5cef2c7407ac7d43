import { DataSource } from 'typeorm';
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
import { BookingsJobs } from '../../src/bookings/bookings.jobs';
import { MailService } from '../../src/infra/mail/mail.service';
import { book, bookingMaker, makeBookable } from '../factories/bookings.factory';
import { FakeBridge } from '../factories/bridge-client';
import { createMember, parseCsv } from '../factories/trainings.factory';
import { waitUntil } from '../factories/wait';
import { startTestApp, TestApp } from './harness';

/** Local wall clock in a zone, written here by hand so the test does not lean on the code it checks. */
const REUNION_OFFSET_MS = 4 * 3600_000; // UTC+4 all year, no daylight saving
const reunion = (d: Date) => new Date(d.getTime() + REUNION_OFFSET_MS);
const pad = (n: number) => String(n).padStart(2, '0');

describe(`a site in Réunion reads its own clock (${process.env.TEST_DB})`, () => {
  let t: TestApp;
  let manager: { token: string };
  let site: { id: string; slug: string };
  let laser: { id: string; slug: string };
  let bridge: FakeBridge;
  let badgeUid: string;
  let trainingId: string;
  let reply: { decision: string; until: string; sessionId: string; message: { fr: string; en: string } };
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminToken(t);
    site = await createSite(t, admin, { timezone: 'Indian/Reunion' });
    manager = await createManager(t, admin, site.id);
    laser = await createMachine(t, manager.token, site.id, { type: 'laser', name: 'Découpeuse laser' });
    const training = await createTraining(t, manager.token, site.id);
    trainingId = training.id;
    const reg = await registerBridge(t, admin, site.id, [laser.slug]);
    bridge = await FakeBridge.connect(t.mqttUrl, reg.credentials, site.slug, reg.bridge.slug);
    await bridge.serve(laser.slug);
    const amina = await createMember(t, manager.token, site.id, { firstName: 'Amina', lastName: 'Kaci' });
    const badge = await createBadge(t, manager.token, amina.person.id);
    await recordPass(t, manager.token, amina.person.id, training.id, isoDaysAgo(3));
    badgeUid = badge.uid;
    reply = await bridge.badge(laser.slug, badge.uid);
    await bridge.event(laser.slug, 'session.ended', { sessionId: reply.sessionId, reason: 'badge_out' });
    await waitUntil(async () => (await as(t, manager.token).get('/api/sessions/open')).body.length === 0);
  });

  afterAll(async () => {
    await bridge?.end();
    await t?.close();
  });

  it("writes the badge display's time on Réunion's clock (« jusqu'à 14 h 05 »)", () => {
    expect(reply.decision).toBe('granted');
    const local = reunion(new Date(reply.until));
    expect(reply.message.fr).toContain(`jusqu'à ${pad(local.getUTCHours())} h ${pad(local.getUTCMinutes())}.`);
    expect(reply.message.en).toContain(`until ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}.`);
  });

  it("writes the CSV export's dates on Réunion's clock, and a session at 22:00 UTC on the next day there", async () => {
    // The session moved to 22:00 UTC on 3 March 2027: 4 March, 02:00 in Réunion (23:00 on the 3rd in Paris).
    const ds = t.app.get(DataSource);
    await ds
      .createQueryBuilder()
      .update('usage_sessions')
      .set({ startedAt: new Date('2027-03-03T22:00:00Z'), endedAt: new Date('2027-03-03T22:30:00Z') })
      .where('id = :id', { id: reply.sessionId })
      .execute();
    const csv = await as(t, manager.token).get(`/api/sessions.csv?machineId=${laser.id}`).expect(200);
    const { rows } = parseCsv(csv.text);
    expect(rows[1].slice(2, 4)).toEqual(['04/03/2027 02:00', '04/03/2027 02:30']);
    // The day filter is Réunion's day: the 4th holds it, the 3rd does not.
    expect((await as(t, manager.token).get('/api/sessions?from=2027-03-04&to=2027-03-04').expect(200)).body).toHaveLength(1);
    expect((await as(t, manager.token).get('/api/sessions?from=2027-03-03&to=2027-03-03').expect(200)).body).toHaveLength(0);
  });

  it("writes the booking reminder mail's time on Réunion's clock", async () => {
    await makeBookable(t, manager.token, laser.id);
    const lucie = await bookingMaker(t, manager.token, site.id, { trainingId, firstName: 'Lucie' });
    // Three days ahead, 06:00 UTC: 10:00 in Réunion (07:00 or 08:00 in Paris).
    const day = new Date(Date.now() + 3 * 86400_000).toISOString().slice(0, 10);
    const start = new Date(`${day}T06:00:00Z`);
    const b = await book(t, lucie.token, { machineId: laser.id, startsAt: start, endsAt: new Date(start.getTime() + 30 * 60_000) }).expect(201);
    expect(await t.app.get(BookingsJobs).remind(b.body.id, 'day')).toBe('sent');
    const mail = t.app.get(MailService).sent.at(-1)!;
    expect(mail.to).toBe(lucie.email);
    expect(mail.text).toMatch(/Vous avez réservé Découpeuse laser le \S+ \d+ \S+ à 10:00\./);
  });

  it("tells a badge outside opening hours when the site opens, on Réunion's clock (« il ouvre à 09 h 00 »)", async () => {
    // Open one hour a day, starting two hours from now on Réunion's clock (or 06:00 tomorrow late in the evening).
    const local = reunion(new Date());
    const hour = local.getUTCHours() < 20 ? local.getUTCHours() + 2 : 6;
    const weekly = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: `${pad(hour)}:00`, closes: `${pad(hour + 1)}:00` }));
    await as(t, manager.token).put(`/api/bookings/sites/${site.id}/hours`, { weekly }).expect(200);
    const denied = await bridge.badge(laser.slug, badgeUid);
    expect(denied).toMatchObject({ decision: 'denied', reason: 'outside_hours' });
    expect(denied.message.fr).toContain(`à ${pad(hour)} h 00.`);
    expect(denied.message.en).toContain(`at ${pad(hour)}:00.`);
  });

  describe('an admin, who has no site of their own', () => {
    const page = (url: string) => t.http().get(url).set('Cookie', `fablab_session=${admin}`).expect(200);
    /** The zone a page hands its script (the clock and times it keeps current). */
    const islandZone = (text: string, id: string) => JSON.parse(text.split(`id="${id}">`)[1].split('</script>')[0]).zone;

    it("reads a site's pages on that site's clock, and, with no site named, on the first site's — not Paris", async () => {
      expect(islandZone((await page(`/dashboard?siteId=${site.id}`)).text, 'dashboard-data')).toBe('Indian/Reunion');
      expect(islandZone((await page(`/machines?siteId=${site.id}&wall=1`)).text, 'live-data')).toBe('Indian/Reunion');
      // Every site at once: the deployment's first site (Réunion here), as no APP_TIME_ZONE is set.
      expect(islandZone((await page('/machines?wall=1')).text, 'live-data')).toBe('Indian/Reunion');
      expect(islandZone((await page('/dashboard')).text, 'dashboard-data')).toBe('Indian/Reunion');

      // A new site given no zone takes the configured default (Europe/Paris), not the first site's;
      // the admin reads its pages on its clock.
      const lyon = await createSite(t, admin);
      expect((await as(t, admin).get(`/api/sites/${lyon.id}`).expect(200)).body.timezone).toBe('Europe/Paris');
      expect(islandZone((await page(`/machines?siteId=${lyon.id}&wall=1`)).text, 'live-data')).toBe('Europe/Paris');
      expect(islandZone((await page(`/dashboard?siteId=${lyon.id}`)).text, 'dashboard-data')).toBe('Europe/Paris');
    });
  });
});
