import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import sharp from 'sharp';
import { adminToken, as, createManager, createSite } from '../factories/api.factory';
import { startTestApp, TestApp } from '../e2e/harness';
import { CHROMIUM_ARGS, watchErrors } from './support';

type CspWindow = { cspViolations: string[] };

/**
 * The public map of places (/lieux) in a real browser, under its CSP: Leaflet (served by us) draws
 * the places with OpenStreetMap tiles (answered here by a stand-in, no network), with no CSP
 * violation; without JavaScript the plain list has every place. And a manager publishes the site
 * from the settings page.
 */
describe('the public map of places, in headless Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let manager: string;
  let siteId: string;
  let tile: Buffer;
  const tilesAsked: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await adminToken(t);
    const a = await createSite(t, admin, { name: 'Fab lab des Capucins' });
    const b = await createSite(t, admin, { name: 'Repair café du Moulin' });
    const c = await createSite(t, admin, { name: 'Atelier sans fiche' });
    siteId = c.id;
    manager = (await createManager(t, admin, c.id)).token;
    const base = { published: true, pivot: '13002526500013', services: ['Loisirs et créations numériques'] };
    await as(t, admin)
      .put(`/api/places/sites/${a.id}`, { ...base, address: '1 rue des Capucins', postalCode: '69001', commune: 'Lyon', latitude: 45.7693, longitude: 4.8338 })
      .expect(200);
    await as(t, admin)
      .put(`/api/places/sites/${b.id}`, { ...base, address: '2 quai du Moulin', postalCode: '29200', commune: 'Brest', latitude: 48.39, longitude: -4.486 })
      .expect(200);
    tile = await sharp({ create: { width: 256, height: 256, channels: 3, background: '#dde' } })
      .png()
      .toBuffer();
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function open(opts: { js: boolean; who?: string }): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'fr-FR', javaScriptEnabled: opts.js });
    if (opts.who) await context.addCookies([{ name: 'fablab_session', value: opts.who, url: t.url }]);
    await context.addInitScript(() => {
      const w = window as unknown as CspWindow;
      w.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    // The tile server, stood in for: the browser asks it, nothing leaves the machine.
    await context.route('https://tile.openstreetmap.org/**', (route) => {
      tilesAsked.push(route.request().url());
      return route.fulfill({ status: 200, contentType: 'image/png', body: tile });
    });
    const page = await context.newPage();
    return { context, page, errors: watchErrors(page) };
  }

  it('draws both places on the map with OpenStreetMap tiles, with no CSP violation', async () => {
    const { context, page, errors } = await open({ js: true });
    try {
      await page.goto(`${t.url}/lieux`);
      await page.locator('#places-map.leaflet-container').waitFor();
      await page.waitForLoadState('networkidle');
      expect(await page.locator('#places-map path.place-marker').count()).toBe(2);
      expect(await page.locator('#places-map img.leaflet-tile-loaded').count()).toBeGreaterThan(0);
      expect(tilesAsked.length).toBeGreaterThan(0);
      expect(tilesAsked.every((u) => /^https:\/\/tile\.openstreetmap\.org\/\d+\/\d+\/\d+\.png$/.test(u))).toBe(true);
      // A marker's popup links to the place in the list.
      await page.locator('#places-map path.place-marker').first().click({ force: true });
      const link = page.locator('.leaflet-popup-content a');
      await link.waitFor();
      expect(await link.getAttribute('href')).toMatch(/^#lieu-/);
      const violations = await page.evaluate(() => (window as unknown as CspWindow).cspViolations);
      expect({ violations, errors }).toEqual({ violations: [], errors: [] });
    } finally {
      await context.close();
    }
  });

  it('lists every place without JavaScript, and shows no empty map box', async () => {
    const { context, page } = await open({ js: false });
    try {
      await page.goto(`${t.url}/lieux`);
      await page.getByRole('heading', { name: 'Fab lab des Capucins' }).waitFor();
      await page.getByRole('heading', { name: 'Repair café du Moulin' }).waitFor();
      expect(await page.locator('#places-map').isVisible()).toBe(false);
      expect(await page.getByRole('heading', { name: 'Atelier sans fiche' }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('lets the manager publish the site from the settings page, with the reasons beside the fields first', async () => {
    const { context, page, errors } = await open({ js: true, who: manager });
    try {
      await page.goto(`${t.url}/places/settings`);
      await page.getByLabel('Publier la fiche').check();
      await page.getByRole('button', { name: 'Enregistrer' }).click();
      await page.locator('.field-error').first().waitFor();
      expect(await page.locator('.field-error').allTextContents()).toEqual(
        expect.arrayContaining([expect.stringMatching(/SIRET ou RNA : obligatoire pour publier/), expect.stringMatching(/Commune : obligatoire pour publier/)]),
      );
      await page.getByLabel('SIRET').fill('130 025 265 00013');
      await page.getByLabel('Adresse (numéro et voie)').fill('5 rue de l’Atelier');
      await page.getByLabel('Code postal').fill('35000');
      await page.getByLabel('Commune', { exact: true }).fill('Rennes');
      await page.getByLabel('Latitude').fill('48,1147');
      await page.getByLabel('Longitude').fill('-1,6794');
      await page.getByRole('textbox', { name: /Téléphone/ }).fill('02 99 00 00 00');
      await page.getByLabel('Accès internet et matériel informatique').check();
      await page.getByLabel('Ressourcerie').check();
      await page.getByRole('button', { name: 'Enregistrer' }).click();
      await page.locator('#place-state', { hasText: /^Publiée$/ }).waitFor();
      const saved = (await as(t, manager).get(`/api/places/sites/${siteId}`).expect(200)).body;
      expect(saved.record).toMatchObject({
        telephone: '+33299000000',
        latitude: '48.1147',
        longitude: '-1.6794',
        typologie: 'RESSOURCERIE',
        commune: 'Rennes',
      });
      // The one refusal above is the browser's only complaint.
      expect(errors).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
    } finally {
      await context.close();
    }
  });
});
