import * as fs from 'node:fs';
import * as path from 'node:path';
import sharp from 'sharp';
import { Browser, chromium } from 'playwright-core';
import { adminToken, as, createManager, createSite } from '../factories/api.factory';
import { readyDevice } from '../factories/repairs.factory';
import { startTestApp, TestApp } from '../e2e/harness';
import { CHROMIUM_ARGS, watchErrors } from './support';

const SHOTS = path.join(__dirname, '..', '..', 'test-results');

/** A person on low income asks for a refurbished laptop from their phone, without an account. */
describe('public catalogue of refurbished devices on a phone in headless Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let manager: string;
  let slug: string;
  let deviceId: string;

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    t = await startTestApp();
    const admin = await adminToken(t);
    const site = await createSite(t, admin, { name: 'Atelier des Capucins' });
    slug = site.slug;
    manager = (await createManager(t, admin, site.id)).token;
    await as(t, manager)
      .put('/api/repairs/settings', {
        siteId: site.id,
        catalogueOpen: true,
        eligibilityCriteria: [
          { code: 'minima_sociaux', label: 'Bénéficiaire des minima sociaux' },
          { code: 'job_seeker', label: "Demandeur d'emploi" },
        ],
      })
      .expect(200);
    const photo = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#369' } })
      .jpeg()
      .toBuffer();
    deviceId = await readyDevice(t, manager, site.id, { priceCents: 0, photo });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('picks a device, ticks a situation and gets a request number, on a 390×844 screen', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'fr-FR' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${t.url}/catalogue/${slug}`);
    await page.getByText('Gratuit (don)').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.getByRole('link', { name: 'Voir et demander' }).tap();
    await page.waitForURL(`${t.url}/catalogue/${slug}/${deviceId}`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // Nothing ticked: the reason shows beside the situations, in French.
    await page.getByLabel('Votre prénom ou nom').fill('Samia');
    await page.getByLabel('Téléphone ou e-mail').fill('06 12 34 56 78');
    await page.getByRole('button', { name: 'Envoyer ma demande' }).tap();
    await page.getByText('Cochez la situation qui vous concerne', { exact: false }).first().waitFor();

    await page.getByLabel("Demandeur d'emploi").check();
    await page.getByRole('button', { name: 'Envoyer ma demande' }).tap();
    const reference = page.locator('#request-ref');
    await reference.waitFor({ state: 'visible' });
    expect(await reference.textContent()).toMatch(/^D-[0-9A-F]{6}$/);
    await page.screenshot({ path: path.join(SHOTS, 'catalogue-request-phone.png'), fullPage: true });

    const waiting = (await as(t, manager).get('/api/repairs/requests').expect(200)).body;
    expect(waiting[0]).toMatchObject({ status: 'waiting', name: 'Samia', eligibility: ['job_seeker'], deviceId });
    // The refused first try is a 400 the browser logs; nothing else may go wrong.
    expect(errors.filter((e) => !e.includes('400'))).toEqual([]);
    await context.close();
  });
});
