import * as fs from 'node:fs';
import * as path from 'node:path';
import { Browser, BrowserContext, chromium, Locator, Page } from 'playwright-core';
import {
  adminToken,
  as,
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
import { waitUntil } from '../factories/wait';
import { ADMIN, startTestApp, TestApp } from '../e2e/harness';
import { CHROMIUM_ARGS, logIn as logInAt, watchErrors } from './support';

const SHOTS = path.join(__dirname, '..', '..', 'test-results');
const MANAGER = { email: 'martine@dashboard.fablab', password: 'martine-password-1' };
const TRAINER = { email: 'yves@dashboard.fablab', password: 'yves-password-1' };

type DashboardWindow = { fablabDashboard: { socket: { connect(): void; disconnect(): void } }; samePage?: boolean };

/**
 * The managers' wall screen in a real browser, against the real server: live tiles from a bridge,
 * a screen that was cut off catching up at once, manager actions and alerts, phone and TV sizes.
 */
describe('managers dashboard in headless Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let bridge: FakeBridge;
  let managerToken: string;
  let laser: { id: string; slug: string };
  let printer: { id: string; slug: string };
  let amina: { uid: string };
  let yanis: { uid: string };
  let bridgeStatusTopic: string;
  let printerSession: string;

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    t = await startTestApp();
    const admin = await adminToken(t);
    const site = await createSite(t, admin, { name: 'Fab lab des Capucins' });
    await createSite(t, admin, { name: 'Atelier de la gare' });
    await createPerson(t, admin, site.id, { firstName: 'Martine', lastName: 'Leroy', role: 'manager', ...MANAGER });
    await createPerson(t, admin, site.id, { firstName: 'Yves', lastName: 'Morel', role: 'trainer', ...TRAINER });
    managerToken = (await t.http().post('/api/auth/login').send(MANAGER).expect(200)).body.token;
    laser = await createMachine(t, managerToken, site.id, { name: 'Découpeuse laser Trotec', type: 'laser', slug: 'laser-1' });
    printer = await createMachine(t, managerToken, site.id, { name: 'Imprimante Prusa MK4', type: 'printer', slug: 'prusa-1' });
    await createMachine(t, managerToken, site.id, { name: 'Fraiseuse Shapeoko', type: 'cnc', slug: 'cnc-1' });
    const training = await createTraining(t, managerToken, site.id, { name: 'Découpe et impression', machineTypes: ['laser', 'printer'] });
    for (const [first, last] of [
      ['Amina', 'Kaci'],
      ['Yanis', 'Benali'],
    ]) {
      const person = await createPerson(t, managerToken, site.id, { firstName: first, lastName: last });
      await recordPass(t, managerToken, person.id, training.id, isoDaysAgo(5));
      const badge = await createBadge(t, managerToken, person.id);
      if (first === 'Amina') amina = badge;
      else yanis = badge;
    }
    const reg = await registerBridge(t, admin, site.id, [laser.slug, printer.slug]);
    bridge = await FakeBridge.connect(t.mqttUrl, reg.credentials, site.slug, reg.bridge.slug);
    bridgeStatusTopic = `fablab/v1/${site.slug}/bridges/${reg.bridge.slug}/status`;
    await bridge.serve(laser.slug);
    await bridge.serve(printer.slug);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    page = await context.newPage();
    errors = watchErrors(page);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await bridge?.end();
    await t?.close();
  });

  const logIn = (p: Page, who: { email: string; password: string }, from: string) => logInAt(p, t.url, who, from);

  const tile = (machine: { id: string }): Locator => page.locator(`#tile-${machine.id}`);
  const samePage = () => page.evaluate(() => (window as unknown as DashboardWindow).samePage === true);
  const setSocket = (on: boolean) =>
    page.evaluate((connect) => {
      const s = (window as unknown as DashboardWindow).fablabDashboard.socket;
      if (connect) s.connect();
      else s.disconnect();
    }, on);
  const serverTile = async (machine: { id: string }) =>
    (await as(t, managerToken).get('/api/dashboard').expect(200)).body.tiles.find((x: { machineId: string }) => x.machineId === machine.id);

  it('shows a badge-in and telemetry live on the tiles and in the feed, without reloading', async () => {
    await logIn(page, MANAGER, '/dashboard');
    await page.locator('#live-state[data-state="live"]', { hasText: 'En direct' }).waitFor();
    await page.evaluate(() => ((window as unknown as DashboardWindow).samePage = true));
    await tile(laser).locator('[data-role="status"]', { hasText: 'Libre' }).waitFor();
    expect(await page.locator('.dash-tile').count()).toBe(3);
    await page.getByRole('link', { name: /Machines/ }).waitFor();

    const ts = new Date().toISOString();
    await bridge.client.publishAsync(bridgeStatusTopic, JSON.stringify({ online: true, version: '1.4.0', machines: [laser.slug, printer.slug], ts }), {
      qos: 1,
      retain: true,
    });
    await bridge.client.publishAsync(bridge.topic(laser.slug, 'state'), JSON.stringify({ state: 'locked', ts }), { qos: 1, retain: true });
    await tile(laser).locator('[data-role="bridge"]', { hasText: 'Boîtier : connecté · verrouillée' }).waitFor();
    await page.locator(`#tile-${laser.id}[data-bridge-online="true"]`).waitFor();
    await page.locator('#alerts-none', { hasText: 'Aucune alerte' }).waitFor();

    const granted = await bridge.badge(laser.slug, amina.uid);
    expect(granted.decision).toBe('granted');
    await tile(laser).locator('[data-role="status"]', { hasText: 'Occupée' }).waitFor();
    await tile(laser).locator('[data-role="holder"]', { hasText: 'Sur la machine : Amina K.' }).waitFor();
    await tile(laser).locator('[data-role="holder"]', { hasText: 'depuis' }).waitFor();
    await page.locator('#feed li.granted', { hasText: 'Découpeuse laser Trotec' }).waitFor();
    await page.locator('[data-count="in_use"] [data-role="n"]', { hasText: '1' }).waitFor();

    const printing = await bridge.badge(printer.slug, yanis.uid);
    expect(printing.decision).toBe('granted');
    printerSession = printing.sessionId;
    // Telemetry must only touch texts: the tile's node stays the same one.
    await page.evaluate((id) => ((document.getElementById(`tile-${id}`) as HTMLElement & { same?: boolean }).same = true), printer.id);
    await bridge.client.publishAsync(
      bridge.topic(printer.slug, 'telemetry'),
      JSON.stringify({
        ts: new Date().toISOString(),
        temps: { hotend: { actual: 214.6, target: 215 }, bed: { actual: 60, target: 60 } },
        progress: 0.42,
        powerW: 180,
      }),
      { qos: 0 },
    );
    const printerTile = tile(printer);
    await printerTile.locator('[data-role="temps"]', { hasText: 'Buse 215 / 215 °C · Plateau 60 / 60 °C' }).waitFor();
    await printerTile.locator('[data-role="job"]', { hasText: '42 %' }).waitFor();
    await printerTile.locator('[data-role="power"]', { hasText: 'Puissance : 180 W' }).waitFor();
    await printerTile.locator('[data-role="activity"]', { hasText: /Dernière activité (à l'instant|il y a 1 min)/ }).waitFor();
    expect(await printerTile.locator('progress').getAttribute('value')).toBe('42');
    expect(await page.evaluate((id) => (document.getElementById(`tile-${id}`) as HTMLElement & { same?: boolean }).same, printer.id)).toBe(true);
    expect(await samePage()).toBe(true);
    expect(errors).toEqual([]);
  }, 60_000);

  it('catches up at once after the connection was cut', async () => {
    await setSocket(false);
    await page.locator('#live-state[data-state="offline"]', { hasText: 'Connexion perdue, nouvelle tentative…' }).waitFor();
    // Yanis badges out while the screen is cut off: the screen cannot know yet.
    await bridge.event(printer.slug, 'session.ended', { sessionId: printerSession, reason: 'badge_out' });
    await waitUntil(async () => (await serverTile(printer)).holder === null);
    expect(await tile(printer).locator('[data-role="status"]').textContent()).toContain('Occupée');

    await setSocket(true);
    await page.locator('#live-state[data-state="live"]').waitFor();
    // The snapshot that greets a reconnecting screen is painted before "En direct" shows.
    expect(await tile(printer).locator('[data-role="status"]').textContent()).toContain('Libre');
    expect(await tile(printer).locator('[data-role="holder"]').isHidden()).toBe(true);
    expect(await samePage()).toBe(true);
  }, 30_000);

  it('lets a manager put a machine in maintenance with a reason, then back in service', async () => {
    const printerTile = tile(printer);
    await printerTile.locator('summary', { hasText: 'Actions' }).click();
    await printerTile.getByRole('button', { name: 'Mettre en maintenance' }).click();
    await printerTile.getByRole('button', { name: 'Confirmer la maintenance' }).click();
    await printerTile.locator('[data-role="message"].error', { hasText: 'Indiquez la raison' }).waitFor();
    await printerTile.getByLabel('Raison (obligatoire)').fill('Buse bouchée');
    await printerTile.getByRole('button', { name: 'Confirmer la maintenance' }).click();
    await printerTile.locator('[data-role="status"]', { hasText: 'En maintenance' }).waitFor();
    await printerTile.locator('[data-role="reason"]', { hasText: 'Buse bouchée · par Martine L.' }).waitFor();
    await printerTile.locator('[data-role="message"]', { hasText: 'Machine mise en maintenance.' }).waitFor();
    await page.locator('#actions li', { hasText: 'Martine L. a mis en maintenance Imprimante Prusa MK4' }).waitFor();
    expect((await serverTile(printer)).status).toBe('maintenance');

    await printerTile.locator('summary', { hasText: 'Actions' }).click();
    await printerTile.getByRole('button', { name: 'Remettre en service' }).click();
    await printerTile.locator('[data-role="status"]', { hasText: 'Libre' }).waitFor();
    await printerTile.locator('[data-role="message"]', { hasText: 'Machine remise en service.' }).waitFor();
    await page.locator('#actions li', { hasText: 'Martine L. a remis en service Imprimante Prusa MK4' }).waitFor();
    expect(await printerTile.getByRole('button', { name: 'Remettre en service' }).isHidden()).toBe(true);
  }, 30_000);

  it("shows the server's own words when an action comes too late", async () => {
    // Another manager ends Amina's session while this screen is cut off and still shows her.
    await setSocket(false);
    await as(t, managerToken).post(`/api/dashboard/machines/${laser.id}/end-session`, { reason: 'Fermeture' }).expect(200);
    const laserTile = tile(laser);
    await laserTile.locator('summary', { hasText: 'Actions' }).click();
    await laserTile.getByRole('button', { name: 'Terminer la session' }).click();
    await laserTile.locator('.tile-form-note', { hasText: 'La session de Amina K. sera terminée.' }).waitFor();
    await laserTile.getByRole('button', { name: 'Terminer maintenant' }).click();
    await laserTile.locator('[data-role="message"].error', { hasText: "Personne n'utilise cette machine en ce moment." }).waitFor();
    await setSocket(true);
    await page.locator('#live-state[data-state="live"]').waitFor();
    await laserTile.locator('[data-role="status"]', { hasText: 'Libre' }).waitFor();
    expect(await laserTile.getByRole('button', { name: 'Terminer la session' }).isHidden()).toBe(true);
    // The batch flushed just after the reconnect repeats the action the snapshot had: shown once.
    await page.waitForTimeout(800);
    expect(await page.locator('#actions li', { hasText: 'a terminé la session' }).count()).toBe(1);
    // The refused request is the only console error (Chromium logs every HTTP error).
    expect(errors.filter((e) => !e.includes('409'))).toEqual([]);
    errors.length = 0;
  }, 30_000);

  it("lists a bridge's alarm in the alerts until a manager says « J'ai vu »", async () => {
    await bridge.event(laser.slug, 'alarm', { code: 'door_open', message: 'Capot levé pendant la découpe' });
    const alert = page.locator('#alerts li[data-kind="alarm"]', { hasText: 'Découpeuse laser Trotec' });
    await alert.waitFor();
    await alert.getByText('Alarme', { exact: true }).waitFor();
    await page.locator('#alerts-title', { hasText: 'Alertes (1)' }).waitFor();
    await tile(laser).locator('[data-role="status"]', { hasText: 'À vérifier' }).waitFor();
    await tile(laser).locator('[data-role="alarm"]', { hasText: 'Alarme : Porte ouverte — Capot levé pendant la découpe' }).waitFor();
    // The code is the API's: people read its words.
    expect(await tile(laser).locator('[data-role="alarm"]').textContent()).not.toContain('door_open');
    await page.locator('[data-count="to_check"] [data-role="n"]', { hasText: '1' }).waitFor();

    // A trainer watches the same screen but cannot act from it.
    const trainerContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
    const trainerPage = await trainerContext.newPage();
    await logIn(trainerPage, TRAINER, '/dashboard');
    await trainerPage.locator('#alerts li[data-kind="alarm"]').waitFor();
    expect(await trainerPage.locator('.tile-menu').count()).toBe(0);
    expect(await trainerPage.locator('#alerts button').count()).toBe(0);
    await trainerContext.close();

    // The TV on the wall: a fresh screen at 1920×1080, as it looks from across the room.
    const wall = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    const wallPage = await wall.newPage();
    const wallErrors = watchErrors(wallPage);
    await logIn(wallPage, MANAGER, '/dashboard');
    await wallPage.locator('#live-state[data-state="live"]').waitFor();
    await wallPage.locator('#alerts li[data-kind="alarm"]').waitFor();
    expect(await wallPage.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await wallPage.screenshot({ path: path.join(SHOTS, 'dashboard-wall.png') });
    expect(wallErrors).toEqual([]);
    await wall.close();

    await alert.getByRole('button', { name: "J'ai vu" }).click();
    await alert.waitFor({ state: 'detached' });
    await page.locator('#alerts-done', { hasText: 'Alerte notée.' }).waitFor();
    await page.locator('#alerts-none').waitFor();
    await page.locator('#actions li', { hasText: "Martine L. a vu l'alerte" }).waitFor();
    expect(await samePage()).toBe(true);
    expect(errors).toEqual([]);
  }, 60_000);

  it('lets an admin pick the site (the first one by name by default)', async () => {
    const adminContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
    const p = await adminContext.newPage();
    const adminErrors = watchErrors(p);
    await logIn(p, ADMIN, '/dashboard');
    await p.locator('h1', { hasText: 'Atelier de la gare' }).waitFor();
    await p.locator('#live-state[data-state="live"]').waitFor();
    await p.locator('#tiles-none', { hasText: 'Aucune machine dans ce lieu' }).waitFor();
    await p.locator('.dash-sites').getByRole('link', { name: 'Fab lab des Capucins' }).click();
    await p.locator('h1', { hasText: 'Fab lab des Capucins' }).waitFor();
    await p.locator('#live-state[data-state="live"]').waitFor();
    expect(await p.locator('.dash-tile').count()).toBe(3);
    expect(await p.getByRole('link', { name: /Machines/ }).getAttribute('href')).toMatch(/^\/machines\?siteId=/);
    expect(adminErrors).toEqual([]);
    await adminContext.close();
  }, 30_000);

  it('fits a phone (390×844) without sideways scrolling, and speaks English on request', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'fr-FR' });
    const p = await phone.newPage();
    const phoneErrors = watchErrors(p);
    await logIn(p, MANAGER, '/dashboard');
    await p.locator('#live-state[data-state="live"]').waitFor();
    await p.locator(`#tile-${laser.id}`).waitFor();
    expect(await p.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    // The alerts come first on a phone, above the tiles.
    const [alertsTop, tilesTop] = await Promise.all([p.locator('#alerts-panel').boundingBox(), p.locator('#tiles').boundingBox()]);
    expect(alertsTop!.y).toBeLessThan(tilesTop!.y);
    await p.locator(`#tile-${printer.id} summary`).tap();
    expect((await p.locator(`#tile-${printer.id}`).getByRole('button', { name: 'Verrouiller' }).boundingBox())!.height).toBeGreaterThanOrEqual(44);
    expect(await p.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await p.screenshot({ path: path.join(SHOTS, 'dashboard-phone.png'), fullPage: true });

    await p.goto(`${t.url}/dashboard?lang=en`);
    await p.locator('#live-state[data-state="live"]', { hasText: 'Live' }).waitFor();
    await p.getByRole('heading', { name: 'Alerts' }).waitFor();
    await p.locator(`#tile-${laser.id} [data-role="status"]`, { hasText: 'To check' }).waitFor();
    expect(phoneErrors).toEqual([]);
    await phone.close();
  }, 60_000);
});
