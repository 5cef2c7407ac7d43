import * as fs from 'node:fs';
import * as path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import {
  adminToken,
  as,
  createBadge,
  createMachine,
  createPerson,
  createSite,
  createTraining,
  isoDaysAgo,
  randomUid,
  recordPass,
  registerBridge,
} from '../factories/api.factory';
import { FakeBridge } from '../factories/bridge-client';
import { startTestApp, TestApp } from '../e2e/harness';
import { CHROMIUM_ARGS, logIn as logInAt, watchErrors } from './support';

const SHOTS = path.join(__dirname, '..', '..', 'test-results');
const MANAGER = { email: 'martine@browser.fablab', password: 'martine-password-1' };

/** The wall screen in a real browser: a badge read at a machine shows up without reloading. */
describe('live machines page in headless Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let bridge: FakeBridge;
  let laser: { id: string; slug: string };
  let printer: { id: string; slug: string };
  let amina: { uid: string };
  let aminaId: string;
  let bridgeTopic: string;
  let managerToken: string;

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    t = await startTestApp();
    const admin = await adminToken(t);
    const site = await createSite(t, admin, { name: 'Fab lab des Capucins' });
    const manager = (await createPerson(t, admin, site.id, { firstName: 'Martine', lastName: 'Leroy', role: 'manager', ...MANAGER })) as { id: string };
    expect(manager.id).toBeTruthy();
    const { token } = { token: (await t.http().post('/api/auth/login').send(MANAGER).expect(200)).body.token as string };
    managerToken = token;
    laser = await createMachine(t, token, site.id, { name: 'Découpeuse laser Trotec', type: 'laser', slug: 'laser-1' });
    printer = await createMachine(t, token, site.id, { name: 'Imprimante Prusa MK4', type: 'printer', slug: 'prusa-1' });
    await createMachine(t, token, site.id, { name: 'Fraiseuse Shapeoko', type: 'cnc', slug: 'cnc-1' });
    const training = await createTraining(t, token, site.id, { name: 'Découpe laser', machineTypes: ['laser'] });
    const person = await createPerson(t, token, site.id, { firstName: 'Amina', lastName: 'Kaci' });
    amina = await createBadge(t, token, person.id);
    aminaId = person.id;
    await recordPass(t, token, person.id, training.id, isoDaysAgo(5));
    const creds = await registerBridge(t, admin, site.id, [laser.slug, printer.slug]);
    bridge = await FakeBridge.connect(t.mqttUrl, creds.credentials, site.slug, creds.bridge.slug);
    bridgeTopic = `fablab/v1/${site.slug}/bridges/${creds.bridge.slug}/status`;
    await bridge.serve(laser.slug);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await bridge?.end();
    await t?.close();
  });

  const logIn = (page: Page, from: string) => logInAt(page, t.url, MANAGER, from);

  const noHorizontalScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

  it('logs in, then shows a granted badge and a denied one live, without reloading', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await logIn(page, '/machines');
    await page.locator('#live-state[data-state="live"]').waitFor();
    await page.evaluate(() => ((window as unknown as { samePage: boolean }).samePage = true));
    const tile = page.locator(`#machine-${laser.id}`);
    await tile.locator('[data-role="status"]', { hasText: 'Libre' }).waitFor();

    const ts = new Date().toISOString();
    await bridge.client.publishAsync(bridgeTopic, JSON.stringify({ online: true, version: '1.4.0', machines: [laser.slug, printer.slug], ts }), {
      qos: 1,
      retain: true,
    });
    await bridge.client.publishAsync(bridge.topic(laser.slug, 'state'), JSON.stringify({ state: 'locked', ts }), { qos: 1, retain: true });
    await tile.locator('[data-role="bridge"]', { hasText: 'Boîtier : connecté · verrouillée' }).waitFor();
    await bridge.client.publishAsync(bridge.topic(laser.slug, 'telemetry'), JSON.stringify({ ts, powerW: 35 }), { qos: 0 });
    await tile.locator('[data-role="telemetry"]', { hasText: 'Puissance : 35 W' }).waitFor();

    const granted = await bridge.badge(laser.slug, amina.uid);
    expect(granted.decision).toBe('granted');
    await tile.locator('[data-role="status"]', { hasText: 'Occupée' }).waitFor();
    await tile.locator('[data-role="holder"]', { hasText: 'Amina K.' }).waitFor();
    await page.locator('#feed li.granted', { hasText: 'Découpeuse laser Trotec' }).waitFor();

    const denied = await bridge.badge(laser.slug, randomUid());
    expect(denied).toMatchObject({ decision: 'denied', reason: 'badge_unknown' });
    await page.locator('#feed li.denied', { hasText: 'Badge inconnu' }).waitFor();
    await tile.locator('[data-role="last"].denied', { hasText: 'Badge inconnu' }).waitFor();

    expect(await page.evaluate(() => (window as unknown as { samePage?: boolean }).samePage)).toBe(true);
    expect(await page.locator('#feed li').count()).toBe(2);
    expect(errors).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'machines-desktop.png'), fullPage: true });

    // Offline for a moment: what happened meanwhile is fetched again on reconnect.
    await page.evaluate(() => (window as unknown as { fablabLive: { socket: { disconnect(): void } } }).fablabLive.socket.disconnect());
    await page.locator('#live-state[data-state="offline"]').waitFor();
    await bridge.badge(laser.slug, randomUid());
    await waitUntil(async () => (await as(t, managerToken).get('/api/access/decisions')).body.length === 3);
    expect(await page.locator('#feed li').count()).toBe(2);
    await page.evaluate(() => (window as unknown as { fablabLive: { socket: { connect(): void } } }).fablabLive.socket.connect());
    await page.locator('#live-state[data-state="live"]').waitFor();
    await expectVisibleCount(page, '#feed li', 3);
    expect(await page.evaluate(() => (window as unknown as { samePage?: boolean }).samePage)).toBe(true);

    await page.goto(`${t.url}/machines?wall=1`);
    await page.locator('#live-state[data-state="live"]').waitFor();
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: path.join(SHOTS, 'machines-wall.png') });
    await context.close();
  }, 60_000);

  it('fits a phone screen (390×844) without horizontal scrolling, login and machines', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(`${t.url}/login`);
    expect(await noHorizontalScroll(page)).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'login-phone.png') });
    await logIn(page, '/machines');
    await page.locator('.tile').first().waitFor();
    expect(await noHorizontalScroll(page)).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'machines-phone.png'), fullPage: true });
    await page.getByText('Menu', { exact: true }).click();
    await page.getByRole('link', { name: 'Personnes' }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'menu-phone.png') });
    await context.close();
  }, 60_000);

  it("lets a manager add a badge, record a training and put a machine in maintenance through the pages' forms", async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 900 }, locale: 'fr-FR' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await logIn(page, '/people');
    await page.getByLabel('Chercher une personne').fill('amina');
    await expectVisibleCount(page, '#people > li', 1);
    await page.getByRole('link', { name: 'Amina Kaci' }).click();
    await page.waitForURL(`${t.url}/people/${aminaId}`);

    const badgeForm = page.locator('form[data-api="/api/badges"]');
    await badgeForm.getByLabel('Numéro du badge').fill('ZZ 12 34 56');
    await badgeForm.getByRole('button', { name: 'Ajouter un badge' }).click();
    await badgeForm.locator('.form-message.error', { hasText: 'UID du badge' }).waitFor();
    await badgeForm.getByLabel('Numéro du badge').fill('04:a2:24:b2');
    await badgeForm.getByRole('button', { name: 'Ajouter un badge' }).click();
    await page.locator('#badges li', { hasText: '04A224B2' }).waitFor();

    await page.getByRole('button', { name: 'Enregistrer une formation réussie' }).click();
    await expectVisibleCount(page, '#qualifications > li', 2);
    await page.screenshot({ path: path.join(SHOTS, 'person.png'), fullPage: true });

    await page.goto(`${t.url}/admin/machines`);
    const prusa = page.locator(`li[data-machine-id="${printer.id}"]`);
    await prusa.getByLabel('Raison').fill('Buse bouchée');
    await prusa.getByRole('button', { name: 'Mettre en maintenance' }).click();
    await page.locator(`li[data-machine-id="${printer.id}"] .pill`, { hasText: 'En maintenance' }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'admin-machines.png'), fullPage: true });

    await page.goto(`${t.url}/trainings?lang=en`);
    await page.getByRole('heading', { name: 'Trainings' }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'trainings-en.png'), fullPage: true });
    // The only console errors allowed are the API's refusals shown in the form (HTTP 400).
    expect(errors.filter((e) => !e.includes('400'))).toEqual([]);
    await context.close();
  }, 60_000);
});

/** Waits until exactly `n` matching elements are visible (the filter and reloads are asynchronous). */
async function expectVisibleCount(page: Page, selector: string, n: number) {
  await page.waitForFunction(([sel, count]) => Array.from(document.querySelectorAll(sel)).filter((el) => !(el as HTMLElement).hidden).length === count, [
    selector,
    n,
  ] as const);
}

async function waitUntil(check: () => Promise<boolean>) {
  while (!(await check())) await new Promise((r) => setTimeout(r, 50));
}
