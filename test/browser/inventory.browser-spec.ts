import * as fs from 'node:fs';
import * as path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { adminToken, createManager, createSite } from '../factories/api.factory';
import { startTestApp, TestApp } from '../e2e/harness';
import { CHROMIUM_ARGS, logIn, watchErrors } from './support';

const SHOTS = path.join(__dirname, '..', '..', 'test-results');

/** A manager stocks a new part and a volunteer's ticket uses it — through the pages only. */
describe('spare parts from the pages in headless Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let manager: { email: string };

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    t = await startTestApp();
    const admin = await adminToken(t);
    const site = await createSite(t, admin, { name: 'Atelier du Marché' });
    manager = await createManager(t, admin, site.id);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const submit = async (page: Page, button: string) => {
    await page.getByRole('button', { name: button }).click();
    await page.waitForLoadState('load');
  };

  it('creates a location and a part, receives stock, and uses the part on a repair ticket', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await logIn(page, t.url, { email: manager.email, password: 'manager-password-1' }, '/inventory');

    await page.getByLabel("Nom de l'emplacement").fill('Étagère B');
    await page.getByLabel('Sorte').selectOption({ label: 'Étagère' });
    await submit(page, "Créer l'emplacement");
    await page.locator('li', { hasText: 'Étagère B (Étagère)' }).waitFor();

    await page.getByLabel('Nom de la pièce').fill('Batterie Fairphone 3');
    await page.getByLabel('Catégorie', { exact: true }).fill('batterie');
    await page.getByLabel(/Modèles compatibles/).fill('FP3, FP3+');
    await page.getByLabel(/Coût unitaire en euros/).fill('34,90');
    await submit(page, 'Créer la pièce');
    const row = page.locator('tr', { hasText: 'Batterie Fairphone 3' });
    await row.waitFor();
    await row.getByText('34,90 €').waitFor();

    // A typo in the cost, corrected from the row's « Modifier ».
    await row.locator('summary', { hasText: 'Modifier' }).click();
    await row.getByLabel(/Coût unitaire en euros/).fill('3,499');
    await row.getByLabel(/Coût unitaire en euros/).evaluate((el) => el.removeAttribute('pattern'));
    await row.getByRole('button', { name: 'Enregistrer les changements' }).click();
    // The reason sits under the cost field (aria-invalid, aria-describedby to it); the box above the button points there.
    await row.locator('.field-error', { hasText: 'Coût unitaire en euros attendu' }).waitFor();
    const cost = row.getByLabel(/Coût unitaire en euros/);
    expect(await cost.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await cost.getAttribute('aria-describedby'))!.split(' ');
    expect(describedBy).toContain(await row.locator('.field-error').getAttribute('id'));
    await row.locator('.form-message.error', { hasText: 'Vérifiez les champs signalés.' }).waitFor();
    expect(await row.getByLabel(/Coût unitaire en euros/).inputValue()).toBe('3,499');
    await row.getByLabel(/Coût unitaire en euros/).fill('32,50');
    await row.getByRole('button', { name: 'Enregistrer les changements' }).click();
    await page.locator('tr', { hasText: 'Batterie Fairphone 3' }).getByText('32,50 €').waitFor();

    await page.locator('#m-part').selectOption({ label: 'Batterie Fairphone 3' });
    await page.locator('#m-loc').selectOption({ label: 'Étagère B' });
    await page.locator('#m-kind').selectOption('received');
    await page.locator('#m-q').fill('3');
    await submit(page, 'Enregistrer');
    await row.locator('td').nth(1).filter({ hasText: /^3$/ }).waitFor();

    await page.goto(`${t.url}/repairs`);
    await page.getByLabel("Type d'appareil").selectOption('phone');
    await page.getByLabel('Panne signalée').fill('Ne tient plus la charge');
    await page.getByLabel('Marque').fill('Fairphone');
    await page.getByLabel('Modèle').fill('FP3');
    await page.getByRole('button', { name: 'Enregistrer l’appareil' }).click();
    const item = page.locator('#bench > li', { hasText: 'Fairphone' });
    await item.waitFor();
    await item.getByRole('link', { name: 'Ouvrir la fiche' }).click();
    await page.waitForURL(/\/repairs\/[0-9a-f-]{36}$/);
    await page.locator('#p-part').selectOption({ label: '✓ Batterie Fairphone 3 (3)' });
    await page.locator('#p-q').fill('1');
    await page.getByRole('button', { name: 'Prendre', exact: true }).click();
    await page.locator('li', { hasText: '1 × Batterie Fairphone 3' }).waitFor();

    await page.goto(`${t.url}/inventory`);
    await page.locator('tr', { hasText: 'Batterie Fairphone 3' }).locator('td').nth(1).filter({ hasText: /^2$/ }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'inventory-forms.png'), fullPage: true });
    // The refused cost is the only console error (Chromium logs every HTTP error).
    expect(errors.filter((e) => !e.includes('400'))).toEqual([]);
    await context.close();
  }, 60_000);
});
