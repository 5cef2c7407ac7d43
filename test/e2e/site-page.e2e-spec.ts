import { createHash, createPublicKey } from 'node:crypto';
import { adminToken, as, createMachine, createManager, createPerson, createSite, login, registerBridge } from '../factories/api.factory';
import { FakeBridge } from '../factories/bridge-client';
import { waitUntil } from '../factories/wait';
import { startTestApp, TestApp } from './harness';

/**
 * The site page (/site): what an installation needs, for an admin and the site's own manager.
 * The site is in La Réunion (UTC+4): a bridge's last-seen time must show in that zone, not in UTC
 * nor in Paris time.
 */
describe(`site page (${process.env.TEST_DB})`, () => {
  let t: TestApp;
  let admin: string;
  let site: { id: string; slug: string; name: string };
  let manager: { token: string };
  let reg: Awaited<ReturnType<typeof registerBridge>>;
  let bridge: FakeBridge;
  let machine: { id: string; slug: string };
  const page = (url: string, token: string) => t.http().get(url).set('Cookie', `fablab_session=${token}`);

  beforeAll(async () => {
    t = await startTestApp({ MQTT_PUBLIC_URL: 'mqtts://mqtt.fablab-lyon.example.fr:8883' });
    admin = await adminToken(t);
    site = await createSite(t, admin, { name: 'Fab lab de Saint-Denis', timezone: 'Indian/Reunion' });
    manager = await createManager(t, admin, site.id);
    machine = await createMachine(t, manager.token, site.id, { slug: 'laser-1', name: 'Découpeuse laser' });
    const plugged = await createMachine(t, manager.token, site.id, { slug: 'scie-1', name: 'Scie à ruban', type: 'other' });
    await as(t, manager.token).put(`/api/machines/${plugged.id}/plug`, { kind: 'shelly', busyWatts: 30 }).expect(200);
    await as(t, manager.token).post('/api/monitors', { slug: 'grafana', name: 'Écran de supervision' }).expect(201);
    reg = await registerBridge(t, admin, site.id, [machine.slug]);
    bridge = await FakeBridge.connect(t.mqttUrl, reg.credentials, site.slug, reg.bridge.slug);
    await bridge.status(true, [machine.slug]);
    await waitUntil(async () => (await as(t, admin).get(`/api/bridges?siteId=${site.id}`)).body[0]?.online === true);
  }, 60_000);
  afterAll(async () => {
    await bridge?.end();
    await t?.close();
  });

  it("shows the site's manager the addresses, the key fingerprint, bridges, monitors and plugs", async () => {
    const res = await page('/site', manager.token).expect(200);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.text).not.toMatch(/\sstyle=/);
    expect(res.text).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(res.text).toContain('Fab lab de Saint-Denis');
    expect(res.text).toContain(`<code>${site.slug}</code>`);
    expect(res.text).toContain('Indian/Reunion');
    expect(res.text).toContain('<code id="mqtt-url">mqtts://mqtt.fablab-lyon.example.fr:8883</code>');
    expect(res.text).toContain(`<code id="http-url">${t.config.publicUrl}</code>`);
    // The fingerprint an installer gets from `openssl pkey -pubin -outform DER | sha256sum`.
    const der = createPublicKey(reg.sitePublicKeyPem).export({ type: 'spki', format: 'der' });
    const hex = createHash('sha256').update(der).digest('hex');
    expect(res.text).toContain(`<code id="key-fingerprint" class="fingerprint">${hex.match(/.{4}/g)!.join(' ')}</code>`);

    // The bridge: online, its machine, last seen in the site's zone (La Réunion), never UTC.
    const [row] = (await as(t, admin).get(`/api/bridges?siteId=${site.id}`)).body;
    const seen = new Date(row.lastSeenAt);
    const inZone = (timeZone: string) => new Intl.DateTimeFormat('fr-FR', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(seen);
    const item = res.text.slice(res.text.indexOf(`data-bridge-id="${reg.bridge.id}"`));
    expect(item).toMatch(/^[\s\S]*?<span class="pill s-online">en ligne<\/span>/);
    expect(item).toContain(`<time datetime="${seen.toISOString()}">${inZone('Indian/Reunion')}</time>`);
    expect(inZone('Indian/Reunion')).not.toBe(inZone('UTC'));
    expect(item).toContain('1.4.0');
    expect(item).toContain('laser-1');
    // The manager sees the bridges, but pairing, reset and removal are the admin's.
    expect(res.text).not.toContain(`data-api="/api/bridges/${reg.bridge.id}/secret"`);
    expect(res.text).toContain('sont faits par un administrateur');

    const [monitor] = (await as(t, manager.token).get('/api/monitors')).body;
    expect(res.text).toContain(`data-api="/api/monitors/${monitor.id}/secret"`);
    expect(res.text).toContain(`data-api="/api/monitors/${monitor.id}" data-method="DELETE"`);
    expect(res.text).toContain('Écran de supervision');
    expect(res.text).toContain('data-api="/api/monitors" data-method="POST"');

    expect(res.text).toContain('Scie à ruban');
    expect(res.text).toContain('Shelly');
    expect(res.text).toContain('30 W');
    expect(res.text).not.toMatch(/secretHash|privateKey|PRIVATE KEY/);
  });

  it('gives an admin the list of sites, then the bridge forms and the pairing link', async () => {
    const list = await page('/site', admin).expect(200);
    expect(list.text).toContain(`href="/site?siteId=${site.id}"`);
    const res = await page(`/site?siteId=${site.id}`, admin).expect(200);
    expect(res.text).toContain(`data-api="/api/bridges/${reg.bridge.id}/secret"`);
    expect(res.text).toContain(`data-api="/api/bridges/${reg.bridge.id}" data-method="DELETE"`);
    expect(res.text).toContain(`href="/bridges?siteId=${site.id}"`);
    expect(res.text).toContain(`<input type="hidden" name="siteId" value="${site.id}">`);
    expect(res.text).toMatch(/<a href="\/site"[^>]*>Installation du lieu<\/a>/);
  });

  it('speaks English with ?lang=en', async () => {
    const res = await page('/site?lang=en', manager.token).expect(200);
    expect(res.text).toContain('MQTT address bridges and plugs must reach');
    expect(res.text).toContain('>online</span>');
  });

  it("refuses another site's manager and a maker, and sends visitors to log in", async () => {
    const other = await createSite(t, admin);
    const foreign = await createManager(t, admin, other.id);
    const refused = await page(`/site?siteId=${site.id}`, foreign.token).expect(403);
    expect(refused.text).toContain('Ce lieu n&#39;est pas le vôtre.');
    expect(refused.text).not.toContain('Fab lab de Saint-Denis');
    // Their own site page shows nothing of this one.
    const own = await page('/site', foreign.token).expect(200);
    expect(own.text).not.toContain(site.slug);
    expect(own.text).not.toContain(reg.bridge.slug);

    const email = `maker-site-${Date.now()}@test.fablab`;
    await createPerson(t, admin, site.id, { firstName: 'Malo', role: 'maker', email, password: 'maker-password-1' });
    const maker = await login(t, email, 'maker-password-1');
    for (const url of ['/site', `/site?siteId=${site.id}`]) {
      const res = await page(url, maker).expect(403);
      expect(res.text).toContain('Cette page n&#39;est pas accessible avec votre rôle.');
      expect(res.text).not.toMatch(/<a href="\/site"/);
    }
    const visitor = await t.http().get('/site').expect(303);
    expect(visitor.headers.location).toBe('/login?next=%2Fsite');
  });
});
