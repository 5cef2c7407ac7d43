import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { adminToken, createMachine, createManager, createSite, createTraining } from '../factories/api.factory';
import { bookingMaker, makeBookable } from '../factories/bookings.factory';
import { startTestApp, TestApp } from '../e2e/harness';
import { CHROMIUM_ARGS, watchErrors } from './support';

/** A tag with a style attribute, or a <style> element without a nonce (what 'unsafe-inline' used to let through). */
const INLINE_STYLE = /<[a-z][^>]*\sstyle\s*=|<style\b(?![^>]*\bnonce=)/i;

type CspWindow = { cspViolations: string[] };

/**
 * Key pages under the CSP without 'unsafe-inline' for styles (docs/SECURITY.md): the browser
 * reports no violation, and what the pages' inline <style> used to set now comes from app.css.
 */
describe('pages under a CSP with no inline style, in headless Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let manager: string;
  let maker: string;

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await adminToken(t);
    const site = await createSite(t, admin, { name: 'Fab lab des Capucins' });
    manager = (await createManager(t, admin, site.id)).token;
    const laser = await createMachine(t, manager, site.id, { name: 'Découpeuse laser Trotec', type: 'laser' });
    const training = await createTraining(t, manager, site.id);
    await makeBookable(t, manager, laser.id, { slotMinutes: 60, minMinutes: 60 });
    maker = (await bookingMaker(t, manager, site.id, { trainingId: training.id, firstName: 'Amina' })).token;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** A page of `who` (or logged out), with every CSP violation and console error it reports. */
  async function open(who: string | null): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    if (who) await context.addCookies([{ name: 'fablab_session', value: who, url: t.url }]);
    await context.addInitScript(() => {
      const w = window as unknown as CspWindow;
      w.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
    });
    const page = await context.newPage();
    return { context, page, errors: watchErrors(page) };
  }

  async function visit(who: string | null, path: string, check: (page: Page) => Promise<void>) {
    const { context, page, errors } = await open(who);
    try {
      const res = await page.goto(`${t.url}${path}`);
      expect([path, res!.status()]).toEqual([path, 200]);
      expect(res!.headers()['content-security-policy']).toMatch(/style-src 'self'(;|$)/);
      expect([path, INLINE_STYLE.test(await res!.text())]).toEqual([path, false]);
      await check(page);
      await page.waitForLoadState('networkidle');
      const violations = await page.evaluate(() => (window as unknown as CspWindow).cspViolations);
      expect({ path, violations, errors }).toEqual({ path, violations: [], errors: [] });
    } finally {
      await context.close();
    }
  }

  const style = (page: Page, selector: string, property: string) =>
    page
      .locator(selector)
      .first()
      .evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), property);

  it('shows the login page with no violation', async () => {
    await visit(null, '/login', async (page) => {
      await page.getByLabel('E-mail').waitFor();
    });
  });

  it('shows the wall screen and the machines page with no violation', async () => {
    await visit(manager, '/dashboard', async (page) => {
      await page.getByText('Découpeuse laser Trotec').first().waitFor();
    });
    for (const path of ['/machines', '/machines?wall=1']) {
      await visit(manager, path, async (page) => {
        await page.getByText('Découpeuse laser Trotec').first().waitFor();
      });
    }
  });

  it('lays out the bookings week calendar from app.css (a table of days, tall free cells)', async () => {
    await visit(maker, '/bookings', async (page) => {
      await page.getByRole('link', { name: /Semaine suivante/ }).click();
      await page.locator('.booking-grid td.is-free a').first().waitFor();
      expect(await style(page, '.booking-grid', 'border-collapse')).toBe('collapse');
      expect(await style(page, '.booking-grid', 'table-layout')).toBe('fixed');
      expect(await style(page, '.booking-grid td.is-free a', 'min-height')).toBe('44px');
      expect(await style(page, '.booking-machines', 'list-style-type')).toBe('none');
    });
  });

  it('styles the bookings administration and the repair bench from app.css', async () => {
    await visit(manager, '/bookings/admin', async (page) => {
      await page.locator('h1').first().waitFor();
    });
    await visit(manager, '/repairs', async (page) => {
      expect(await style(page, 'button.big', 'min-height')).toBe('56px');
      expect(await style(page, 'label.choice', 'display')).toBe('flex');
      expect(await style(page, 'label.choice input', 'width')).toBe('28px');
    });
  });
});
