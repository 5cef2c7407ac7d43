import { Browser, chromium, Page } from 'playwright-core';
import { adminToken, as, createManager, createSite } from '../factories/api.factory';
import { createMember } from '../factories/trainings.factory';
import { dayOf } from '../../src/common/local-format';
import { startTestApp, TestApp } from '../e2e/harness';
import { CHROMIUM_ARGS, logIn, watchErrors } from './support';

const noSideScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

/** The desk takes a payment on a phone, the treasurer and the member find its invoice — pages only, 390 px wide. */
describe('payments and invoices from the pages in headless Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let manager: { email: string; token: string };
  let member: { email: string; person: { id: string } };
  let site: { id: string };

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await adminToken(t);
    site = await createSite(t, admin, { name: 'Atelier du Marché' });
    manager = await createManager(t, admin, site.id);
    member = await createMember(t, manager.token, site.id, { firstName: 'Zoé', lastName: 'Payeuse' });
    await as(t, manager.token)
      .post('/api/charges/prices', { siteId: site.id, label: 'PLA', consumable: 'pla', unit: 'gram', unitCents: 10, vatBasisPoints: 2000 })
      .expect(201);
    await as(t, manager.token).post('/api/charges/consumables', { personId: member.person.id, consumable: 'pla', quantity: 75 }).expect(201);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('records a cash payment at the desk, lists the invoice for the treasurer and the member, without sideways scrolling', async () => {
    const phone = { viewport: { width: 390, height: 844 }, locale: 'fr-FR' };
    const context = await browser.newContext(phone);
    const page = await context.newPage();
    const errors = watchErrors(page);
    const month = dayOf(new Date(), 'Europe/Paris').slice(0, 7);
    await logIn(page, t.url, { email: manager.email, password: 'manager-password-1' }, `/desk/checkout?personId=${member.person.id}&month=${month}`);
    await page.getByText('Reste à payer : 9,00 €').waitFor();
    expect(await noSideScroll(page)).toBe(true);
    await page.getByLabel('Moyen de paiement').selectOption({ label: 'espèces' });
    await page.getByRole('button', { name: 'Enregistrer le paiement' }).click();
    await page.getByText('Paiement enregistré, facture émise.').waitFor();

    await page.goto(`${t.url}/treasury`);
    await page.locator('[data-invoice]', { hasText: '9,00 €' }).first().waitFor();
    await page.getByText(/chaînage intacts \(1 pièces\)/).waitFor();
    expect(await noSideScroll(page)).toBe(true);
    expect(errors).toEqual([]);
    await context.close();

    const mine = await browser.newContext(phone);
    const mp = await mine.newPage();
    await logIn(mp, t.url, { email: member.email, password: 'member-password-1' }, '/me/payments');
    await mp.locator('[data-invoice]', { hasText: '9,00 €' }).getByRole('link', { name: 'Télécharger (PDF)' }).waitFor();
    expect(await noSideScroll(mp)).toBe(true);
    await mine.close();
  }, 60_000);
});
