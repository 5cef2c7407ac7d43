import * as fs from 'node:fs';
import * as path from 'node:path';
import { Browser, chromium } from 'playwright-core';
import { adminToken, as, createManager, createPerson, createSite, login } from '../factories/api.factory';
import { startTestApp, TestApp } from '../e2e/harness';
import { CHROMIUM_ARGS, logIn, watchErrors } from './support';

const SHOTS = path.join(__dirname, '..', '..', 'test-results');
const VOLUNTEER = { email: 'yacine@browser.fablab', password: 'yacine-password-1' };

/** A repair volunteer at the bench, on a phone. */
describe('repair bench on a phone in headless Chromium', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    t = await startTestApp();
    const admin = await adminToken(t);
    const site = await createSite(t, admin, { name: 'Atelier des Capucins' });
    const manager = await createManager(t, admin, site.id);
    await createPerson(t, manager.token, site.id, { firstName: 'Yacine', lastName: 'Benali', role: 'volunteer', ...VOLUNTEER });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('takes a device in and moves its ticket one step, from a 390×844 screen', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(`${t.url}/repairs`);
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel('E-mail').fill(VOLUNTEER.email);
    await page.getByLabel('Mot de passe').fill(VOLUNTEER.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(`${t.url}/repairs`);

    await page.getByLabel("Type d'appareil").selectOption('phone');
    await page.getByLabel('Panne signalée').fill("L'écran ne s'allume plus");
    await page.getByLabel('Marque').fill('Fairphone');
    await page.getByLabel('Modèle').fill('FP3');
    await page.getByRole('button', { name: 'Enregistrer l’appareil' }).click();

    const item = page.locator('#bench > li', { hasText: 'Fairphone' });
    await item.waitFor();
    await item.getByText('Reçu', { exact: true }).waitFor();
    // No horizontal scrolling on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const button = item.getByRole('button', { name: 'Diagnostiqué' });
    const box = await button.boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    await button.tap();
    await page.locator('#bench > li', { hasText: 'Fairphone' }).getByText('Diagnostiqué', { exact: true }).first().waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'repairs-bench-phone.png'), fullPage: true });

    await page.locator('#bench > li', { hasText: 'Fairphone' }).getByRole('link', { name: 'Ouvrir la fiche' }).tap();
    await page.waitForURL(/\/repairs\/[0-9a-f-]{36}$/);
    await page.locator('#ticket-status', { hasText: 'Diagnostiqué' }).waitFor();
    const steps = await page.locator('table tbody tr').allTextContents();
    expect(steps.join(' ')).toContain('Yacine B.');
    expect(steps).toHaveLength(2);
    await context.close();
  }, 60_000);

  it('ticks the refurbishment checklist of a donated phone from the phone', async () => {
    const token = await login(t, VOLUNTEER.email, VOLUNTEER.password);
    await as(t, token)
      .post('/api/repairs/intake', { purpose: 'refurbish', category: 'phone', brand: 'Samsung', model: 'A52', reportedFault: 'Don' })
      .expect(201);
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'fr-FR' });
    await context.addCookies([{ name: 'fablab_session', value: token, url: t.url }]);
    const page = await context.newPage();
    await page.goto(`${t.url}/repairs/refurbished`);
    const card = page.locator('section.card', { hasText: 'Samsung A52' });
    await card.getByText('Pas d’effacement vérifié').waitFor();
    for (const box of await card.locator('input[data-item]').all()) await box.check();
    await card.getByLabel('Grade').selectOption('B');
    // A price the server refuses: its reason beside the price, what was typed kept.
    const price = card.locator('.refurb-form input[name="priceEuros"]');
    await price.fill('250000');
    const refused = page.waitForResponse((r) => r.url().endsWith('/refurbishment') && r.request().method() === 'PUT');
    await card.getByRole('button', { name: 'Enregistrer', exact: true }).tap();
    expect((await refused).status()).toBe(400);
    await card.locator('.refurb-form .field-error').waitFor();
    expect(await price.getAttribute('aria-invalid')).toBe('true');
    expect(await price.inputValue()).toBe('250000');
    expect(await card.locator('.refurb-form .form-message').textContent()).toContain('Vérifiez les champs signalés');
    // A price typed as people write it, with a comma: kept in cents by the API.
    await price.fill('45,50');
    const saved = page.waitForResponse((r) => r.url().endsWith('/refurbishment') && r.request().method() === 'PUT');
    await card.getByRole('button', { name: 'Enregistrer', exact: true }).tap();
    expect((await saved).status()).toBe(200);
    await page.waitForLoadState('load');
    await page.locator('section.card', { hasText: 'Samsung A52' }).locator('input[data-item]:checked').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(SHOTS, 'repairs-refurbished-phone.png'), fullPage: true });
    const device = (await as(t, token).get('/api/repairs/refurbished').expect(200)).body.find((d: any) => d.brand === 'Samsung');
    expect(device).toMatchObject({ grade: 'B', checklistDone: true, priceCents: 4550 });
    expect(await page.locator('section.card', { hasText: 'Samsung A52' }).locator('.refurb-form input[name="priceEuros"]').inputValue()).toBe('45,50');
    await context.close();
  }, 60_000);

  it("plans a repair café, takes a device in for it and finds it on the day's page, from a 390×844 screen", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'fr-FR' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    const noSideScroll = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await logIn(page, t.url, VOLUNTEER, '/repairs/events');

    await page.getByLabel('Nom et lieu').fill('Repair café de la salle des fêtes');
    await page.getByRole('button', { name: 'Créer le repair café' }).tap();
    const event = page.locator('#upcoming-events > li', { hasText: 'Repair café de la salle des fêtes' });
    await event.getByText('Aujourd’hui').waitFor();
    await expect(event.locator('.event-outcomes').textContent()).resolves.toBe('0 appareil');
    await noSideScroll();
    await page.screenshot({ path: path.join(SHOTS, 'repair-events-phone.png'), fullPage: true });

    await event.getByRole('link', { name: 'Repair café de la salle des fêtes' }).tap();
    await page.waitForURL(/\/repairs\/events\/[0-9a-f-]{36}$/);
    const eventUrl = page.url();
    await page.getByText('Aucun appareil accueilli pour ce repair café.').waitFor();
    await page.getByRole('link', { name: 'Accueillir un appareil pour ce repair café' }).tap();
    await page.waitForURL(/\/repairs\?event=/);
    await page.getByLabel("Type d'appareil").selectOption('kitchen');
    await page.getByLabel('Panne signalée').fill('Le grille-pain ne chauffe plus');
    await page.getByLabel('Marque').fill('Moulinex');
    await page.getByRole('button', { name: 'Enregistrer l’appareil' }).tap();

    await page.waitForURL(eventUrl);
    const device = page.locator('#event-devices > li', { hasText: 'Moulinex' });
    await device.getByText('Reçu', { exact: true }).waitFor();
    await expect(page.locator('.figures li').first().textContent()).resolves.toContain('1');
    await noSideScroll();
    await page.screenshot({ path: path.join(SHOTS, 'repair-event-day-phone.png'), fullPage: true });
    await device.getByRole('link', { name: /Moulinex/ }).tap();
    await page.waitForURL(/\/repairs\/[0-9a-f-]{36}$/);
    await page.locator('#ticket-status', { hasText: 'Reçu' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
