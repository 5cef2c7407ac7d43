import { TelemetrySampler } from '../../src/machines/telemetry-sampler';
import { adminToken, as, createMachine, createManager, createPerson, createSite, login, registerBridge } from '../factories/api.factory';
import { FakeBridge } from '../factories/bridge-client';
import { waitUntil } from '../factories/wait';
import { startTestApp, TestApp } from './harness';

const text = (r: any, cb: any) => {
  const chunks: Buffer[] = [];
  r.on('data', (c: Buffer) => chunks.push(c));
  r.on('end', () => cb(null, Buffer.concat(chunks).toString('utf8')));
};

describe(`telemetry samples (${process.env.TEST_DB})`, () => {
  let t: TestApp;
  let manager: string;
  let otherManager: string;
  let site: { id: string; slug: string };
  let printer: { id: string; slug: string };
  let bridge: FakeBridge;

  beforeAll(async () => {
    t = await startTestApp({ TELEMETRY_SAMPLE_SECONDS: '1' });
    const admin = await adminToken(t);
    site = await createSite(t, admin);
    manager = (await createManager(t, admin, site.id)).token;
    printer = await createMachine(t, manager, site.id, { name: 'Imprimante Prusa', type: 'printer', slug: 'prusa-1' });
    otherManager = (await createManager(t, admin, (await createSite(t, admin)).id)).token;
    const reg = await registerBridge(t, admin, site.id, [printer.slug]);
    bridge = await FakeBridge.connect(t.mqttUrl, reg.credentials, site.slug, reg.bridge.slug);
  });

  afterAll(async () => {
    await bridge?.end();
    await t?.close();
  });

  const telemetry = (body: object) =>
    bridge.client.publishAsync(bridge.topic(printer.slug, 'telemetry'), JSON.stringify({ ts: new Date().toISOString(), ...body }), { qos: 0 });
  const samples = async (query = '') => (await as(t, manager).get(`/api/machines/${printer.id}/telemetry${query}`).expect(200)).body as any[];

  it('keeps the latest reading of each interval, stamped on the clock, oldest first', async () => {
    await telemetry({ temps: { hotend: { actual: 190, target: 215 } }, progress: 0.2 });
    await telemetry({ temps: { hotend: { actual: 214.5, target: 215 }, bed: { actual: 60 } }, progress: 0.3 });
    await waitUntil(async () => (await samples()).at(-1)?.temps?.hotend?.actual === 214.5);
    const first = (await samples()).at(-1);
    expect(first).toEqual({
      at: expect.any(String),
      powerW: null,
      progress: expect.closeTo(0.3, 5),
      temps: { hotend: { actual: 214.5, target: 215 }, bed: { actual: 60 } },
    });
    expect(new Date(first.at).getUTCMilliseconds()).toBe(0);

    await telemetry({ temps: { hotend: { actual: 215, target: 215 } }, progress: 0.35 });
    await waitUntil(async () => (await samples()).at(-1)?.progress > 0.34);
    const all = await samples();
    const ats = all.map((s) => Date.parse(s.at));
    expect(ats).toEqual([...ats].sort((a, b) => a - b));
    expect(new Set(ats).size).toBe(ats.length);

    // Nothing came since: no new rows.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await samples()).toHaveLength(all.length);
  });

  it('keeps one row when a second instance writes the same interval', async () => {
    const [kept] = (await samples()).slice(-1);
    const sampler = t.app.get(TelemetrySampler);
    sampler.keep(printer.id, site.id, { powerW: 999 });
    expect(await sampler.sample(new Date(kept.at))).toBe(1); // no error: the database ignored it
    const same = (await samples()).filter((s) => s.at === kept.at);
    expect(same).toEqual([kept]);
  });

  it('filters by period and limit', async () => {
    const all = await samples();
    expect(await samples(`?to=${encodeURIComponent(new Date(Date.parse(all[0].at) - 1).toISOString())}`)).toEqual([]);
    expect(await samples(`?from=${encodeURIComponent(all.at(-1).at)}`)).toEqual([all.at(-1)]);
    expect(await samples('?limit=1')).toEqual([all.at(-1)]); // the latest ones when the period holds more
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
    expect(await samples(`?from=${today}&to=${today}`)).toEqual(all);
  });

  it('shows the kept telemetry as charts on the machine’s history page (strict CSP, French first)', async () => {
    await telemetry({ powerW: 87.5, temps: { hotend: { actual: 215, target: 215 }, bed: { actual: 60 } } });
    await waitUntil(async () => (await samples()).at(-1)?.powerW === 87.5);
    const page = await as(t, manager).get(`/machines/${printer.id}/history`).expect(200);
    expect(page.headers['content-security-policy']).toContain("style-src 'self'");
    expect(page.text).toContain('Consommation et températures (24 dernières heures)');
    expect(page.text.match(/<svg class="chart"[^>]*role="img"/g)).toHaveLength(2);
    expect(page.text).toMatch(/aria-label="Puissance : min [\d,]+ W, max [\d,]+ W, dernière 87,5 W ; dernier relevé à \d\d:\d\d\."/);
    expect(page.text).toMatch(/aria-label="Températures\. Buse : min [\d,]+ °C, max 215 °C, dernière 215 °C ; Plateau : min 60 °C, max 60 °C, dernière 60 °C/);
    expect(page.text).toContain('<th>Buse (°C)</th><th>Plateau (°C)</th>');
    expect(page.text).not.toMatch(/<script(?![^>]*src=)/); // no inline script

    const csv = page.text.match(/id="telemetry-csv" href="([^"]+)"/)![1].replace(/&amp;/g, '&');
    expect(csv).toMatch(new RegExp(`^/api/machines/${printer.id}/telemetry\\.csv\\?from=[^&]+&to=[^&]+$`));
    const rows = (await as(t, manager).get(csv).buffer(true).parse(text).expect(200)).body.trimEnd().split('\r\n');
    expect(rows).toHaveLength((await samples()).length + 1);

    const week = await as(t, manager).get(`/machines/${printer.id}/history?period=7d&lang=en`).expect(200);
    expect(week.text).toContain('Power and temperatures (last 7 days)');
    expect(week.text).toMatch(/<a href="[^"]*period=7d#telemetry" aria-current="true">7 days<\/a>/);
    expect(week.text).toMatch(/aria-label="Temperatures\. Nozzle: min [\d.]+ °C, max 215 °C, last 215 °C ; Bed: /);
  });

  it('says so on the history page when a machine has no readings', async () => {
    const quiet = await createMachine(t, manager, site.id, { name: 'Fraiseuse', type: 'cnc', slug: 'fraiseuse-1' });
    const page = await as(t, manager).get(`/machines/${quiet.id}/history`).expect(200);
    expect(page.text).toContain('Aucun relevé sur cette période. Les relevés sont pris toutes les 1 secondes quand la machine envoie sa télémétrie.');
    expect(page.text).not.toContain('role="img"');
    expect(page.text).not.toContain('id="telemetry-csv"');
  });

  it('exports a French CSV (BOM, `;`, French header, Paris times, decimal commas)', async () => {
    const res = await as(t, manager).get(`/api/machines/${printer.id}/telemetry.csv`).buffer(true).parse(text).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="telemetrie-prusa-1-\d{4}-\d{2}-\d{2}\.csv"/);
    const body: string = res.body;
    expect(body.startsWith('\uFEFFDate;Puissance (W);Avancement (%);Températures\r\n')).toBe(true);
    const lines = body.slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength((await samples()).length + 1);
    expect(lines.filter((l) => l.endsWith(';;30;Buse 214,5 / 215 °C · Plateau 60 °C'))).toHaveLength(1);
    expect(lines[1]).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2};/);
  });

  it("answers another site's machine as not found", async () => {
    await as(t, otherManager).get(`/api/machines/${printer.id}/telemetry`).expect(404);
    await as(t, otherManager).get(`/api/machines/${printer.id}/telemetry.csv`).expect(404);
  });

  it('is for the team only', async () => {
    const email = `maker-${Date.now()}@test.fablab`;
    await createPerson(t, manager, site.id, { firstName: 'Léo', role: 'maker', email, password: 'maker-password-1' });
    const maker = await login(t, email, 'maker-password-1');
    await as(t, maker).get(`/api/machines/${printer.id}/telemetry`).expect(403);
  });

  it('refuses an unreadable or reversed period in French', async () => {
    const bad = await as(t, manager).get(`/api/machines/${printer.id}/telemetry?from=hier`).expect(400);
    expect(bad.body.message).toContain('« from » : date AAAA-MM-JJ ou date et heure ISO 8601');
    const impossible = await as(t, manager).get(`/api/machines/${printer.id}/telemetry?from=2027-13-01`).expect(400);
    expect(impossible.body).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('qui existe au calendrier') });
    const reversed = await as(t, manager).get(`/api/machines/${printer.id}/telemetry?from=2027-03-04&to=2027-03-03`).expect(400);
    expect(reversed.body).toMatchObject({ code: 'bad_period', message: expect.stringContaining('doit précéder') });
    const tooMany = await as(t, manager).get(`/api/machines/${printer.id}/telemetry?limit=20000`).expect(400);
    expect(tooMany.body.message).toBe('« limit » : nombre entier de 1 à 10000 attendu.');
  });
});
