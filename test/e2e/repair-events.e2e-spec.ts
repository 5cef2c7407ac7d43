import { adminToken, as, createManager, createPerson, createSite, isoDaysAgo, login } from '../factories/api.factory';
import { createVolunteer, finish, intake } from '../factories/repairs.factory';
import { startTestApp, TestApp } from './harness';

const inDays = (days: number) => isoDaysAgo(-days);

/** Repair cafés: outcome counts and the day's figures in the API, and their two pages. */
describe(`repair cafés (${process.env.TEST_DB})`, () => {
  let t: TestApp;
  let manager: string;
  let volunteer: string;
  let otherManager: string;
  let maker: string;
  let past: { id: string };
  let coming: { id: string };
  let fixed: { id: string };

  const page = (url: string, token?: string) => {
    const r = t.http().get(url);
    return token ? r.set('Cookie', `fablab_session=${token}`) : r;
  };

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await adminToken(t);
    const site = await createSite(t, admin);
    manager = (await createManager(t, admin, site.id)).token;
    volunteer = (await createVolunteer(t, manager, site.id)).token;
    otherManager = (await createManager(t, admin, (await createSite(t, admin)).id)).token;
    await createPerson(t, manager, site.id, {
      firstName: 'Max',
      lastName: 'Maker',
      role: 'maker',
      email: 'max-events@test.fablab',
      password: 'maker-password-1',
    });
    maker = await login(t, 'max-events@test.fablab', 'maker-password-1');

    past = (
      await as(t, manager)
        .post('/api/repairs/events', { name: 'Repair café de la médiathèque', date: isoDaysAgo(30) })
        .expect(201)
    ).body;
    coming = (
      await as(t, volunteer)
        .post('/api/repairs/events', { name: 'Repair café du marché', date: inDays(10) })
        .expect(201)
    ).body;
    fixed = await intake(t, volunteer, { category: 'phone', brand: 'Fairphone', model: 'FP3', eventId: past.id });
    await finish(t, volunteer, fixed.id, 'repaired');
    await finish(t, volunteer, (await intake(t, volunteer, { category: 'laptop', eventId: past.id })).id, 'repaired');
    await finish(t, volunteer, (await intake(t, volunteer, { category: 'printer', brand: 'Brother', eventId: past.id })).id, 'end_of_life');
    await finish(t, volunteer, (await intake(t, volunteer, { category: 'small_appliance', eventId: past.id })).id, 'repairable_later');
    await intake(t, volunteer, { category: 'screen', brand: 'Dell', eventId: past.id });
    await intake(t, volunteer, { category: 'tablet' }); // no event: counted nowhere
  }, 120_000);
  afterAll(() => t?.close());

  describe('API', () => {
    it('lists each repair café with how its devices ended up', async () => {
      const list = (await as(t, volunteer).get('/api/repairs/events').expect(200)).body;
      expect(list.find((e: any) => e.id === past.id).counts).toEqual({ devices: 5, repaired: 2, repairableLater: 1, endOfLife: 1, inProgress: 1 });
      expect(list.find((e: any) => e.id === coming.id).counts).toEqual({ devices: 0, repaired: 0, repairableLater: 0, endOfLife: 0, inProgress: 0 });
    });

    it("gives one repair café's counts and impact, computed like the public impact figures", async () => {
      const e = (await as(t, volunteer).get(`/api/repairs/events/${past.id}`).expect(200)).body;
      expect(e.tickets).toHaveLength(5);
      expect(e.counts).toMatchObject({ devices: 5, repaired: 2 });
      // A phone (0.14 kg, 35.82 kg CO2e) and a laptop (2.26 kg, 258.25 kg CO2e), displacement 0.5.
      expect(e.impact).toMatchObject({ fixed: 2, wastePreventedKg: 2.4, co2eAvoidedKg: 147 });
      expect(e.impact.source.name).toMatch(/Restart Project/);
    });

    it('refuses a day that is not in the calendar, and a blank name', async () => {
      expect((await as(t, manager).post('/api/repairs/events', { name: 'Repair café', date: '2026-02-30' }).expect(400)).body.code).toBe('invalid_input');
      expect((await as(t, manager).post('/api/repairs/events', { name: '   ', date: '2026-03-01' }).expect(400)).body.code).toBe('name_required');
      await as(t, manager).post('/api/repairs/events', { name: 'Repair café', date: '1/3/2026' }).expect(400);
    });

    it("answers 404 for another site's repair café, and keeps it out of the list", async () => {
      await as(t, otherManager).get(`/api/repairs/events/${past.id}`).expect(404);
      expect((await as(t, otherManager).get('/api/repairs/events').expect(200)).body).toEqual([]);
    });

    it('is not for makers', async () => {
      await as(t, maker).get('/api/repairs/events').expect(403);
      await as(t, maker).post('/api/repairs/events', { name: 'X', date: '2026-03-01' }).expect(403);
    });
  });

  describe('pages', () => {
    it('lists coming repair cafés before past ones, with their outcomes, and the form to plan one', async () => {
      const res = await page('/repairs/events', volunteer).expect(200);
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.text).not.toMatch(/<script>|<style>|style="/);
      expect(res.text.indexOf('Repair café du marché')).toBeLessThan(res.text.indexOf('Repair café de la médiathèque'));
      expect(res.text).toContain('5 appareils · 2 réparés · 1 réparable plus tard · 1 en fin de vie · 1 en cours');
      expect(res.text).toContain('0 appareil<');
      expect(res.text).toContain('data-api="/api/repairs/events"');
      expect(res.text).toContain(`href="/repairs/events/${past.id}"`);
      const en = await page('/repairs/events?lang=en', volunteer).expect(200);
      expect(en.text).toContain('Today and coming up');
      expect(en.text).toContain('5 devices · 2 repaired');
    });

    it("shows a repair café's devices with their step, the day's figures and the way to take in a device", async () => {
      const res = await page(`/repairs/events/${past.id}`, volunteer).expect(200);
      expect(res.text).toContain('Repair café de la médiathèque');
      expect(res.text).toContain(`href="/repairs/${fixed.id}"`);
      expect(res.text).toContain('Téléphone Fairphone FP3');
      expect(res.text).toMatch(/class="pill s-repaired">Réparé</);
      expect(res.text).toMatch(/class="pill s-end_of_life">Fin de vie</);
      expect(res.text).toMatch(/<strong class="n">2,4<\/strong> kg de déchets évités/);
      expect(res.text).toMatch(/<strong class="n">147<\/strong> kg CO2e évités/);
      expect(res.text).toContain(`href="/repairs?event=${past.id}"`);
      expect(res.text.match(/<li data-ticket=/g)).toHaveLength(5); // not the tablet taken in without event
    });

    it('preselects the repair café on the intake page and leads back to it after saving', async () => {
      const res = await page(`/repairs?event=${coming.id}`, volunteer).expect(200);
      expect(res.text).toContain(`<option value="${coming.id}" selected>`);
      expect(res.text).toContain(`data-redirect="/repairs/events/${coming.id}"`);
      const plain = await page('/repairs', volunteer).expect(200);
      expect(plain.text).not.toContain(' selected>');
      expect(plain.text).toContain('href="/repairs/events"');
    });

    it("answers 404 for another site's repair café page", async () => {
      const res = await page(`/repairs/events/${past.id}`, otherManager).expect(404);
      expect(res.text).toContain('Événement introuvable');
    });

    it('refuses makers and sends visitors to the login page', async () => {
      await page('/repairs/events', maker).expect(403);
      await page(`/repairs/events/${past.id}`, maker).expect(403);
      const res = await page('/repairs/events').expect(303);
      expect(res.headers.location).toBe(`/login?next=${encodeURIComponent('/repairs/events')}`);
    });
  });
});
