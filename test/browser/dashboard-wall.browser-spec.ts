import * as fs from 'node:fs';
import * as path from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import {
  adminToken,
  createBadge,
  createMachine,
  createPerson,
  createSite,
  createTraining,
  isoDaysAgo,
  recordPass,
  registerBridge,
} from '../factories/api.factory';
import { FakeBridge } from '../factories/bridge-client';
import { startTestApp, TestApp } from '../e2e/harness';
import { CHROMIUM_ARGS, logIn, watchErrors } from './support';

const SHOTS = path.join(__dirname, '..', '..', 'test-results');
const MANAGER = { email: 'odile@wall.fablab', password: 'odile-password-1' };

/** Every tile wholly inside the 1920×1080 screen, its content not cut, and the page not scrolling. */
async function everyTileVisible(page: Page, count: number): Promise<void> {
  await page
    .locator('.dash-tile')
    .nth(count - 1)
    .waitFor();
  expect(await page.locator('.dash-tile').count()).toBe(count);
  await page.screenshot({ path: path.join(SHOTS, `dashboard-wall-${count}.png`) });
  const fit = await page.evaluate(() => {
    const doc = document.documentElement;
    const tiles = Array.from(document.querySelectorAll<HTMLElement>('.dash-tile')).map((li) => {
      const r = li.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, cut: li.scrollHeight > li.clientHeight + 1 ? li.id : false };
    });
    return { scrolls: doc.scrollHeight > doc.clientHeight || doc.scrollWidth > doc.clientWidth, tiles };
  });
  expect(fit.scrolls).toBe(false);
  for (const tile of fit.tiles) {
    expect(tile.top).toBeGreaterThanOrEqual(0);
    expect(tile.left).toBeGreaterThanOrEqual(0);
    expect(tile.bottom).toBeLessThanOrEqual(1080);
    expect(tile.right).toBeLessThanOrEqual(1920);
    expect(tile.cut).toBe(false);
  }
}

/**
 * The wall screen on a 1920×1080 TV: 4 then 12 machines all on screen with no scroll, a counter
 * for every status, and no line left over from a machine's previous state.
 */
