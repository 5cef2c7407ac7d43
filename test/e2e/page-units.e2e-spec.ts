import { DEMO_MANAGER } from '../../src/demo/demo-accounts';
import { seedDemo } from '../../src/demo/demo-seed';
import { adminToken, as, createMachine, createManager, createSite, login, randomUid } from '../factories/api.factory';
import { createVolunteer, goodErasure, intake } from '../factories/repairs.factory';
import { startTestApp, TestApp } from './harness';

/**
 * Forms in people's units (issue 15): euros with a comma typed and read back, VAT in %, times typed
 * in the site's local time, French words for codes; and a walk through a manager's pages with the
 * demo's data, where no centimes, no internal code and no ISO timestamp is left to read.
 */

/** What a person reads on a page: the text outside tags, scripts, styles and JSON islands. */
function visibleText(page: string): string {
  return page
    .replace(/<(script|style|template)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;|&#160;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** Codes the API keeps and a page must say in words. */
const CODES = [
  'computer_basics',
  'admin_procedures',
  'job_search',
  'demandeur_emploi',
  'door_open',
  'grbl_alarm',
  'zero_fill',
  'prng_stream',
  'secure_erase',
  'crypto_erase',
  'physical_destruction',
  'in_use',
  'to_check',
  'Spare parts not available',
  'Item too worn out',
  // The mediation log's national codes (src/mediation/national.ts), said with their labels.
  'aide_aux_demarches_administratives',
  'lieu_activite',
  'a_distance',
  'non_communique',
  'entierement_accompagne',
  'navigation_sur_internet',
];
const ISO_TIMESTAMP = /\d{4}-\d{2}-\d{2}T\d{2}:/;

jest.setTimeout(120_000);

describe(`forms in people's units (${process.env.TEST_DB})`, () => {
  let t: TestApp;
  let admin: string;
  let manager: string;
  let volunteer: string;
  let site: { id: string };
  const page = (token: string, path: string) => t.http().get(path).set('Cookie', `fablab_session=${token}`);
  const form = (token: string, path: string, body: Record<string, string>) =>
    t.http().post(path).set('Cookie', `fablab_session=${token}`).set('Origin', t.url).type('form').send(body);

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminToken(t);
    site = await createSite(t, admin);
    manager = (await createManager(t, admin, site.id)).token;
    volunteer = (await createVolunteer(t, manager, site.id)).token;
  });

  afterAll(() => t?.close());

  describe('a refurbished device', () => {
    let deviceId: string;
    beforeAll(async () => {
      deviceId = (await intake(t, volunteer, { purpose: 'refurbish', category: 'laptop' })).device.id;
    });

    it('offers a price in euros, grades and erasure methods in words, times in the local time', async () => {
      const text = (await page(volunteer, '/repairs/refurbished').expect(200)).text;
      expect(text).toMatch(/<input name="priceEuros" inputmode="decimal"/);
      expect(text).not.toContain('priceCents');
      for (const words of ['Prix en euros (0 = don)', 'Pour pièces', 'Écriture de zéros', 'Effacement cryptographique', 'Purge', 'heure du lieu'])
        expect(text).toContain(words);
      expect(visibleText(text)).not.toMatch(/centimes|\(UTC\)|zero_fill|crypto_erase/);
    });

    it('takes « 45,50 » and « 45.50 », keeps 4550 cents, and shows 45,50 again', async () => {
      for (const priceEuros of ['45.50', '45,50']) {
        const device = (await as(t, volunteer).put(`/api/repairs/devices/${deviceId}/refurbishment`, { priceEuros, grade: 'parts' }).expect(200)).body;
        expect(device.priceCents).toBe(4550);
      }
      const text = (await page(volunteer, '/repairs/refurbished').expect(200)).text;
      expect(text).toContain('value="45,50"');
      expect(text).toMatch(/<option value="parts" selected>Pour pièces<\/option>/);
    });

    it('refuses « 45,505 » with a French reason, and a release price likewise', async () => {
      const res = await as(t, volunteer).put(`/api/repairs/devices/${deviceId}/refurbishment`, { priceEuros: '45,505' }).expect(400);
      expect(res.body.reasons).toContain('Prix en euros attendu, par exemple 7,50 (deux décimales au plus).');
      const release = await as(t, volunteer).post(`/api/repairs/devices/${deviceId}/release`, { mode: 'sale', priceEuros: '12,345' }).expect(400);
      expect(release.body.reasons).toContain('Prix en euros attendu, par exemple 7,50 (deux décimales au plus).');
      expect((await as(t, volunteer).get(`/api/repairs/devices/${deviceId}`).expect(200)).body.priceCents).toBe(4550);
    });

    it("reads erasure times typed in the form in the site's zone (Paris), not UTC", async () => {
      // What the datetime-local inputs send: a wall clock, no zone. 10:00 in Paris in winter is 09:00 UTC.
      await as(t, volunteer)
        .post(`/api/repairs/devices/${deviceId}/erasures`, goodErasure({ startedAt: '2026-11-30T10:00', endedAt: '2026-11-30T10:40' }))
        .expect(201);
      const [record] = (await as(t, volunteer).get(`/api/repairs/devices/${deviceId}/erasures`).expect(200)).body;
      expect(new Date(record.startedAt).toISOString()).toBe('2026-11-30T09:00:00.000Z');
      expect(new Date(record.endedAt).toISOString()).toBe('2026-11-30T09:40:00.000Z');
      const bad = await as(t, volunteer)
        .post(`/api/repairs/devices/${deviceId}/erasures`, goodErasure({ startedAt: '2026-11-31T10:00', endedAt: '2026-11-30T10:40' }))
        .expect(400);
      expect(JSON.stringify(bad.body.reasons)).toContain('heure locale du lieu');
    });
  });

  describe('the price list', () => {
    it('takes a price typed « 7,50 » with a VAT of « 5,5 » %, and reads it back in euros per slot', async () => {
      const cnc = await createMachine(t, manager, site.id, { type: 'cnc', name: 'Fraiseuse', slug: `cnc-${randomUid(2).toLowerCase()}` });
      const admin = (await page(manager, '/bookings/admin').expect(200)).text;
      expect(admin).toMatch(/name="unitEuros" inputmode="decimal"/);
      expect(admin).toMatch(/name="vatPercent"/);
      expect(admin).toContain('<option value="slot">créneau</option>');
      expect(admin).toContain('<option value="demandeur_emploi">Demandeur ou demandeuse d’emploi</option>');
      expect(visibleText(admin)).not.toMatch(/centimes|points de base|demandeur_emploi/);

      const saved = await form(manager, '/bookings/admin/price', {
        label: 'Fraiseuse',
        machineId: cnc.id,
        category: 'demandeur_emploi',
        unit: 'slot',
        slotMinutes: '60',
        unitEuros: '7,50',
        vatPercent: '5,5',
      }).expect(303);
      expect(decodeURIComponent(saved.headers.location)).toContain('Enregistré');
      const prices = (await as(t, manager).get('/api/charges/prices').expect(200)).body;
      expect(prices.find((p: { machineId: string }) => p.machineId === cnc.id)).toMatchObject({
        unit: 'slot',
        unitCents: 750,
        vatBasisPoints: 550,
        category: 'demandeur_emploi',
      });
      const after = visibleText((await page(manager, '/bookings/admin').expect(200)).text);
      expect(after).toContain('7,50 € / créneau (60 min)');
      expect(after).toContain('TVA 5,5 %');
      expect(after).toContain('Demandeur ou demandeuse d’emploi');
    });

    it('refuses « 7,505 » € and a VAT of 120 % with a French reason, and adds nothing', async () => {
      const before = (await as(t, manager).get('/api/charges/prices').expect(200)).body.length;
      // Without JavaScript: the page again (400), each reason right after its field, marked invalid, what was typed kept.
      const cents = await form(manager, '/bookings/admin/price', { label: 'Laser', unit: 'minute', unitEuros: '7,505', vatPercent: '20' }).expect(400);
      expect(cents.type).toBe('text/html');
      expect(cents.text).toMatch(
        /name="unitEuros"[^>]*value="7,505" aria-invalid="true" aria-describedby="([^"]+)"><span class="field-error" id="\1">Prix : un montant en euros avec deux décimales au plus, par exemple 7,50\.<\/span>/,
      );
      expect(cents.text).toContain('name="label" required value="Laser"');
      const vat = await form(manager, '/bookings/admin/price', { label: 'Laser', unit: 'minute', unitEuros: '0,50', vatPercent: '120' }).expect(400);
      expect(vat.text).toMatch(/name="vatPercent"[^>]*value="120" aria-invalid="true"[^>]*><span class="field-error"[^>]*>TVA : un pourcentage entre 0 et 100/);
      expect(vat.text).toContain('value="0,50"');
      expect((await as(t, manager).get('/api/charges/prices').expect(200)).body).toHaveLength(before);
    });

    it('says the refusal in English on an English page, by field, for a page form and for the API', async () => {
      const english = await t
        .http()
        .post('/bookings/admin/price')
        .set('Cookie', `fablab_session=${manager}; lang=en`)
        .set('Origin', t.url)
        .type('form')
        .send({ label: 'Laser', unit: 'minute', unitEuros: '0,50', vatPercent: '120' })
        .expect(400);
      expect(english.text).toMatch(/name="vatPercent"[^>]*aria-invalid="true"[^>]*><span class="field-error"[^>]*>VAT: a percentage between 0 and 100/);
      const api = await t
        .http()
        .post('/api/inventory/parts')
        .set('Authorization', `Bearer ${manager}`)
        .set('Cookie', 'lang=en')
        .send({ siteId: site.id, name: 'Vis', category: 'visserie', unitCostEuros: '7,505' })
        .expect(400);
      expect(api.body.fields).toEqual({ unitCostEuros: ['Unit cost: euros expected, for example 7.50 (two decimals at most).'] });
      const french = await as(t, manager)
        .post('/api/inventory/parts', { siteId: site.id, name: 'Vis', category: 'visserie', unitCostEuros: '7,505' })
        .expect(400);
      expect(french.body.fields).toEqual({ unitCostEuros: ['Coût unitaire en euros attendu, par exemple 7,50 (deux décimales au plus).'] });
    });
  });

  it("creates a workshop from the form's local time and theme word, and shows it in local time", async () => {
    const text = (await page(manager, '/workshops').expect(200)).text;
    expect(text).toContain('<option value="computer_basics" selected>Premiers pas sur l’ordinateur</option>');
    const created = await as(t, manager)
      .post('/api/workshops', {
        siteId: site.id,
        title: 'Mes premiers e-mails',
        theme: 'email',
        startsAt: '2027-01-12T14:00',
        durationMinutes: 90,
        capacity: 8,
      })
      .expect(201);
    expect(new Date(created.body.startsAt).toISOString()).toBe('2027-01-12T13:00:00.000Z');
  });

  it('leaves no centimes, internal code or ISO timestamp on the pages of a manager with data (the demo)', async () => {
    await seedDemo(t.app, t.config);
    const demoManager = await login(t, DEMO_MANAGER.email, DEMO_MANAGER.password);
    const home = (await page(demoManager, '/today').expect(200)).text;
    const links = [...home.matchAll(/<li[^>]*><a href="(\/[^"?#]*)"/g)].map((m) => m[1]);
    const paths = [...new Set(['/today', ...links, '/bookings/statement', '/repairs/refurbished'])];
    expect(paths).toEqual(expect.arrayContaining(['/today', '/bookings/admin', '/inventory', '/repairs', '/workshops', '/machines']));
    const found: Array<{ path: string; what: string }> = [];
    for (const path of paths) {
      const res = await page(demoManager, path);
      if (res.status >= 500) found.push({ path, what: `HTTP ${res.status}` });
      if (res.status !== 200 || !String(res.headers['content-type']).includes('html')) continue;
      const text = visibleText(res.text);
      if (/centimes|points de base|basis points/i.test(text)) found.push({ path, what: 'centimes' });
      for (const code of CODES) if (text.includes(code)) found.push({ path, what: code });
      const iso = ISO_TIMESTAMP.exec(text);
      if (iso) found.push({ path, what: text.slice(Math.max(0, iso.index - 40), iso.index + 30) });
    }
    expect(found).toEqual([]);
  });
});
