import {
  adminToken,
  as,
  createBadge,
  createManager,
  createMachine,
  createPerson,
  createSite,
  createTraining,
  login,
  recordPass,
  isoDaysAgo,
} from '../factories/api.factory';
import { startTestApp, TestApp } from './harness';

/** Server-rendered pages: French first, escaped, and the same role rules as the API. */
describe(`web pages (${process.env.TEST_DB})`, () => {
  let t: TestApp;
  let admin: string;
  let manager: { person: { id: string }; token: string };
  let site: { id: string };
  const cookie = (token: string) => `fablab_session=${token}`;
  const page = (url: string, token: string) => t.http().get(url).set('Cookie', cookie(token));

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminToken(t);
    site = await createSite(t, admin);
    manager = await createManager(t, admin, site.id);
    await createMachine(t, manager.token, site.id, { name: 'Découpeuse laser' });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('sends a logged-out visitor of /machines to the login page, coming back after', async () => {
    const res = await t.http().get('/machines').expect(303);
    expect(res.headers.location).toBe('/login?next=%2Fmachines');
    const login = await t.http().get('/login?next=%2Fmachines').expect(200);
    expect(login.headers['content-type']).toMatch(/text\/html/);
    expect(login.text).toContain('<html lang="fr">');
    expect(login.text).toContain('Se connecter');
    expect(login.text).toContain('name="viewport"');
    expect(login.headers['content-security-policy']).toContain("script-src 'self'");
    expect(login.text).not.toMatch(/ on[a-z]+="/);
  });

  it('logs in with a classic form post (no JavaScript) and follows a same-site next only', async () => {
    const ok = await t.http().post('/login').type('form').send({ email: 'admin@test.fablab', password: 'admin-password-1', next: '/people' }).expect(303);
    expect(ok.headers.location).toBe('/people');
    expect(String(ok.headers['set-cookie'])).toMatch(/fablab_session=.+HttpOnly/i);
    const away = await t
      .http()
      .post('/login')
      .type('form')
      .send({ email: 'admin@test.fablab', password: 'admin-password-1', next: '//evil.example' })
      .expect(303);
    expect(away.headers.location).toBe('/');
  });

  it('shows the API words when the password is wrong, on the login page', async () => {
    const res = await t.http().post('/login').type('form').send({ email: 'admin@test.fablab', password: 'nope-nope-nope' }).expect(401);
    expect(res.text).toContain('E-mail ou mot de passe incorrect');
    expect(res.text).toContain('value="admin@test.fablab"');
  });

  it('renders the machines page in French by default', async () => {
    const res = await page('/machines', manager.token).expect(200);
    expect(res.text).toContain('<html lang="fr">');
    expect(res.text).toContain('Machines en direct');
    expect(res.text).toContain('Découpeuse laser');
    expect(res.text).toContain('Libre');
    expect(res.text).toContain('Personnes');
  });

  it('renders in English with ?lang=en and remembers it in a cookie', async () => {
    const res = await page('/machines?lang=en', manager.token).expect(200);
    expect(res.text).toContain('<html lang="en">');
    expect(res.text).toContain('Live machines');
    expect(res.text).toContain('Free');
    expect(String(res.headers['set-cookie'])).toContain('lang=en');
    const again = await t
      .http()
      .get('/trainings')
      .set('Cookie', `${cookie(manager.token)}; lang=en`)
      .expect(200);
    expect(again.text).toContain('<html lang="en">');
    expect(again.text).toContain('Create a training');
  });

  it('refuses the people list to a maker, but shows them their own profile', async () => {
    const maker = await createPerson(t, manager.token, site.id, {
      firstName: 'Lucas',
      lastName: 'Martin',
      email: 'lucas@test.fablab',
      password: 'lucas-password-1',
    });
    const token = await login(t, 'lucas@test.fablab', 'lucas-password-1');
    const list = await page('/people', token).expect(403);
    expect(list.text).toContain('Cette page n&#39;est pas accessible avec votre rôle.');
    const own = await page(`/people/${maker.id}`, token).expect(200);
    expect(own.text).toContain('Lucas Martin');
    await page(`/people/${manager.person.id}`, token).expect(404);
  });

  it('escapes what people type: a person named <script> is shown as text', async () => {
    const evil = await createPerson(t, manager.token, site.id, { firstName: '<script>alert(1)</script>', lastName: '"><img src=x onerror=alert(2)>' });
    const list = await page('/people', manager.token).expect(200);
    expect(list.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(list.text).not.toContain('<script>alert(1)');
    expect(list.text).not.toContain('<img src=x');
    const profile = await page(`/people/${evil.id}`, manager.token).expect(200);
    expect(profile.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(profile.text).not.toContain('<script>alert(1)');
  });

  it("shows a person's trainings with French dates and marks an expired one", async () => {
    const training = await createTraining(t, manager.token, site.id, { name: 'Découpe laser', validityMonths: 12 });
    const p = await createPerson(t, manager.token, site.id, { firstName: 'Amina', lastName: 'Kaci' });
    await recordPass(t, manager.token, p.id, training.id, isoDaysAgo(400));
    const badge = await createBadge(t, manager.token, p.id);
    const res = await page(`/people/${p.id}`, manager.token).expect(200);
    expect(res.text).toContain('Découpe laser');
    expect(res.text).toMatch(/valable jusqu&#39;au \d{1,2} [a-zéû]+ \d{4}/);
    expect(res.text).toContain('expirée');
    expect(res.text).toContain(badge.uid);
    expect(res.text).toContain('Passez le badge sur le lecteur ou tapez son numéro');
    const badges = await page('/badges', manager.token).expect(200);
    expect(badges.text).toContain(badge.uid);
    expect(badges.text).toContain('Amina Kaci');
  });

  it('keeps a manager on their own site: another site in ?siteId= is refused', async () => {
    const other = await createSite(t, admin);
    const res = await page(`/machines?siteId=${other.id}`, manager.token).expect(403);
    expect(res.text).toContain('Ce lieu n&#39;est pas le vôtre');
  });

  it('lets only managers open the machine administration page', async () => {
    const res = await page('/admin/machines', manager.token).expect(200);
    expect(res.text).toContain('Ajouter une machine');
    expect(res.text).toContain('data-api="/api/machines"');
    const trainer = await createPerson(t, manager.token, site.id, {
      firstName: 'Théo',
      role: 'trainer',
      email: 'theo@test.fablab',
      password: 'theo-password-1',
    });
    expect(trainer.id).toBeTruthy();
    await page('/admin/machines', await login(t, 'theo@test.fablab', 'theo-password-1')).expect(403);
  });

  it('finds a person by name without JavaScript (?q=), accents ignored', async () => {
    await createPerson(t, manager.token, site.id, { firstName: 'Héloïse', lastName: 'Durand' });
    const res = await page('/people?q=heloise', manager.token).expect(200);
    expect(res.text).toContain('Héloïse Durand');
    expect(res.text).not.toContain('Lucas Martin');
  });

  it('lets an admin pick a site on the machines page', async () => {
    await createSite(t, admin);
    const res = await page(`/machines?siteId=${site.id}`, admin).expect(200);
    expect(res.text).toContain('Découpeuse laser');
    expect(res.text).toContain(`/machines?siteId=${site.id}`);
    expect(res.text).toContain('Tous les lieux');
  });

  it("redirects / to the viewer's home once logged in", async () => {
    const res = await page('/', manager.token).expect(303);
    expect(res.headers.location).toBe('/today');
    await as(t, manager.token).get('/api/auth/me').expect(200);
  });
});
