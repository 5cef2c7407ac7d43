import { randomBytes } from 'node:crypto';
import {
  adminToken,
  as,
  createMachine,
  createManager,
  createPerson,
  createSite,
  createTraining,
  isoDaysAgo,
  login,
  recordPass,
} from '../factories/api.factory';
import { book, makeBookable, parisAt } from '../factories/bookings.factory';
import { sampleGcode } from '../factories/gcode.factory';
import { createMaker, jobWhen, uploadJob } from '../factories/jobs.factory';
import { createLocation, createPart, createVolunteer, finish, intake, receive, step } from '../factories/repairs.factory';
import { logEvidence, skillsOf } from '../factories/skills.factory';
import { startTestApp, TestApp } from './harness';

/** Each role's home (src/homes): « Mon espace », the volunteer's bench, the manager's day; the menu in groups. */
describe(`homes (${process.env.TEST_DB})`, () => {
  let t: TestApp;
  let site: { id: string; slug: string };
  let manager: { person: { id: string }; token: string };
  let managerB: { token: string };
  let maker: Awaited<ReturnType<typeof createMaker>>;
  let otherMaker: Awaited<ReturnType<typeof createMaker>>;
  let volunteer: Awaited<ReturnType<typeof createVolunteer>>;
  let laser: { id: string; name: string };
  let printer: { id: string; name: string };
  let cnc: { id: string; name: string };
  let uniq: string;
  let lowPart: { id: string; name: string };
  let received: Awaited<ReturnType<typeof intake>>;
  let repaired: Awaited<ReturnType<typeof intake>>;
  let gcode: Buffer;
  const cookie = (token: string) => `fablab_session=${token}`;
  const page = (url: string, token: string) => t.http().get(url).set('Cookie', cookie(token)).redirects(0);
  const hidden = (text: string, name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(text)?.[1];

  beforeAll(async () => {
    t = await startTestApp();
    uniq = randomBytes(3).toString('hex');
    const admin = await adminToken(t);
    site = await createSite(t, admin);
    manager = await createManager(t, admin, site.id);
    managerB = await createManager(t, admin, (await createSite(t, admin)).id);
    maker = await createMaker(t, manager.token, site.id, `Amina${uniq}`);
    otherMaker = await createMaker(t, manager.token, site.id, `Paul${uniq}`);
    volunteer = await createVolunteer(t, manager.token, site.id);
    laser = await createMachine(t, manager.token, site.id, { name: `Laser ${uniq}` });
    printer = await createMachine(t, manager.token, site.id, {
      type: 'printer',
      name: `Prusa ${uniq}`,
      profile: { workArea: { x: 250, y: 210, z: 220 }, materials: ['PLA'], nozzleMm: 0.4, controller: 'marlin' },
    });
    cnc = await createMachine(t, manager.token, site.id, { type: 'cnc', name: `Fraiseuse ${uniq}` });

    // Trainings: one valid a year, one ended, one ending within the month.
    const valid = await createTraining(t, manager.token, site.id, { name: `Découpe laser ${uniq}` });
    const ended = await createTraining(t, manager.token, site.id, { name: `Sécurité ${uniq}`, machineTypes: ['other'], validityMonths: 1 });
    const ending = await createTraining(t, manager.token, site.id, { name: `Impression 3D ${uniq}`, machineTypes: ['printer'], validityMonths: 1 });
    await recordPass(t, manager.token, maker.person.id, valid.id, isoDaysAgo(5));
    await recordPass(t, manager.token, maker.person.id, ended.id, isoDaysAgo(70));
    await recordPass(t, manager.token, maker.person.id, ending.id, isoDaysAgo(20));

    const skill = (await skillsOf(t, manager.token, site.id)).frameworks.flatMap((fw) => fw.skills)[0];
    await logEvidence(t, manager.token, maker.person.id, skill.id, 2);

    await makeBookable(t, manager.token, laser.id);
    await book(t, manager.token, { machineId: laser.id, personId: maker.person.id, startsAt: parisAt(1, 10), endsAt: parisAt(1, 11) }).expect(201);
    await book(t, manager.token, { machineId: laser.id, startsAt: parisAt(0, 0, 5), endsAt: parisAt(0, 0, 35), kind: 'maintenance' }).expect(201);

    await as(t, manager.token)
      .post('/api/charges/prices', {
        siteId: site.id,
        label: 'Contreplaqué 3 mm',
        consumable: 'contreplaque-3mm',
        unit: 'sheet',
        unitCents: 750,
        vatBasisPoints: 0,
      })
      .expect(201);
    await as(t, manager.token).post('/api/charges/consumables', { personId: maker.person.id, consumable: 'contreplaque-3mm', quantity: 1 }).expect(201);

    gcode = Buffer.from(await sampleGcode('prusaslicer'));

    const location = await createLocation(t, manager.token, site.id);
    lowPart = await createPart(t, manager.token, site.id, { name: `Batterie ${uniq}`, lowStockThreshold: 2 });
    await receive(t, manager.token, lowPart.id, location.id, 1);
    received = await intake(t, volunteer.token, { brand: 'Lenovo', model: `T${uniq}` });
    repaired = await intake(t, volunteer.token, { category: 'printer', brand: 'Epson', model: `XP${uniq}` });
    await finish(t, volunteer.token, repaired.id, 'repaired');
    const waiting = await intake(t, volunteer.token, { brand: 'Dell', model: `W${uniq}` });
    await step(t, volunteer.token, waiting.id, 'diagnosed').expect(201);
    await step(t, volunteer.token, waiting.id, 'waiting_parts').expect(201);

    await as(t, manager.token).put(`/api/machines/${cnc.id}/status`, { status: 'maintenance', reason: 'Buse bouchée' }).expect(200);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('sends each role to its home after logging in and from /', async () => {
    const loggedIn = await t.http().post('/login').type('form').send({ email: maker.email, password: 'maker-password-1' }).expect(303);
    expect(loggedIn.headers.location).toBe('/');
    expect((await page('/', maker.token).expect(303)).headers.location).toBe('/me');
    expect((await page('/', volunteer.token).expect(303)).headers.location).toBe('/bench');
    expect((await page('/', manager.token).expect(303)).headers.location).toBe('/today');
    const trainer = await createPerson(t, manager.token, site.id, {
      firstName: 'Inès',
      role: 'trainer',
      email: `trainer-${uniq}@test.fablab`,
      password: 'trainer-password-1',
    });
    expect(trainer.id).toBeTruthy();
    const trainerToken = await login(t, `trainer-${uniq}@test.fablab`, 'trainer-password-1');
    expect((await page('/', trainerToken).expect(303)).headers.location).toBe('/me');
    await page('/me', trainerToken).expect(200);
    // An admin has no site of their own: the day asks which one.
    const admin = await adminToken(t);
    expect((await page('/', admin).expect(303)).headers.location).toBe('/today');
    const pick = await page('/today', admin).expect(200);
    expect(pick.text).toContain('Choisissez un lieu');
    expect(pick.text).toContain(`/today?siteId=${site.id}`);
    expect((await page(`/today?siteId=${site.id}`, admin).expect(200)).text).toContain(`Laser ${uniq}`);
  });

  it('speaks English with ?lang=en', async () => {
    const res = await page('/me?lang=en', maker.token).expect(200);
    expect(res.text).toContain('<html lang="en">');
    expect(res.text).toMatch(/expires on \d{1,2} [A-Z][a-z]+ \d{4}/);
    expect(res.text).toContain('expired: to renew');
    expect(res.text).toContain('€7.50');
  });

  it("shows a maker's trainings with their end in words, skills, next booking, job and charges in euros", async () => {
    const job = (await uploadJob(t, maker.token, gcode, { machineId: printer.id }).expect(201)).body;
    const res = await page('/me', maker.token).expect(200);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    const text = res.text;
    expect(text).toContain(`Découpe laser ${uniq}`);
    expect(text).toMatch(/expire le \d{1,2} [a-zéû]+ \d{4}/);
    expect(text).toContain('expirée : à renouveler');
    expect(text).toContain('niveau 2');
    expect(text).toContain(laser.name);
    expect(text).toContain('Changer ou annuler');
    expect(text).toContain(`data-job="${job.id}"`);
    expect(text).toContain('Contreplaqué 3 mm');
    expect(text).toContain('7,50\u00a0€');
    expect(text).not.toMatch(/\b750\b/);
    // Another maker's space shows nothing of hers.
    const other = await page('/me', otherMaker.token).expect(200);
    expect(other.text).not.toContain(`Découpe laser ${uniq}`);
    expect(other.text).not.toContain(job.id);
    expect(other.text).toContain('Rien à payer ce mois-ci.');
  });

  it('lets the owner withdraw a waiting job from « Mon espace » with the CSRF token, and no one else', async () => {
    const job = (await uploadJob(t, maker.token, gcode, { machineId: printer.id }).expect(201)).body;
    await jobWhen(t, maker.token, job.id, (j) => j.status !== 'analysing');
    const me = await page('/me', maker.token).expect(200);
    const csrf = hidden(me.text, '_csrf')!;
    const csrfCookie =
      [me.headers['set-cookie']]
        .flat()
        .find((c: string) => c?.startsWith('fablab_csrf='))
        ?.split(';')[0] ?? '';
    expect(me.text).toContain(`action="/me/jobs/${job.id}/cancel"`);
    const post = (token: string, withCsrf = true) =>
      t
        .http()
        .post(`/me/jobs/${job.id}/cancel`)
        .set('Cookie', `${cookie(token)}; ${csrfCookie}`)
        .type('form')
        .redirects(0)
        .send(withCsrf ? { _csrf: csrf } : {});
    await post(maker.token, false).expect(403);
    await t.http().get(`/me/jobs/${job.id}/cancel`).set('Cookie', cookie(maker.token)).expect(404); // no GET changes state
    await t.http().post(`/me/jobs/${job.id}/cancel`).set('Authorization', `Bearer ${otherMaker.token}`).redirects(0).expect(404);
    await t.http().post(`/me/jobs/${job.id}/cancel`).set('Authorization', `Bearer ${manager.token}`).redirects(0).expect(404);
    await t.http().post(`/me/jobs/${job.id}/cancel`).set('Authorization', `Bearer ${managerB.token}`).redirects(0).expect(404);
    expect((await as(t, maker.token).get(`/api/jobs/${job.id}`).expect(200)).body.status).not.toBe('cancelled');

    const done = await post(maker.token).expect(303);
    expect(done.headers.location).toBe('/me?done=job-cancelled');
    expect((await as(t, maker.token).get(`/api/jobs/${job.id}`).expect(200)).body.status).toBe('cancelled');
    const after = await page('/me?done=job-cancelled', maker.token).expect(200);
    expect(after.text).toContain('Travail annulé.');
    expect(after.text).not.toContain(`action="/me/jobs/${job.id}/cancel"`);
    const again = await post(maker.token).expect(409);
    expect(again.headers['content-type']).toMatch(/text\/html/);
    expect(again.text).toContain('attend plus : demandez');
  }, 60_000);

  it("shows the volunteer's bench: devices in progress, low stock, labels to print, history", async () => {
    const res = await page('/bench', volunteer.token).expect(200);
    const open = section(res.text, 'bench-open');
    expect(open).toContain(`data-ticket="${received.id}"`);
    expect(open).not.toContain(`data-ticket="${repaired.id}"`);
    expect(section(res.text, 'bench-stock')).toContain(`Batterie ${uniq}`);
    expect(section(res.text, 'bench-stock')).toContain('1 en stock (alerte à 2)');
    expect(section(res.text, 'bench-labels')).toContain(`/inventory/labels?devices=${received.device.id}`);
    expect(section(res.text, 'bench-history')).toContain(`data-ticket="${repaired.id}"`);
    await page('/bench', maker.token).expect(403);
    expect((await page('/bench', managerB.token).expect(200)).text).not.toContain(uniq);
  });

  it("shows the manager's day: today's bookings in local time, alerts, machines, pending work", async () => {
    const queued = (await uploadJob(t, otherMaker.token, gcode, { machineId: printer.id }).expect(201)).body;
    await jobWhen(t, otherMaker.token, queued.id, (j) => j.status !== 'analysing');
    const res = await page('/today', manager.token).expect(200);
    const bookings = section(res.text, 'today-bookings');
    expect(bookings).toContain('00:05 – 00:35');
    expect(bookings).toContain('Maintenance');
    const alerts = section(res.text, 'today-alerts');
    expect(alerts).toContain(`Fraiseuse ${uniq}`);
    expect(alerts).toContain('En maintenance');
    expect(alerts).toContain('Buse bouchée');
    expect(alerts).toContain(`Stock bas : Batterie ${uniq}, 1 en stock (alerte à 2)`);
    expect(alerts).toContain(`Impression 3D ${uniq}`);
    expect(alerts).toContain(`Amina${uniq}`);
    expect(section(res.text, 'today-machines')).toContain(`Laser ${uniq}`);
    const pending = section(res.text, 'today-pending');
    expect(pending).toMatch(/(Un travail|[2-9]\d* travaux) de fabrication en file/);
    expect(pending).toContain('Une réparation en attente de pièces');
    await page('/today', maker.token).expect(403);
    await page('/today', volunteer.token).expect(403);
    await page(`/today?siteId=${site.id}`, managerB.token).expect(403);
    expect((await page('/today', managerB.token).expect(200)).text).not.toContain(uniq);
  }, 60_000);

  it('groups the menu per role: a few groups for a manager, no management group for a maker', async () => {
    const managerPage = (await page('/today', manager.token).expect(200)).text;
    const wide = /<nav class="nav"[^>]*><ul>([\s\S]*?)<\/ul><\/nav>/.exec(managerPage)![1];
    const topLevel = wide.replace(/<details[\s\S]*?<\/details>/g, '<details>').match(/<li\b/g) ?? [];
    expect(topLevel.length).toBeLessThanOrEqual(6);
    for (const g of ['home', 'machines', 'learning', 'repairs', 'admin']) expect(wide).toContain(`data-nav-group="${g}"`);
    expect(wide).toContain('Ateliers et formations');
    expect(wide).toContain('href="/admin/machines"');
    const makerPage = (await page('/me', maker.token).expect(200)).text;
    expect(makerPage).not.toContain('data-nav-group="admin"');
    expect(makerPage).not.toContain('href="/admin/machines"');
    expect(makerPage).toContain('href="/me" aria-current="page"');
  });
});

/** The HTML of one home card, by its id. */
function section(text: string, id: string): string {
  const start = text.indexOf(`id="${id}"`);
  if (start < 0) throw new Error(`no section ${id}`);
  const end = text.indexOf('</section>', start);
  return text.slice(start, end);
}
