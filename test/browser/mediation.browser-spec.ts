import { Browser, chromium } from 'playwright-core';
import { adminToken, as, createManager, createSite } from '../factories/api.factory';
import { createMediator } from '../factories/mediation.factory';
import { startTestApp, TestApp } from '../e2e/harness';
import { CHROMIUM_ARGS, logIn, watchErrors } from './support';

/** A mediator on a phone logs a home visit for an administrative procedure, in a few taps. */
describe('mediation log on a phone in headless Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let mediator: { email: string; token: string };

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await adminToken(t);
    const site = await createSite(t, admin, { name: 'EPN de Bellevue' });
    const manager = (await createManager(t, admin, site.id)).token;
    mediator = await createMediator(t, manager, site.id);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('logs an accompaniment at home on a 390×844 screen: the commune and the procedure fields come with their choice', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await logIn(page, t.url, { email: mediator.email, password: 'mediator-password-1' }, '/mediation');
    await page.getByRole('link', { name: 'Accompagnement individuel' }).tap();
    await page.getByRole('heading', { name: 'Noter un accompagnement' }).waitFor();

    const commune = page.locator('input[name="placeCommune"]');
    expect(await commune.isVisible()).toBe(false);
    await page.getByLabel('À domicile').tap();
    expect(await commune.isVisible()).toBe(true);
    await commune.fill('Brest');
    await page.locator('input[name="placePostalCode"]').fill('29200');

    const logement = page.getByLabel('Logement', { exact: true });
    expect(await logement.isVisible()).toBe(false);
    await page.getByLabel('Aide aux démarches administratives').tap();
    expect(await logement.isVisible()).toBe(true);
    await page.getByText('Ne notez jamais d’identifiant ni de mot de passe').waitFor();
    await logement.tap();
    await page.getByLabel('Nom de la démarche').fill('Demande d’aide au logement');
    await page.getByLabel('Démarche faite avec un mandat Aidants Connect').tap();
    await page.getByLabel('Téléphone').tap();
    await page.getByLabel('Féminin').tap();
    await page.locator('input[name="birthYear"]').fill('1948');
    await page.getByLabel('Autonome avec guidage en cas de besoin').tap();

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const save = page.getByRole('button', { name: 'Enregistrer' });
    expect((await save.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    if (process.env.SCREENSHOTS) await page.screenshot({ path: '/tmp/mediation-form.png', fullPage: true });
    await save.tap();
    await page.waitForURL(`${t.url}/mediation?done=1`);
    await page.getByText('Activité enregistrée.').waitFor();
    await page.getByText('Accompagnement individuel').first().waitFor();
    await page.getByText('À domicile (Brest)').waitFor();
    if (process.env.SCREENSHOTS) await page.screenshot({ path: '/tmp/mediation-log.png', fullPage: true });

    const log = (await as(t, mediator.token).get('/api/mediation/activities').expect(200)).body;
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      type: 'individuel',
      placeType: 'domicile',
      placeCommune: 'Brest',
      placePostalCode: '29200',
      topics: ['aide_aux_demarches_administratives', 'logement'],
      procedureName: 'Demande d’aide au logement',
      mandateUsed: true,
      equipment: ['telephone'],
      autonomy: 'partiellement_autonome',
      durationMinutes: 30,
    });
    const one = (await as(t, mediator.token).get(`/api/mediation/activities/${log[0].id}`).expect(200)).body;
    expect(one.participants[0]).toMatchObject({ personId: null, gender: 'feminin', firstTime: true });
    expect(one.participants[0].ageBand).toBe('soixante_dix_plus'); // born 1948, logged today
    expect(errors).toEqual([]);
    await context.close();
  });
});
