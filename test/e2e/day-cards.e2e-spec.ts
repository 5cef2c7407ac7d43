import {
  adminToken,
  as,
  createBadge,
  createMachine,
  createManager,
  createPerson,
  createSite,
  createTraining,
  randomUid,
  recordPass,
  registerBridge,
} from '../factories/api.factory';
import { FakeBridge } from '../factories/bridge-client';
import { createMaker } from '../factories/jobs.factory';
import { waitUntil } from '../factories/wait';
import { startTestApp, TestApp } from './harness';

jest.setTimeout(120_000);

describe(`day cards and visitor passes (${process.env.TEST_DB})`, () => {
  let t: TestApp;
  let manager: string;
  let site: { id: string; slug: string };
  let laser: { id: string; slug: string };
  let training: { id: string };
  let bridge: FakeBridge;
  const card = randomUid(7);

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await adminToken(t);
    site = await createSite(t, admin);
    manager = (await createManager(t, admin, site.id)).token;
    laser = await createMachine(t, manager, site.id, { type: 'laser', name: 'Laser' });
    training = await createTraining(t, manager, site.id, { name: 'Découpe laser', machineTypes: ['laser'] });
    const reg = await registerBridge(t, admin, site.id, [laser.slug]);
    bridge = await FakeBridge.connect(t.mqttUrl, reg.credentials, site.slug, reg.bridge.slug);
    await bridge.serve(laser.slug);
  });
  afterAll(async () => {
    await bridge?.end();
    await t?.close();
  });

  const cards = async () => (await as(t, manager).get('/api/badges/day-cards').expect(200)).body;
  const endSession = async (sessionId: string) => {
    await bridge.event(laser.slug, 'session.ended', { sessionId, reason: 'badge_out' });
    await waitUntil(async () => (await as(t, manager).get('/api/sessions/open')).body.every((s: any) => s.machineId !== laser.id));
  };

  it('lends a card to a visitor named at the desk, until the end of the day; the card opens what their trainings allow, then is taken back and refused', async () => {
    await t
      .http()
      .post('/badges/day-cards')
      .set('Authorization', `Bearer ${manager}`)
      .type('form')
      .send({ uid: card, personId: '', firstName: 'Samia', lastName: 'Benyahia', until: '' })
      .expect(303)
      .expect('Location', '/badges/day-cards');
    const [lent] = await cards();
    expect(lent).toMatchObject({ uid: card, purpose: 'day_card', lent: true });
    expect(lent.holder).toContain('Samia');
    expect(Date.parse(lent.validUntil)).toBeGreaterThan(Date.now());
    expect(Date.parse(lent.validUntil) - Date.now()).toBeLessThanOrEqual(86_400_000);
    // A day card is a badge: the visitor's trainings still decide.
    expect(await bridge.badge(laser.slug, card)).toMatchObject({ decision: 'denied', reason: 'training_missing' });
    await recordPass(t, manager, lent.personId, training.id, new Date().toISOString().slice(0, 10));
    await waitUntil(async () => (await bridge.badge(laser.slug, card)).decision === 'granted');
    const open = (await as(t, manager).get('/api/sessions/open').expect(200)).body.find((s: any) => s.machineId === laser.id);
    expect(Date.parse(open.until)).toBeLessThanOrEqual(Date.parse(lent.validUntil));
    await endSession(open.id);

    // Lent already: not twice. A member's card is never lent.
    expect((await as(t, manager).post('/api/badges/day-cards', { uid: card, firstName: 'Autre' }).expect(409)).body.code).toBe('already_lent');
    const member = await createPerson(t, manager, site.id, { firstName: 'Léa' });
    const memberCard = await createBadge(t, manager, member.id);
    expect((await as(t, manager).post('/api/badges/day-cards', { uid: memberCard.uid, firstName: 'Autre' }).expect(409)).body.code).toBe('uid_taken');
    expect(
      (
        await as(t, manager)
          .post('/api/badges/day-cards', { uid: randomUid(7) })
          .expect(400)
      ).body.message,
    ).toContain('visiteur');

    const page = (await t.http().get('/badges/day-cards').set('Authorization', `Bearer ${manager}`).expect(200)).text;
    expect(page).toContain('prêtée à Samia');
    await t.http().post(`/badges/day-cards/${lent.id}/return`).set('Authorization', `Bearer ${manager}`).expect(303);
    expect((await cards())[0].lent).toBe(false);
    await waitUntil(async () => (await bridge.badge(laser.slug, card)).reason === 'badge_expired');
    const refused = await bridge.badge(laser.slug, card);
    expect(refused.message.fr).toContain("Rendez-la à l'accueil");
  });

  it('lends the same card again to a member until an hour given; a time already past is refused', async () => {
    const maker = await createMaker(t, manager, site.id, 'Nora');
    await recordPass(t, manager, maker.person.id, training.id, new Date().toISOString().slice(0, 10));
    const inAnHour = new Date(Date.now() + 3_600_000);
    const again = (await as(t, manager).post('/api/badges/day-cards', { uid: card, personId: maker.person.id, until: inAnHour.toISOString() }).expect(201))
      .body;
    expect(again).toMatchObject({ personId: maker.person.id, purpose: 'day_card' });
    let reply: any;
    await waitUntil(async () => (reply = await bridge.badge(laser.slug, card)).decision === 'granted');
    expect(Date.parse(reply.until)).toBeLessThanOrEqual(inAnHour.getTime());
    await endSession(reply.sessionId);
    await as(t, manager).post(`/api/badges/${again.id}/return`).expect(201);
    const past = await as(t, manager)
      .post('/api/badges/day-cards', { uid: card, personId: maker.person.id, until: new Date(Date.now() - 60_000).toISOString() })
      .expect(400);
    expect(past.body.message).toContain('heure à venir');
  });

  it('refuses a visitor pass before its window, with its own reason', async () => {
    const visitor = await createPerson(t, manager, site.id, { firstName: 'Ivo' });
    await recordPass(t, manager, visitor.id, training.id, new Date().toISOString().slice(0, 10));
    const tomorrow = new Date(Date.now() + 86_400_000);
    const pass = (
      await as(t, manager)
        .post('/api/badges', {
          personId: visitor.id,
          uid: randomUid(7),
          purpose: 'visitor',
          validFrom: tomorrow.toISOString(),
          validUntil: new Date(tomorrow.getTime() + 3_600_000).toISOString(),
        })
        .expect(201)
    ).body;
    const reply = await bridge.badge(laser.slug, pass.uid);
    expect(reply).toMatchObject({ decision: 'denied', reason: 'badge_not_yet_valid' });
    expect(reply.message.fr).toContain('valable qu');
    await as(t, manager)
      .post('/api/badges', { personId: visitor.id, uid: randomUid(7), validFrom: tomorrow.toISOString(), validUntil: new Date().toISOString() })
      .expect(400);
    await as(t, manager)
      .post('/api/badges', { personId: visitor.id, uid: randomUid(7), purpose: 'touriste' })
      .expect(400);
  });

  it('is for the site’s managers only', async () => {
    const maker = await createMaker(t, manager, site.id, 'Zoé');
    await as(t, maker.token).get('/api/badges/day-cards').expect(403);
    await t.http().get('/badges/day-cards').set('Authorization', `Bearer ${maker.token}`).expect(403);
    const admin = await adminToken(t);
    const other = await createSite(t, admin);
    const otherManager = (await createManager(t, admin, other.id)).token;
    expect((await as(t, otherManager).get('/api/badges/day-cards').expect(200)).body).toEqual([]);
    const [mine] = await cards();
    await as(t, otherManager).post(`/api/badges/${mine.id}/return`).expect(404);
  });
});
