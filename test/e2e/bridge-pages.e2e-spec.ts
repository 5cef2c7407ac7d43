import { adminToken, as, createMachine, createManager, createPerson, createSite, login, registerBridge } from '../factories/api.factory';
import { startTestApp, TestApp } from './harness';

/** The pairing page: admin only, like the pairing API; it gives a ready-to-paste config.yaml. */
describe(`bridge pairing page (${process.env.TEST_DB})`, () => {
  let t: TestApp;
  let admin: string;
  let site: { id: string; slug: string };
  const page = (url: string, token: string) => t.http().get(url).set('Cookie', `fablab_session=${token}`);

  beforeAll(async () => {
    t = await startTestApp({ MQTT_PUBLIC_URL: 'mqtt://mqtt.fablab.example.org:1883' });
    admin = await adminToken(t);
    site = await createSite(t, admin);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists bridges with their reset and removal forms, and pairs with a config.yaml shown once', async () => {
    const manager = await createManager(t, admin, site.id);
    const machine = await createMachine(t, manager.token, site.id);
    const reg = await registerBridge(t, admin, site.id, [machine.slug]);
    const res = await page('/bridges', admin).expect(200);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.text).toContain('<html lang="fr">');
    expect(res.text).toContain('Appairer une passerelle');
    expect(res.text).toContain('<a href="/site">Installation du lieu');
    expect(res.text).toContain('data-api="/api/bridges" data-method="POST" data-result="#config-new" data-result-field="configYaml"');
    expect(res.text).toContain(`data-api="/api/bridges/${reg.bridge.id}/secret"`);
    expect(res.text).toContain(`data-api="/api/bridges/${reg.bridge.id}" data-method="DELETE"`);
    expect(res.text).toContain(machine.slug);
    expect(res.text).not.toMatch(/secretHash|<script>(?!.*application\/json)/);

    // What the page's form receives and shows.
    const paired = await as(t, admin)
      .post('/api/bridges', { siteId: site.id, slug: 'atelier-page', machines: [machine.slug] })
      .expect(201);
    const yaml: string = paired.body.configYaml;
    expect(yaml).toContain('mqttUrl: "mqtt://mqtt.fablab.example.org:1883"');
    expect(yaml).toContain(`httpBaseUrl: ${JSON.stringify(t.config.publicUrl)}`);
    expect(yaml).toContain(`site: "${site.slug}"`);
    expect(yaml).toContain(`password: ${JSON.stringify(paired.body.credentials.password)}`);
    expect(yaml).toContain('BEGIN PUBLIC KEY');
    const reset = await as(t, admin).post(`/api/bridges/${paired.body.bridge.id}/secret`).expect(201);
    expect(reset.body.configYaml).toContain(`password: ${JSON.stringify(reset.body.credentials.password)}`);
    expect(reset.body.configYaml).toContain(`machine: "${machine.slug}"`);
  });

  it("is refused to a site's manager, another site's manager and a maker, and sends visitors to log in", async () => {
    const other = await createSite(t, admin);
    const own = await createManager(t, admin, site.id);
    const foreign = await createManager(t, admin, other.id);
    const email = `maker-page-${Date.now()}@test.fablab`;
    await createPerson(t, admin, site.id, { firstName: 'Malo', role: 'maker', email, password: 'maker-password-1' });
    const maker = await login(t, email, 'maker-password-1');
    for (const token of [own.token, foreign.token, maker]) {
      const res = await page('/bridges', token).expect(403);
      expect(res.text).toContain('Cette page n&#39;est pas accessible avec votre rôle.');
    }
    const visitor = await t.http().get('/bridges').expect(303);
    expect(visitor.headers.location).toBe('/login?next=%2Fbridges');
  });
});
