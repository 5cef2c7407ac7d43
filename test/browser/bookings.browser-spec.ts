import { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { adminToken, as, createMachine, createManager, createSite, createTraining } from '../factories/api.factory';
import { bookingMaker, makeBookable } from '../factories/bookings.factory';
import { startTestApp, TestApp } from '../e2e/harness';
import { CHROMIUM_ARGS, watchErrors } from './support';

const SCREENS = [
  { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, columns: 1 },
  { name: 'desktop', viewport: { width: 1920, height: 1080 }, isMobile: false, hasTouch: false, columns: 7 },
] as const;

/**
 * Booking through the pages only, on a phone and a desktop: pick a machine, a start on the week
 * calendar and a length, see the price, confirm, move it, cancel it; never a horizontal scroll nor
 * a console error. A maker with no training is not offered the machine.
 */
describe('booking pages in headless Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let manager: string;
  let siteId: string;
  let trainingId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await adminToken(t);
    const site = await createSite(t, admin, { name: 'Fab lab des Capucins', timezone: 'Europe/Paris' });
    siteId = site.id;
    manager = (await createManager(t, admin, site.id)).token;
    const laser = await createMachine(t, manager, site.id, { name: 'Découpeuse laser Trotec', type: 'laser' });
    const cnc = await createMachine(t, manager, site.id, { name: 'Fraiseuse Shaper', type: 'cnc' });
    trainingId = (await createTraining(t, manager, site.id)).id;
    await createTraining(t, manager, site.id, { name: 'Fraiseuse numérique', machineTypes: ['cnc'] });
    await makeBookable(t, manager, laser.id, { slotMinutes: 30, minMinutes: 30, maxMinutes: 240 });
    await makeBookable(t, manager, cnc.id, { slotMinutes: 30, minMinutes: 30 });
    await as(t, manager)
      .put(`/api/bookings/sites/${site.id}/hours`, { weekly: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: '09:00', closes: '18:00' })) })
      .expect(200);
    await as(t, manager)
      .post('/api/charges/prices', { siteId: site.id, label: 'Laser, tarif public', machineId: laser.id, unit: 'slot', slotMinutes: 30, unitCents: 500 })
      .expect(201);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function open(screen: (typeof SCREENS)[number], token: string) {
    const context = await browser.newContext({
      viewport: screen.viewport,
      isMobile: screen.isMobile,
      hasTouch: screen.hasTouch,
      locale: 'fr-FR',
      timezoneId: 'UTC',
    });
    await context.addCookies([{ name: 'fablab_session', value: token, url: t.url }]);
    const page = await context.newPage();
    return { context, page, errors: watchErrors(page) };
  }

  const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  const press = (page: Page, screen: (typeof SCREENS)[number], name: string | RegExp) =>
    screen.hasTouch ? page.getByRole('button', { name }).tap() : page.getByRole('button', { name }).click();

  for (const screen of SCREENS) {
    it(`books, moves and cancels on a ${screen.name} (${screen.viewport.width}×${screen.viewport.height})`, async () => {
      const maker = await bookingMaker(t, manager, siteId, { trainingId, firstName: screen.name === 'phone' ? 'Amina' : 'Yacine' });
      const { context, page, errors } = await open(screen, maker.token);
      try {
        await page.goto(`${t.url}/bookings`);
        await page.getByRole('heading', { name: 'Réserver une machine' }).waitFor();
        await expect(page.locator('.booking-locked').getByText('Formation requise : Fraiseuse numérique').isVisible()).resolves.toBe(true);
        expect(await page.getByRole('link', { name: 'Fraiseuse Shaper' }).count()).toBe(0);
        await page.getByRole('link', { name: 'Découpeuse laser Trotec' }).click();
        // Next week (the phone a week later still), so every slot of the day is ahead of us.
        await page.getByRole('link', { name: /Semaine suivante/ }).click();
        if (screen.name === 'desktop') await page.getByRole('link', { name: /Semaine suivante/ }).click();
        await page.locator('.booking-grid').waitFor();
        expect(await page.locator('.booking-grid thead th.booking-day:visible').count()).toBe(screen.columns);
        expect(await overflow(page)).toBeLessThanOrEqual(0);

        const ten = page.locator('.booking-grid td.is-free a[aria-label*="à 10:00"]:visible').first();
        expect((await ten.boundingBox())!.height).toBeGreaterThanOrEqual(44);
        await (screen.hasTouch ? ten.tap() : ten.click());
        await page.waitForURL(/time=10:00/);
        expect(await page.getByLabel(/Heure de début/).inputValue()).toBe('10:00');
        await page.getByLabel('Durée', { exact: true }).selectOption('90');
        await press(page, screen, 'Voir le prix et le récapitulatif');
        await page.getByRole('heading', { name: 'Vérifiez puis confirmez' }).waitFor();
        // 3 half-hours × 5,00 € HT + 20 % VAT.
        await page.getByText('18,00 € TTC').waitFor();
        await page.getByText('10:00–11:30 (1 h 30)').waitFor();
        expect(await overflow(page)).toBeLessThanOrEqual(0);
        await press(page, screen, 'Confirmer la réservation');
        await page.waitForURL(/\/bookings\/mine\?booked=/);
        await page.getByText(/C’est réservé : Découpeuse laser Trotec, .*10:00–11:30\./).waitFor();
        expect(await overflow(page)).toBeLessThanOrEqual(0);

        await page.getByRole('link', { name: 'Changer l’horaire ou la durée' }).click();
        await page.getByRole('heading', { name: 'Changer ma réservation' }).waitFor();
        expect(await overflow(page)).toBeLessThanOrEqual(0);
        await page.getByLabel(/Heure de début/).fill('14:00');
        await page.getByLabel('Durée', { exact: true }).selectOption('120');
        await press(page, screen, 'Voir le prix et le récapitulatif');
        await page.getByRole('heading', { name: 'Vérifiez le changement puis confirmez' }).waitFor();
        await page.getByText('24,00 € TTC').waitFor();
        await press(page, screen, 'Confirmer le changement');
        await page.waitForURL(/\/bookings\/mine\?moved=/);
        await page.getByText(/Réservation changée : Découpeuse laser Trotec, .*14:00–16:00\./).waitFor();

        await press(page, screen, 'Annuler cette réservation');
        await page.waitForURL(/\/bookings\/mine\?cancelled=/);
        await page.getByText(/Réservation annulée : Découpeuse laser Trotec/).waitFor();
        expect(await overflow(page)).toBeLessThanOrEqual(0);
        await press(page, screen, 'Obtenir le lien secret de mon agenda (ICS)');
        await page.getByRole('link', { name: 'Ajouter à mon agenda (lien secret)' }).waitFor();
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    }, 60_000);
  }

  it('does not offer the machines to a maker with no training, and says which training opens them', async () => {
    const novice = await bookingMaker(t, manager, siteId, { firstName: 'Zoé' });
    const { context, page, errors } = await open(SCREENS[0], novice.token);
    try {
      await page.goto(`${t.url}/bookings`);
      await page.getByText('Formation requise : Découpe laser').waitFor();
      expect(await page.getByRole('link', { name: 'Découpeuse laser Trotec' }).count()).toBe(0);
      expect(await page.locator('.booking-grid').count()).toBe(0);
      expect(await page.locator('form[action="/bookings/quote"]').count()).toBe(0);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
