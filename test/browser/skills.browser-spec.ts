import { randomUUID } from 'node:crypto';
import { Browser, chromium } from 'playwright-core';
import { adminToken, as, createManager, createPerson, createSite, login } from '../factories/api.factory';
import { createCertification, createWorkshop, logEvidence, skillsOf } from '../factories/skills.factory';
import { startTestApp, TestApp } from '../e2e/harness';
import { CHROMIUM_ARGS } from './support';

/** A learner on a phone: their path toward a target, and enrolling in a workshop with one tap. */
describe('skills pages on a phone in headless Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await adminToken(t);
    const site = await createSite(t, admin, { name: 'EPN de la Paillade' });
    const manager = (await createManager(t, admin, site.id)).token;
    const skills = await skillsOf(t, manager, site.id);
    await createCertification(t, manager, site.id, 'Pix — prêt pour la certification', [
      { skillId: skills.skill('1.1').id, level: 3 },
      { skillId: skills.skill('2.1').id, level: 2 },
    ]);
    const email = `fatou-${randomUUID().slice(0, 6)}@exemple.fr`;
    const person = await createPerson(t, manager, site.id, { firstName: 'Fatou', email, password: 'fatou-password-12' });
    await logEvidence(t, manager, person.id, skills.skill('1.1').id, 2);
    await as(t, manager).put(`/api/skills/people/${person.id}/profile`, { need: 'job_search' }).expect(200);
    await createWorkshop(t, manager, site.id, { title: 'Rédiger son CV', capacity: 1 });
    token = await login(t, email, 'fatou-password-12');
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows progress and what is missing on a 360 px screen, and enrols with one tap', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    await context.addCookies([{ name: 'fablab_session', value: token, url: t.url }]);
    const page = await context.newPage();
    await page.goto(`${t.url}/skills/me`);
    await page.getByRole('heading', { name: 'Mes objectifs' }).waitFor();
    await page.getByText('Pix — prêt pour la certification').waitFor();
    expect(await page.getByRole('progressbar').getAttribute('value')).toBe('40'); // 2 of 5 levels
    await page.getByText('Il manque :').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    if (process.env.SCREENSHOTS) await page.screenshot({ path: '/tmp/skills-me.png', fullPage: true });

    await page.goto(`${t.url}/workshops`);
    const enrol = page.getByRole('button', { name: 'Je m’inscris' });
    expect((await enrol.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await enrol.tap();
    await page.getByText('Vous êtes inscrit·e.').waitFor();
    if (process.env.SCREENSHOTS) await page.screenshot({ path: '/tmp/skills-workshops.png', fullPage: true });
    await context.close();
  });
});
