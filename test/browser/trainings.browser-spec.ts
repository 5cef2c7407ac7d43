import { Browser, chromium } from 'playwright-core';
import { adminToken, createMachine, createManager, createPerson, createSite, createTraining, isoDaysAgo, recordPass } from '../factories/api.factory';
import { createMember } from '../factories/trainings.factory';
import { startTestApp, TestApp } from '../e2e/harness';
import { DataSource } from 'typeorm';
import { MachineSample } from '../../src/machines/entities/machine-sample.entity';
import { CHROMIUM_ARGS, watchErrors } from './support';

/** A manager suspends a qualification and a trainer records a session, on a phone. */
describe('trainings pages on a phone in headless Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let manager: string;
  let site: { id: string };
  let training: { id: string };
  let machine: { id: string };

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await adminToken(t);
    site = await createSite(t, admin);
    manager = (await createManager(t, admin, site.id)).token;
    training = await createTraining(t, manager, site.id, { name: 'Découpe laser' });
    machine = await createMachine(t, manager, site.id);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function phone(token: string) {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    await context.addCookies([{ name: 'fablab_session', value: token, url: t.url }]);
    return context;
  }
  const overflow = (page: import('playwright-core').Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  it('lets a manager suspend a qualification with a reason, then lift it', async () => {
    const person = await createPerson(t, manager, site.id, { firstName: 'Amina', lastName: 'Kaci' });
    await recordPass(t, manager, person.id, training.id, isoDaysAgo(2));
    const context = await phone(manager);
    const page = await context.newPage();
    page.on('dialog', (d) => void d.accept());
    await page.goto(`${t.url}/people/${person.id}/qualifications`);
    await page.getByRole('heading', { name: 'Habilitations de Amina Kaci' }).waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.getByLabel(/Raison de la suspension/).fill('Consignes non respectées');
    const button = page.getByRole('button', { name: 'Suspendre' });
    expect((await button.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await button.tap();
    await page.getByText('Consignes non respectées', { exact: false }).last().waitFor();
    await page.locator('li[data-state="suspended"]').waitFor();
    await page.getByRole('button', { name: 'Lever la suspension' }).tap();
    await page.locator('li[data-state="valid"]').waitFor();
    await context.close();
  });

  it('lets a trainer record a session by tapping each person’s result', async () => {
    const trainer = await createMember(t, manager, site.id, { firstName: 'Théo', role: 'trainer' });
    const learner = await createPerson(t, manager, site.id, { firstName: 'Lucie', lastName: 'Bernard' });
    const context = await phone(trainer.token);
    const page = await context.newPage();
    await page.goto(`${t.url}/trainings/sessions`);
    await page.getByRole('heading', { name: 'Sessions de formation' }).first().waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.getByLabel('Chercher une personne').fill('Lucie');
    await page.locator(`input[name="r_${learner.id}"][value="passed"]`).check();
    await page.getByRole('button', { name: 'Enregistrer la session' }).tap();
    await page.locator('#sessions').getByText('Lucie Bernard : Reçu·e').waitFor();
    await context.close();
  });

  it('shows a machine’s history without sideways scrolling', async () => {
    const context = await phone(manager);
    const page = await context.newPage();
    await page.goto(`${t.url}/machines/${machine.id}/history`);
    await page.getByRole('link', { name: 'Télécharger (CSV)' }).waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await context.close();
  });

  it('draws the machine’s telemetry on a phone, within the strict CSP', async () => {
    // Two runs of readings a minute apart (the default interval), an hour without any between them.
    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    await t.app
      .get(DataSource)
      .getRepository(MachineSample)
      .insert(
        [130, 129, 128, 70, 69, 68].map((minutesAgo) => ({
          machineId: machine.id,
          siteId: site.id,
          at: new Date(minute - minutesAgo * 60_000),
          progress: null,
          powerW: 40 + minutesAgo,
          temps: { hotend: { actual: 200 + minutesAgo / 10 }, bed: { actual: 60 } },
        })),
      );
    const context = await phone(manager);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${t.url}/machines/${machine.id}/history`);
    const power = page.getByRole('img', { name: /^Puissance : min 108 W, max 170 W, dernière 108 W/ });
    await power.waitFor();
    expect((await power.boundingBox())!.width).toBeGreaterThan(250);
    expect(await page.locator('svg.chart polyline').count()).toBe(6); // 3 lines, each broken by the hour without readings
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.getByText('Les 10 derniers relevés, en valeurs exactes').tap();
    await page.getByRole('cell', { name: '206,8' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
