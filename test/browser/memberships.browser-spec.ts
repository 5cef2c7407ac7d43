import { Browser, chromium } from 'playwright-core';
import { adminToken, createMachine, createManager, createSite } from '../factories/api.factory';
import { createMember } from '../factories/trainings.factory';
import { startTestApp, TestApp } from '../e2e/harness';
import { CHROMIUM_ARGS, watchErrors } from './support';

/** A manager sets up a plan and a pack from a phone; a member joins and finds the « Payer » link. */
describe('membership pages on a 390 px phone in headless Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let manager: string;
  let site: { id: string };

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await adminToken(t);
    site = await createSite(t, admin);
    manager = (await createManager(t, admin, site.id)).token;
    await createMachine(t, manager, site.id, { type: 'laser', name: 'Découpeuse laser' });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function phone(token: string) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await context.addCookies([{ name: 'fablab_session', value: token, url: t.url }]);
    return context;
  }
  const overflow = (page: import('playwright-core').Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  it('lets a manager create a plan with a price typed with a comma, a category price and a pack', async () => {
    const context = await phone(manager);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${t.url}/memberships/admin`);
    await page.getByRole('heading', { name: 'Adhésions et packs d’heures' }).waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    const planForm = page.locator('form[data-api="/api/memberships/plans"]');
    await planForm.getByLabel('Nom', { exact: true }).fill('Adhésion individuelle');
    await planForm.getByLabel(/Prix pour tout le monde/).fill('20,50');
    await planForm.getByRole('button', { name: 'Créer' }).tap();
    await page.locator('article.plan').getByText('20,50').waitFor();
    const priceForm = page.locator('article.plan form[data-method="PUT"]');
    await priceForm.getByLabel('Catégorie').selectOption('etudiant');
    await priceForm.getByLabel('Prix en euros').fill('7,5');
    await priceForm.getByRole('button', { name: 'Enregistrer' }).tap();
    await page.locator('article.plan li', { hasText: 'Étudiant·e' }).getByText(/7,50/).waitFor();
    const packForm = page.locator('form[data-api="/api/packs/offers"]');
    await packForm.getByLabel('Nom', { exact: true }).fill('Pack 10 h laser');
    await packForm.getByLabel(/ou type de machine/).selectOption('laser');
    await packForm.getByLabel(/Heures/).fill('10');
    await packForm.getByLabel(/Prix TTC/).fill('90');
    await packForm.getByRole('button', { name: 'Créer' }).tap();
    await page.locator('li[data-offer]').getByText('Pack 10 h laser').waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('lets a member join and shows the « Payer » link to the payments page, without sideways scrolling', async () => {
    const member = await createMember(t, manager, site.id, { firstName: 'Amina' });
    const context = await phone(member.token);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${t.url}/adhesion`);
    await page.getByText('Votre tarif (Standard) : 20,50').waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.getByRole('button', { name: 'Adhérer' }).tap();
    const pay = page.locator('#my-membership a', { hasText: 'Payer' });
    await pay.waitFor();
    expect(await pay.getAttribute('href')).toMatch(/^\/pay\/membership\/[0-9a-f-]{36}$/);
    expect((await pay.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await page.locator('#packs').getByRole('button', { name: 'Acheter' }).tap();
    await page.locator('#my-packs a', { hasText: 'Payer' }).waitFor();
    expect(await page.locator('#my-packs a', { hasText: 'Payer' }).getAttribute('href')).toMatch(/^\/pay\/pack\//);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
