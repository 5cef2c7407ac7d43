import { Browser, chromium, Page } from 'playwright-core';
import { adminToken, as, createManager, createSite } from '../factories/api.factory';
import { createMediator } from '../factories/mediation.factory';
import { createStop } from '../factories/outreach.factory';
import { startTestApp, TestApp } from '../e2e/harness';
import { CHROMIUM_ARGS, logIn, watchErrors } from './support';

/** The number shown beside « En attente d’envoi » / « Envoyées ». */
const count = async (page: Page, id: 'outreach-pending-count' | 'outreach-sent-count') => Number(await page.locator(`#${id}`).textContent());

/**
 * A mediator at a stop of the mobile unit, on a phone with no network: what she logs is kept on the
 * phone, survives a reload with no network (the service worker serves the page), and reaches the
 * mediation log exactly once when the network is back — even when the phone sends it all again.
 */
describe('outreach logging offline in headless Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let mediator: { email: string; token: string };
  let manager: string;
  let stop: { id: string; date: string };

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await adminToken(t);
    const site = await createSite(t, admin, { name: 'EPN de Bellevue' });
    manager = (await createManager(t, admin, site.id)).token;
    mediator = await createMediator(t, manager, site.id);
    stop = await createStop(t, mediator.token, {
      placeName: 'Salle des fêtes de Guipavas',
      address: '1 place Saint-Éloi',
      commune: 'Guipavas',
      postalCode: '29490',
      inseeCode: '29075',
    });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('keeps what is logged offline, even across a reload, and sends it once when back online', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const errors = watchErrors(page);
    const logPath = `/outreach/stops/${stop.id}/log`;
    await logIn(page, t.url, { email: mediator.email, password: 'mediator-password-1' }, logPath);
    await page.getByRole('heading', { name: 'Noter à Salle des fêtes de Guipavas' }).waitFor();
    // The page is ready for no network once its worker runs and its copy is kept.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.waitForFunction(() =>
      caches
        .open('outreach-pages-v1')
        .then((c) => c.match(location.origin + location.pathname))
        .then(Boolean),
    );

    await context.setOffline(true);
    await page.getByLabel('E-mail', { exact: true }).tap();
    await page.getByLabel('Tablette').tap();
    await page.getByLabel('Féminin').tap();
    await page.getByRole('button', { name: 'Enregistrer' }).tap();
    await page.getByText('Pas de réseau : 1 activité(s) en attente, rien n’est perdu.').waitFor();
    expect(await count(page, 'outreach-pending-count')).toBe(1);

    // A reload with no network: the service worker serves the kept page, the queue is still there.
    await page.reload();
    await page.getByRole('heading', { name: 'Noter à Salle des fêtes de Guipavas' }).waitFor();
    await page.waitForFunction(() => document.getElementById('outreach-pending-count')?.textContent === '1');

    // A workshop, still offline.
    await page.getByLabel('Atelier collectif').tap();
    await page.getByLabel('Navigation sur internet').tap();
    await page.getByLabel('Nom de l’atelier').fill('Découvrir internet');
    await page.getByLabel('Nombre de participants').fill('5');
    await page.getByRole('button', { name: 'Enregistrer' }).tap();
    await page.waitForFunction(() => document.getElementById('outreach-pending-count')?.textContent === '2');
    const before = (await as(t, manager).get(`/api/outreach/stops/${stop.id}`).expect(200)).body;
    expect(before.activities).toHaveLength(0);

    // The network is back: the queue leaves by itself.
    await context.setOffline(false);
    await page.waitForFunction(() => document.getElementById('outreach-pending-count')?.textContent === '0', undefined, { timeout: 30_000 });
    expect(await count(page, 'outreach-sent-count')).toBe(2);
    await page.getByText('Envoyé.').waitFor();

    // The answers lost on the way: the phone sends both again; nothing more is written.
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('fablab-outreach', 1);
          open.onsuccess = () => {
            const tx = open.result.transaction('queue', 'readwrite');
            const store = tx.objectStore('queue');
            const all = store.getAll();
            all.onsuccess = () => {
              for (const e of all.result) store.put({ ...e, state: 'pending' });
            };
            tx.oncomplete = () => resolve();
            tx.onerror = () => reject(tx.error);
          };
        }),
    );
    await page.reload();
    await page.waitForFunction(
      () => document.getElementById('outreach-sent-count')?.textContent === '2' && document.getElementById('outreach-pending-count')?.textContent === '0',
    );

    const after = (await as(t, manager).get(`/api/outreach/stops/${stop.id}`).expect(200)).body;
    expect(after.activities).toHaveLength(2);
    const log = (await as(t, manager).get(`/api/mediation/activities?from=${stop.date}&to=${stop.date}`).expect(200)).body;
    expect(log).toHaveLength(2);
    const byType = Object.fromEntries(log.map((a: { type: string }) => [a.type, a]));
    expect(byType.individuel).toMatchObject({
      placeType: 'autre',
      placeName: 'Salle des fêtes de Guipavas',
      placeCommune: 'Guipavas',
      placeInseeCode: '29075',
      topics: ['email'],
      equipment: ['tablette'],
      participantsCount: 1,
    });
    expect(byType.collectif).toMatchObject({ workshopTitle: 'Découvrir internet', participantsCount: 5, topics: ['navigation_sur_internet'] });

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    if (process.env.SCREENSHOTS) await page.screenshot({ path: '/tmp/outreach-log.png', fullPage: true });
    // Requests that failed while offline are expected; nothing else may go wrong.
    expect(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::ERR/.test(e))).toEqual([]);
    await context.close();
  }, 120_000);
});
