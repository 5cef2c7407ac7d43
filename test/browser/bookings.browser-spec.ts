import { Browser, chromium } from 'playwright-core';
import { adminToken, createMachine, createManager, createSite, createTraining } from '../factories/api.factory';
import { bookingMaker, makeBookable } from '../factories/bookings.factory';
import { startTestApp, TestApp } from '../e2e/harness';
import { CHROMIUM_ARGS } from './support';


/** Booking on a phone: a week of free slots in French, tapping one books it. */
describe('bookings pages on a phone in headless Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let maker: Awaited<ReturnType<typeof bookingMaker>>;

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await adminToken(t);
    const site = await createSite(t, admin, { name: 'Fab lab des Capucins' });
    const manager = (await createManager(t, admin, site.id)).token;
    const laser = await createMachine(t, manager, site.id, { name: 'Découpeuse laser Trotec', type: 'laser' });
    const training = await createTraining(t, manager, site.id);
    await makeBookable(t, manager, laser.id, { slotMinutes: 60, minMinutes: 60 });
    maker = await bookingMaker(t, manager, site.id, { trainingId: training.id, firstName: 'Amina' });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('fits a 360 px screen, and tapping a free slot of next week books it', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    await context.addCookies([{ name: 'fablab_session', value: maker.token, url: t.url }]);
    const page = await context.newPage();
    await page.goto(`${t.url}/bookings`);
    await page.getByRole('link', { name: /Semaine suivante/ }).click();
    await page.getByRole('heading', { name: 'Réserver une machine' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const slot = page.locator('ul.slots button').first();
    const box = await slot.boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    await slot.tap();
    await page.waitForURL(/\/bookings\/mine\?booked=/);
    await page.getByText('C’est réservé').waitFor();
    expect(await page.getByRole('button', { name: 'Annuler cette réservation' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Annuler cette réservation' }).click();
    await page.waitForURL(/\/bookings\/mine$/);
    await page.getByText('Annulée').waitFor();
    await context.close();
  });
});
