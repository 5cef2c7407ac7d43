import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { UsageSession } from '../../src/access/entities/usage-session.entity';
import { MaintenancePlan } from '../../src/maintenance/entities/maintenance-plan.entity';
import { adminToken, as, createManager, createMachine, createPerson, createSite, login } from '../factories/api.factory';
import { createMaker } from '../factories/jobs.factory';
import { createLocation, createPart, receive } from '../factories/repairs.factory';
import { startTestApp, TestApp } from './harness';

jest.setTimeout(120_000);

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);

describe(`machine care (${process.env.TEST_DB})`, () => {
  let t: TestApp;
  let site: { id: string; slug: string };
  let manager: string;
  let trainer: string;
  let maker: string;
  let laser: { id: string; slug: string; name: string };
  let personId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await adminToken(t);
    site = await createSite(t, admin);
    manager = (await createManager(t, admin, site.id)).token;
    const trainerPerson = await createPerson(t, manager, site.id, {
      firstName: 'Marc',
      role: 'trainer',
      email: `marc-${randomUUID()}@test.fablab`,
      password: 'mot-de-passe-formateur',
    });
    trainer = await login(t, (trainerPerson as any).email, 'mot-de-passe-formateur');
    const m = await createMaker(t, manager, site.id);
    maker = m.token;
    personId = m.person.id;
    laser = await createMachine(t, manager, site.id, { name: 'Découpeuse laser', type: 'laser' });
  });
  afterAll(() => t?.close());

  /** A finished session on the machine, as the access feature records it. */
  async function usedFor(fromHoursAgo: number, toHoursAgo: number) {
    const [startedAt, endedAt] = [hoursAgo(fromHoursAgo), hoursAgo(toHoursAgo)];
    await t.app
      .get(DataSource)
      .getRepository(UsageSession)
      .insert({ id: randomUUID(), siteId: site.id, machineId: laser.id, personId, badgeId: null, startedAt, until: endedAt, endedAt, endReason: 'badge_out' });
  }

  it('counts hours of use toward a preventive task, shows it due on the wall screen, and a log entry resets it and takes its part from stock', async () => {
    const plan = (await as(t, manager).post(`/api/machines/${laser.id}/maintenance/plans`, { task: 'Nettoyer la lentille', everyHours: 2 }).expect(201)).body;
    expect(plan).toMatchObject({ task: 'Nettoyer la lentille', everyHours: 2, usedHours: 0, due: false });
    // Done 5 h ago; used 3 h since (4 h ago → 1 h ago): due 2 h ago.
    await t.app
      .get(DataSource)
      .getRepository(MaintenancePlan)
      .update({ id: plan.id }, { lastDoneAt: hoursAgo(5) });
    await usedFor(4, 1);
    await usedFor(9, 6); // before it was last done: not counted
    const state = (await as(t, trainer).get(`/api/machines/${laser.id}/maintenance`).expect(200)).body.plans[0];
    expect(state).toMatchObject({ usedHours: 3, due: true });
    expect(Math.abs(Date.parse(state.dueAt) - hoursAgo(2).getTime())).toBeLessThan(5_000);

    const wall = (await as(t, manager).get('/api/dashboard').expect(200)).body;
    expect(wall.alerts).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'maintenance_due', machineId: laser.id, message: 'Nettoyer la lentille' })]),
    );

    const bin = await createLocation(t, manager, site.id, { name: 'Armoire laser' });
    const lens = await createPart(t, manager, site.id, { name: 'Lentille 20 mm' });
    await receive(t, manager, lens.id, bin.id, 2);
    // Not enough in stock: nothing is logged, nothing taken.
    const short = await as(t, trainer)
      .post(`/api/machines/${laser.id}/maintenance`, {
        what: 'Lentille changée',
        planId: plan.id,
        parts: [{ partId: lens.id, locationId: bin.id, quantity: 3 }],
      })
      .expect(409);
    expect(short.body.message).toContain('Stock insuffisant');
    expect((await as(t, manager).get(`/api/inventory/parts/${lens.id}`).expect(200)).body.quantity).toBe(2);

    const entry = (
      await as(t, trainer)
        .post(`/api/machines/${laser.id}/maintenance`, {
          what: 'Lentille changée, miroirs nettoyés',
          planId: plan.id,
          downtimeMinutes: 45,
          parts: [{ partId: lens.id, locationId: bin.id, quantity: 1 }],
        })
        .expect(201)
    ).body;
    expect(entry.partsUsed).toEqual([{ partId: lens.id, locationId: bin.id, quantity: 1, name: 'Lentille 20 mm' }]);
    expect((await as(t, manager).get(`/api/inventory/parts/${lens.id}`).expect(200)).body.quantity).toBe(1);
    const after = (await as(t, manager).get(`/api/machines/${laser.id}/maintenance`).expect(200)).body;
    expect(after.plans[0]).toMatchObject({ due: false, usedHours: 0 });
    expect(after.records.map((r: any) => r.what)).toEqual(['Lentille changée, miroirs nettoyés']);
    expect((await as(t, manager).get('/api/dashboard').expect(200)).body.alerts.filter((a: any) => a.kind === 'maintenance_due')).toEqual([]);
  });

  it('says what is wrong in French (400), and the pages log care for staff only', async () => {
    const noTask = await as(t, manager).post(`/api/machines/${laser.id}/maintenance/plans`, { task: 'x', everyHours: 0 }).expect(400);
    expect(JSON.stringify(noTask.body)).toContain('demi-heure');
    await as(t, manager).post(`/api/machines/${laser.id}/maintenance`, { what: '' }).expect(400);
    await as(t, manager).post(`/api/machines/${laser.id}/maintenance`, { what: 'Test', doneAt: 'hier' }).expect(400);
    const future = await as(t, manager)
      .post(`/api/machines/${laser.id}/maintenance`, { what: 'Plus tard', doneAt: new Date(Date.now() + 86_400_000).toISOString() })
      .expect(400);
    expect(future.body.message).toContain('futur');

    await t
      .http()
      .post(`/machines/${laser.id}/maintenance/plans`)
      .set('Authorization', `Bearer ${manager}`)
      .type('form')
      .send({ task: 'Graisser les axes', everyHours: '100,5' })
      .expect(303);
    await t
      .http()
      .post(`/machines/${laser.id}/maintenance`)
      .set('Authorization', `Bearer ${trainer}`)
      .type('form')
      .send({ what: 'Courroie retendue', planId: '', doneAt: '2026-11-30T10:15', downtimeMinutes: '20', partId: '', locationId: '', quantity: '' })
      .expect(303);
    const page = (await t.http().get(`/machines/${laser.id}/maintenance`).set('Authorization', `Bearer ${trainer}`).expect(200)).text;
    expect(page).toContain('Entretien : Découpeuse laser');
    expect(page).toContain('Graisser les axes');
    expect(page).toContain('Courroie retendue');
    expect(page).toContain('arrêt 20 min');
    expect(page).toContain('30/11/2026'); // the site's local date, not UTC
    const overview = (await t.http().get('/maintenance').set('Authorization', `Bearer ${manager}`).expect(200)).text;
    expect(overview).toContain('Découpeuse laser');
    expect(overview).toContain('Entretien des machines');

    await t.http().get('/maintenance').set('Authorization', `Bearer ${maker}`).expect(403);
    await t.http().get(`/machines/${laser.id}/maintenance`).set('Authorization', `Bearer ${maker}`).expect(403);
    await as(t, maker).get(`/api/machines/${laser.id}/maintenance`).expect(403);
    await as(t, trainer).post(`/api/machines/${laser.id}/maintenance/plans`, { task: 'Par un formateur', everyHours: 10 }).expect(403);
  });

  it('keeps another site out', async () => {
    const admin = await adminToken(t);
    const other = await createSite(t, admin);
    const otherManager = (await createManager(t, admin, other.id)).token;
    await as(t, otherManager).get(`/api/machines/${laser.id}/maintenance`).expect(404);
    await as(t, otherManager).post(`/api/machines/${laser.id}/maintenance`, { what: 'Intrusion' }).expect(404);
    await t.http().get(`/machines/${laser.id}/maintenance`).set('Authorization', `Bearer ${otherManager}`).expect(404);
    const overview = (await t.http().get('/maintenance').set('Authorization', `Bearer ${otherManager}`).expect(200)).text;
    expect(overview).not.toContain('Découpeuse laser');
  });
});
