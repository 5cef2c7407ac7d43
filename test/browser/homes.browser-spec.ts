import * as fs from 'node:fs';
import * as path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import {
  adminToken,
  as,
  createMachine,
  createManager,
  createPerson,
  createSite,
  createTraining,
  isoDaysAgo,
  login,
  recordPass,
} from '../factories/api.factory';
import { book, makeBookable, parisAt } from '../factories/bookings.factory';
import { sampleGcode } from '../factories/gcode.factory';
import { jobWhen, uploadJob } from '../factories/jobs.factory';
import { createLocation, createPart, finish, intake, receive, step } from '../factories/repairs.factory';
import { logEvidence, skillsOf } from '../factories/skills.factory';
import { startTestApp, TestApp } from '../e2e/harness';
import { CHROMIUM_ARGS, watchErrors } from './support';

/**
 * Screenshots of each role's home: into docs/screenshots (shown in docs/web.md) with
 * UPDATE_SCREENSHOTS=1, else into test-results so a run leaves the checkout as it was.
 */
const SHOTS = process.env.UPDATE_SCREENSHOTS ? path.join(__dirname, '..', '..', 'docs', 'screenshots') : path.join(__dirname, '..', '..', 'test-results');
const MAKER = { email: 'amina@homes.fablab', password: 'amina-password-1' };
const VOLUNTEER = { email: 'yacine@homes.fablab', password: 'yacine-password-1' };
const MANAGER = { email: 'claire@homes.fablab', password: 'claire-password-1' };
const SCREENS = [
  { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  { name: 'desktop', viewport: { width: 1920, height: 1080 }, isMobile: false, hasTouch: false },
];
const ROLES = [
  { role: 'maker', who: MAKER, home: '/me', heading: 'Bonjour Amina K. !', groups: ['home', 'machines', 'learning'] },
  { role: 'volunteer', who: VOLUNTEER, home: '/bench', heading: 'Mon atelier de réparation', groups: ['home', 'machines', 'learning', 'repairs', 'admin'] },
  { role: 'manager', who: MANAGER, home: '/today', heading: 'Ma journée', groups: ['home', 'machines', 'learning', 'repairs', 'admin'] },
];

/** Each role logs in through the login page and lands on its home, on a phone and a wide screen. */
describe('each role lands on its home in headless Chromium', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    t = await startTestApp();
    await seedLab(t);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  for (const screen of SCREENS) {
    for (const r of ROLES) {
      it(`${r.role} on ${screen.name} (${screen.viewport.width}×${screen.viewport.height}): logs in, lands on ${r.home}, reaches every menu group`, async () => {
        const context = await browser.newContext({
          viewport: screen.viewport,
          isMobile: screen.isMobile,
          hasTouch: screen.hasTouch,
          locale: 'fr-FR',
          timezoneId: 'Europe/Paris',
        });
        const page = await context.newPage();
        const errors = watchErrors(page);
        await page.goto(`${t.url}/login`);
        await page.getByLabel('E-mail').fill(r.who.email);
        await page.getByLabel('Mot de passe').fill(r.who.password);
        await page.getByRole('button', { name: 'Se connecter' }).click();
        await page.waitForURL(`${t.url}${r.home}`);
        await page.getByRole('heading', { level: 1, name: r.heading }).waitFor();
        expect(await scrollWidth(page)).toBeLessThanOrEqual(screen.viewport.width);
        await page.screenshot({ path: path.join(SHOTS, `home-${r.role}-${screen.name}.png`), fullPage: screen.name === 'phone' });

        if (screen.name === 'phone') await openPhoneGroups(page, r.groups);
        else await openWideGroups(page, r.groups);
        expect(await scrollWidth(page)).toBeLessThanOrEqual(screen.viewport.width);
        expect(errors).toEqual([]);
        await context.close();
      }, 60_000);
    }
  }
});

const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

/** « Menu » opens a panel where each group has its heading and links one can tap. */
async function openPhoneGroups(page: Page, groups: string[]): Promise<void> {
  await page.locator('.phone-menu > summary').tap();
  for (const g of groups) {
    const section = page.locator(`.phone-menu [data-nav-group="${g}"]`);
    expect(await section.locator('.nav-heading').isVisible()).toBe(true);
    const link = section.locator('a').first();
    await link.scrollIntoViewIfNeeded();
    expect(await link.isVisible()).toBe(true);
  }
}