describe('managers wall screen at 1920×1080', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let bridge: FakeBridge;
  let managerToken: string;
  let siteId: string;
  let printer: { id: string; slug: string };
  let badge: { uid: string };

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    t = await startTestApp();
    const admin = await adminToken(t);
    const site = await createSite(t, admin, { name: 'Fab lab du Port' });
    siteId = site.id;
    await createPerson(t, admin, site.id, { firstName: 'Odile', lastName: 'Marchand', role: 'manager', ...MANAGER });
    managerToken = (await t.http().post('/api/auth/login').send(MANAGER).expect(200)).body.token;
    printer = await createMachine(t, managerToken, site.id, { name: 'Imprimante Prusa MK4', type: 'printer', slug: 'prusa-1' });
    for (const [i, type] of (['laser', 'cnc', 'other'] as const).entries()) {
      await createMachine(t, managerToken, site.id, { name: `Machine ${i + 2} à découper`, type, slug: `m-${i + 2}` });
    }
    const training = await createTraining(t, managerToken, site.id, { name: 'Impression 3D', machineTypes: ['printer'] });
    const maker = await createPerson(t, managerToken, site.id, { firstName: 'Léa', lastName: 'Roux' });
    await recordPass(t, managerToken, maker.id, training.id, isoDaysAgo(3));
    badge = await createBadge(t, managerToken, maker.id);
    const reg = await registerBridge(t, admin, site.id, [printer.slug]);
    bridge = await FakeBridge.connect(t.mqttUrl, reg.credentials, site.slug, reg.bridge.slug);
    await bridge.serve(printer.slug);
    await bridge.status(true, [printer.slug]);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    page = await context.newPage();
    errors = watchErrors(page);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await bridge?.end();
    await t?.close();
  });

  const printerTile = () => page.locator(`#tile-${printer.id}`);
  const count = (status: string) => page.locator(`[data-count="${status}"] [data-role="n"]`);

  it('shows four machines wholly, with a counter for every status', async () => {
    await logIn(page, t.url, MANAGER, '/dashboard');
    await page.locator('#live-state[data-state="live"]').waitFor();
    await everyTileVisible(page, 4);
    for (const word of ['Libres', 'Occupées', 'Réservées', 'À vérifier', 'En maintenance', 'Hors service', 'Hors ligne']) {
      await page.locator('#counts .what', { hasText: word }).waitFor();
    }
    await count('free').filter({ hasText: '4' }).waitFor();
    expect(errors).toEqual([]);
  }, 30_000);

  it('clears the progress of a finished job when the machine goes free, live and in a fresh snapshot', async () => {
    const granted = await bridge.badge(printer.slug, badge.uid);
    expect(granted.decision).toBe('granted');
    await printerTile().locator('[data-role="status"]', { hasText: 'Occupée' }).waitFor();
    const ts = () => new Date().toISOString();
    await bridge.client.publishAsync(bridge.topic(printer.slug, 'state'), JSON.stringify({ state: 'running', ts: ts() }), { qos: 1, retain: true });
    await bridge.client.publishAsync(bridge.topic(printer.slug, 'telemetry'), JSON.stringify({ ts: ts(), progress: 0.74, powerW: 150 }), { qos: 0 });
    await printerTile().locator('[data-role="job"]', { hasText: '74 %' }).waitFor();

    // The print ends, then Léa badges out: the machine is free, its last telemetry is still fresh.
    await bridge.client.publishAsync(bridge.topic(printer.slug, 'state'), JSON.stringify({ state: 'unlocked', ts: ts() }), { qos: 1, retain: true });
    await bridge.event(printer.slug, 'session.ended', { sessionId: granted.sessionId, reason: 'badge_out' });
    await printerTile().locator('[data-role="status"]', { hasText: 'Libre' }).waitFor();
    await page.waitForTimeout(800);
    expect(await printerTile().locator('[data-role="job"]').isHidden()).toBe(true);
    expect(await printerTile().locator('[data-role="holder"]').isHidden()).toBe(true);

    await page.reload();
    await page.locator('#live-state[data-state="live"]').waitFor();
    await printerTile().locator('[data-role="status"]', { hasText: 'Libre' }).waitFor();
    expect(await printerTile().locator('[data-role="job"]').isHidden()).toBe(true);
    expect(errors).toEqual([]);
  }, 30_000);

  it('fits twelve machines on the screen, and keeps the layout through live updates', async () => {
    for (let i = 5; i <= 12; i++) await createMachine(t, managerToken, siteId, { name: `Machine ${i} de l'atelier`, type: 'other', slug: `m-${i}` });
    await page.reload();
    await page.locator('#live-state[data-state="live"]').waitFor();
    await everyTileVisible(page, 12);
    expect(await page.locator('#tiles').getAttribute('class')).toContain('dash-band-12');
    // A badge-in and telemetry arrive live: the busiest tile grows lines, and still fits.
    const granted = await bridge.badge(printer.slug, badge.uid);
    expect(granted.decision).toBe('granted');
    const ts = new Date().toISOString();
    await bridge.client.publishAsync(bridge.topic(printer.slug, 'state'), JSON.stringify({ state: 'running', ts }), { qos: 1, retain: true });
    await bridge.client.publishAsync(
      bridge.topic(printer.slug, 'telemetry'),
      JSON.stringify({ ts, temps: { hotend: { actual: 214.6, target: 215 }, bed: { actual: 60, target: 60 } }, progress: 0.3, powerW: 180 }),
      { qos: 0 },
    );
    await printerTile().locator('[data-role="job"]', { hasText: '30 %' }).waitFor();
    await printerTile().locator('[data-role="holder"]', { hasText: 'Léa R.' }).waitFor();
    await everyTileVisible(page, 12);
    expect(await page.locator('#tiles').getAttribute('class')).toContain('dash-band-12');
    expect(errors).toEqual([]);
  }, 60_000);
});
