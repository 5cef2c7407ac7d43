import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Browser, chromium } from 'playwright-core';
import { adminToken, createMachine, createManager, createPerson, createSite } from '../factories/api.factory';
import { sampleGcode } from '../factories/gcode.factory';
import { startTestApp, TestApp } from '../e2e/harness';
import { CHROMIUM_ARGS } from './support';

const SHOTS = path.join(__dirname, '..', '..', 'test-results');
const MAKER = { email: 'lea@browser.fablab', password: 'lea-password-1' };

/** A maker sending a print from a phone, and watching it reach the queue live. */
describe('fabrication jobs on a phone in headless Chromium', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fablab-jobs-browser-'));
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    t = await startTestApp({ DATA_DIR: dataDir });
    const admin = await adminToken(t);
    const site = await createSite(t, admin, { name: 'Fablab des Capucins' });
    const manager = await createManager(t, admin, site.id);
    await createMachine(t, manager.token, site.id, { name: 'Prusa MK4', type: 'printer', profile: { workArea: { x: 250, y: 210, z: 220 } } });
    await createPerson(t, manager.token, site.id, { firstName: 'Léa', role: 'maker', ...MAKER });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends a G-code file from a 390×844 screen and sees it queued with its place', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(`${t.url}/jobs`);
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel('E-mail').fill(MAKER.email);
    await page.getByLabel('Mot de passe').fill(MAKER.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(`${t.url}/jobs`);

    await page.getByLabel('Fichier G-code (.gcode, .nc)').setInputFiles({
      name: 'porte-cles.gcode',
      mimeType: 'text/plain',
      buffer: Buffer.from(await sampleGcode('prusaslicer', { thumbnail: true })),
    });
    await page.getByLabel('Matériau').fill('PLA');
    const send = page.getByRole('button', { name: 'Envoyer' });
    expect((await send.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await send.tap();
    await page.waitForURL(`${t.url}/jobs`);
    const card = page.locator('article.job', { hasText: 'porte-cles.gcode' });
    // Analysed in the background; the page follows by itself.
    await card.getByText('En file').waitFor({ timeout: 30_000 });
    await card.getByText('Place dans la file').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(SHOTS, 'jobs-phone.png'), fullPage: true });
    await context.close();
  }, 90_000);
});