/** On a wide screen a group of several links opens below its name; a group of one is that link. */
async function openWideGroups(page: Page, groups: string[]): Promise<void> {
  for (const g of groups) {
    const item = page.locator(`.topbar > nav.nav [data-nav-group="${g}"]`);
    const summary = item.locator('details.nav-group > summary');
    if ((await summary.count()) === 0) {
      expect(await item.locator('a').isVisible()).toBe(true);
      continue;
    }
    await summary.click();
    const link = item.locator('details.nav-group[open] a').first();
    await link.waitFor();
    expect(await link.isVisible()).toBe(true);
    // An open group stays inside the screen.
    const box = (await item.locator('details.nav-group > ul').boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(page.viewportSize()!.width);
    await summary.click();
  }
  // With nav.js, opening a group closes the one open before, and a click elsewhere closes it.
  const folded = page.locator('.topbar > nav.nav details.nav-group');
  if ((await folded.count()) < 2) return;
  await folded.nth(0).locator('summary').click();
  await folded.nth(1).locator('summary').click();
  const openCount = (n: number) =>
    page.waitForFunction((want) => document.querySelectorAll('.topbar > nav.nav details.nav-group[open]').length === want, n, { timeout: 2000 });
  await openCount(1);
  expect(await folded.nth(1).getAttribute('open')).not.toBeNull();
  await page.locator('h1').click();
  await openCount(0);
}

/** A small lab with something in every part of each home. */
async function seedLab(t: TestApp): Promise<void> {
  const admin = await adminToken(t);
  const site = await createSite(t, admin, { name: 'Fablab des Capucins' });
  const manager = await createManager(t, admin, site.id);
  await createPerson(t, manager.token, site.id, { firstName: 'Claire', lastName: 'Martin', role: 'manager', ...MANAGER });
  const maker = await createPerson(t, manager.token, site.id, { firstName: 'Amina', lastName: 'Kader', role: 'maker', ...MAKER });
  await createPerson(t, manager.token, site.id, { firstName: 'Yacine', lastName: 'Benali', role: 'volunteer', ...VOLUNTEER });
  const makerToken = await login(t, MAKER.email, MAKER.password);
  const volunteerToken = await login(t, VOLUNTEER.email, VOLUNTEER.password);

  const laser = await createMachine(t, manager.token, site.id, { name: 'Découpeuse laser Trotec' });
  const printer = await createMachine(t, manager.token, site.id, {
    type: 'printer',
    name: 'Prusa MK4',
    profile: { workArea: { x: 250, y: 210, z: 220 }, materials: ['PLA'], nozzleMm: 0.4, controller: 'marlin' },
  });
  const cnc = await createMachine(t, manager.token, site.id, { type: 'cnc', name: 'Fraiseuse Shapeoko' });
  await as(t, manager.token).put(`/api/machines/${cnc.id}/status`, { status: 'maintenance', reason: 'Courroie à changer' }).expect(200);

  const laserTraining = await createTraining(t, manager.token, site.id, { name: 'Découpe laser' });
  const printing = await createTraining(t, manager.token, site.id, { name: 'Impression 3D', machineTypes: ['printer'], validityMonths: 1 });
  const safety = await createTraining(t, manager.token, site.id, { name: "Sécurité de l'atelier", machineTypes: ['other'], validityMonths: 1 });
  await recordPass(t, manager.token, maker.id, laserTraining.id, isoDaysAgo(12));
  await recordPass(t, manager.token, maker.id, printing.id, isoDaysAgo(18));
  await recordPass(t, manager.token, maker.id, safety.id, isoDaysAgo(80));
  const skills = (await skillsOf(t, manager.token, site.id)).frameworks.flatMap((fw) => fw.skills);
  await logEvidence(t, manager.token, maker.id, skills[0].id, 2);
  await logEvidence(t, manager.token, maker.id, skills[1].id, 1);

  await makeBookable(t, manager.token, laser.id);
  await book(t, manager.token, { machineId: laser.id, personId: maker.id, startsAt: parisAt(1, 14), endsAt: parisAt(1, 15, 30) }).expect(201);
  await book(t, manager.token, { machineId: laser.id, startsAt: parisAt(0, 0, 30), endsAt: parisAt(0, 1, 30), kind: 'maintenance' }).expect(201);
  await as(t, manager.token)
    .post('/api/charges/prices', {
      siteId: site.id,
      label: 'Contreplaqué 3 mm',
      consumable: 'contreplaque-3mm',
      unit: 'sheet',
      unitCents: 750,
      vatBasisPoints: 0,
    })
    .expect(201);
  await as(t, manager.token).post('/api/charges/consumables', { personId: maker.id, consumable: 'contreplaque-3mm', quantity: 2 }).expect(201);

  const gcode = Buffer.from(await sampleGcode('prusaslicer'));
  const job = (await uploadJob(t, makerToken, gcode, { machineId: printer.id }, 'support-velo.gcode').expect(201)).body;
  await jobWhen(t, makerToken, job.id, (j) => j.status !== 'analysing');

  const location = await createLocation(t, manager.token, site.id, { name: 'Bac A1' });
  const battery = await createPart(t, manager.token, site.id, { name: 'Batterie T440', lowStockThreshold: 2 });
  await receive(t, manager.token, battery.id, location.id, 1);
  await intake(t, volunteerToken, { category: 'laptop', brand: 'Lenovo', model: 'T440', reportedFault: "Ne s'allume plus" });
  const toaster = await intake(t, volunteerToken, { category: 'kitchen', brand: 'Moulinex', model: 'Subito', reportedFault: 'Ne chauffe plus' });
  await finish(t, volunteerToken, toaster.id, 'repaired');
  const phone = await intake(t, volunteerToken, { category: 'phone', brand: 'Fairphone', model: 'FP3', reportedFault: 'Écran cassé' });
  await step(t, volunteerToken, phone.id, 'diagnosed').expect(201);
  await step(t, volunteerToken, phone.id, 'waiting_parts').expect(201);
}
