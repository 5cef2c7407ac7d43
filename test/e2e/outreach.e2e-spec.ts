import { randomUUID } from 'node:crypto';
import { MailService } from '../../src/infra/mail/mail.service';
import { adminToken, as, createManager, createSite } from '../factories/api.factory';
import { createMediator, individual, workshop } from '../factories/mediation.factory';
import { createStop, dayIn, stopBody } from '../factories/outreach.factory';
import { createLocation, createPart, receive } from '../factories/repairs.factory';
import { createMember, parseCsv } from '../factories/trainings.factory';
import { startTestApp, TestApp } from './harness';

/** What the phone sends for an activity at a stop: the mediation body without the place (the stop's). */
const atStop = (body: Record<string, unknown>) => {
  const { placeType: _p, date: _d, ...rest } = body;
  return rest;
};

describe(`outreach: stops, sign-ups, loans and logging on the spot (${process.env.TEST_DB})`, () => {
  let t: TestApp;
  let admin: string;
  let site: { id: string; slug: string };
  let manager: string;
  let mediator: string;
  let maker: string;
  let managerB: string;
  const publicSignup = (stopId: string, body: object) => t.http().post(`/api/outreach/public/stops/${stopId}/signups`).send(body);

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminToken(t);
    site = await createSite(t, admin);
    const siteB = await createSite(t, admin);
    manager = (await createManager(t, admin, site.id)).token;
    managerB = (await createManager(t, admin, siteB.id)).token;
    mediator = (await createMediator(t, manager, site.id)).token;
    maker = (await createMember(t, manager, site.id)).token;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('plans, lists, changes and deletes stops, refusing bad input in French', async () => {
    const stop = await createStop(t, mediator, { capacity: 10 });
    expect(stop).toMatchObject({ siteId: site.id, placeName: 'Mairie annexe de Saint-Pierre', capacity: 10, signupsCount: 0, inseeCode: '29019' });
    const list = (await as(t, mediator).get('/api/outreach/stops').expect(200)).body;
    expect(list.map((s: { id: string }) => s.id)).toContain(stop.id);

    const moved = (await as(t, manager).patch(`/api/outreach/stops/${stop.id}`, { startsAt: '14:00', endsAt: '17:30', commune: 'Plouzané' }).expect(200)).body;
    expect(moved).toMatchObject({ startsAt: '14:00', endsAt: '17:30', commune: 'Plouzané', placeName: 'Mairie annexe de Saint-Pierre' });

    const bad = (
      await as(t, mediator)
        .post('/api/outreach/stops', stopBody({ inseeCode: '2900', postalCode: 'abc' }))
        .expect(400)
    ).body;
    expect(bad.fields.inseeCode.join(' ')).toContain('Code Insee');
    expect(bad.fields.postalCode.join(' ')).toContain('Code postal');
    const backwards = (
      await as(t, mediator)
        .post('/api/outreach/stops', stopBody({ startsAt: '12:00', endsAt: '09:00' }))
        .expect(400)
    ).body;
    expect(backwards.fields.endsAt.join(' ')).toContain('après le début');
    const past = (
      await as(t, mediator)
        .post('/api/outreach/stops', stopBody({ date: dayIn(-2) }))
        .expect(400)
    ).body;
    expect(past.fields.date.join(' ')).toContain('passé');
    const hour = (await as(t, mediator).patch(`/api/outreach/stops/${stop.id}`, { endsAt: '25:00' }).expect(400)).body;
    expect(hour.message).toContain('HH:MM');

    await as(t, mediator).delete(`/api/outreach/stops/${stop.id}`).expect(200);
    await as(t, mediator).get(`/api/outreach/stops/${stop.id}`).expect(404);
  });

  it('keeps stops to the mediators and managers of their site', async () => {
    const stop = await createStop(t, manager);
    await as(t, maker).post('/api/outreach/stops', stopBody()).expect(403);
    await as(t, maker).get(`/api/outreach/stops/${stop.id}/signups`).expect(403);
    await as(t, managerB).get(`/api/outreach/stops/${stop.id}`).expect(404);
    await as(t, managerB).patch(`/api/outreach/stops/${stop.id}`, { capacity: 50 }).expect(404);
    await as(t, managerB).get(`/api/outreach/stops/${stop.id}/signups`).expect(404);
    await as(t, managerB)
      .post('/api/outreach/stops', stopBody({ siteId: site.id }))
      .expect(403);
    await as(t, managerB).post(`/api/outreach/stops/${stop.id}/activities`, atStop(individual())).expect(404);
    const theirs = (await as(t, managerB).get('/api/outreach/stops').expect(200)).body;
    expect(theirs.map((s: { id: string }) => s.id)).not.toContain(stop.id);
    // The stops' pages: a maker is refused, another site's manager gets nothing of A.
    expect((await as(t, maker).get('/outreach').redirects(0)).status).toBe(403);
    expect((await as(t, managerB).get(`/outreach/stops/${stop.id}`)).status).toBe(404);
  });

  it('takes public sign-ups up to the cap, with a French confirmation, never past it even at once', async () => {
    const stop = await createStop(t, mediator, { capacity: 3 });
    const first = (await publicSignup(stop.id, { name: 'Jeanne Le Goff', phone: '06 12 34 56 78' }).expect(201)).body;
    expect(first.confirmation).toContain('Inscription confirmée, Jeanne Le Goff : Mairie annexe de Saint-Pierre, 12 rue de la Mairie, 29200 Brest');
    expect(first.confirmation).toMatch(/de 9 h 30 à 12 h/);
    expect(first.stop.placesLeft).toBe(2);
    await publicSignup(stop.id, { name: 'Yves Kerjean', email: 'yves.kerjean@example.org' }).expect(201);
    const mail = t.app.get(MailService);
    expect(mail.sent.find((m) => m.to === 'yves.kerjean@example.org')?.text).toContain('Inscription confirmée');

    const twice = (await publicSignup(stop.id, { name: 'Jeanne L.', phone: '0612345678' }).expect(409)).body;
    expect(twice.code).toBe('already_signed_up');
    const noWay = (await publicSignup(stop.id, { name: 'Sans contact' }).expect(400)).body;
    expect(noWay.fields.phone.join(' ')).toContain('Téléphone ou e-mail');
    await publicSignup(stop.id, { name: 'Anne Bihan', phone: '+262 692 12 34 56' }).expect(201);
    const full = (await publicSignup(stop.id, { name: 'Paul Tanguy', phone: '0698765432' }).expect(409)).body;
    expect(full).toMatchObject({ code: 'full' });
    expect(full.message).toContain('Complet : les 3 places');

    const listed = (await as(t, mediator).get(`/api/outreach/stops/${stop.id}/signups`).expect(200)).body;
    expect(listed.map((s: { name: string }) => s.name)).toEqual(['Jeanne Le Goff', 'Yves Kerjean', 'Anne Bihan']);
    expect(listed[0].phone).toBe('0612345678');
    const lower = (await as(t, manager).patch(`/api/outreach/stops/${stop.id}`, { capacity: 2 }).expect(400)).body;
    expect(lower.fields.capacity.join(' ')).toContain('3 personnes sont déjà inscrites');

    // A cancellation frees its place for the next person.
    await as(t, mediator).delete(`/api/outreach/stops/${stop.id}/signups/${listed[1].id}`).expect(200);
    await publicSignup(stop.id, { name: 'Paul Tanguy', phone: '0698765432' }).expect(201);

    // The public list: the places left, no one's name.
    const pub = (await t.http().get(`/api/outreach/public/${site.slug}/stops`).expect(200)).body;
    const mine = pub.stops.find((s: { id: string }) => s.id === stop.id);
    expect(mine).toMatchObject({ placesLeft: 0, capacity: 3, commune: 'Brest' });
    expect(JSON.stringify(pub)).not.toContain('Jeanne');
    const page = await t.http().get(`/outreach/public/${site.slug}`).expect(200);
    expect(page.text).toContain('Prochains passages');
    expect(page.text).toContain('Complet');

    // Eight people for the last two places of another stop, all at once: exactly two get in.
    const race = await createStop(t, mediator, { capacity: 2 });
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => publicSignup(race.id, { name: `Personne ${i}`, phone: `07000000${10 + i}` })));
    expect(answers.filter((r) => r.status === 201)).toHaveLength(2);
    expect(answers.filter((r) => r.status === 409).every((r) => r.body.code === 'full')).toBe(true);
    const after = (await as(t, mediator).get(`/api/outreach/stops/${race.id}`).expect(200)).body;
    expect(after.signupsCount).toBe(2);
    expect((await as(t, mediator).get(`/api/outreach/stops/${race.id}/signups`).expect(200)).body).toHaveLength(2);

    await as(t, mediator).delete(`/api/outreach/stops/${stop.id}`).expect(409);
  });

  it('lends equipment from the stock for a stop and checks it back in, the stock following', async () => {
    const stop = await createStop(t, mediator);
    const location = await createLocation(t, manager, site.id, { name: 'Armoire du Numéribus' });
    const tablet = await createPart(t, manager, site.id, { name: 'Tablette Samsung A8', category: 'tablette', lowStockThreshold: 0 });
    await receive(t, manager, tablet.id, location.id, 5);
    const stock = async () => (await as(t, manager).get(`/api/inventory/parts/${tablet.id}`).expect(200)).body.quantity;

    const loan = (await as(t, mediator).post(`/api/outreach/stops/${stop.id}/loans`, { partId: tablet.id, locationId: location.id, quantity: 3 }).expect(201))
      .body;
    expect(loan).toMatchObject({ quantity: 3, outstanding: 3, closedAt: null, forRef: `outreach-stop:${stop.id}` });
    expect(await stock()).toBe(2);
    const tooMany = (
      await as(t, mediator).post(`/api/outreach/stops/${stop.id}/loans`, { partId: tablet.id, locationId: location.id, quantity: 5 }).expect(409)
    ).body;
    expect(tooMany.code).toBe('out_of_stock');
    await as(t, mediator).post(`/api/outreach/stops/${stop.id}/loans`, { partId: tablet.id, locationId: location.id, quantity: 0 }).expect(400);

    const partly = (await as(t, mediator).post(`/api/outreach/stops/${stop.id}/loans/${loan.id}/return`, { returned: 2 }).expect(200)).body;
    expect(partly).toMatchObject({ returnedQuantity: 2, outstanding: 1, closedAt: null });
    expect(await stock()).toBe(4);
    const over = (await as(t, mediator).post(`/api/outreach/stops/${stop.id}/loans/${loan.id}/return`, { returned: 2 }).expect(409)).body;
    expect(over.message).toContain('plus que 1');
    await as(t, mediator).delete(`/api/outreach/stops/${stop.id}`).expect(409);
    const lost = (await as(t, manager).post(`/api/outreach/stops/${stop.id}/loans/${loan.id}/return`, { lost: 1 }).expect(200)).body;
    expect(lost).toMatchObject({ lostQuantity: 1, outstanding: 0 });
    expect(lost.closedAt).not.toBeNull();
    expect(await stock()).toBe(4);

    const moves = (await as(t, manager).get(`/api/inventory/parts/${tablet.id}/moves`).expect(200)).body;
    expect(moves.map((m: { kind: string; delta: number }) => `${m.kind}${m.delta}`).sort()).toEqual(['lent-3', 'received5', 'returned2']);
    expect(moves.filter((m: { loanId: string | null }) => m.loanId === loan.id)).toHaveLength(2);

    // Another site's manager neither lends for A's stop nor checks A's equipment in.
    await as(t, managerB).post(`/api/outreach/stops/${stop.id}/loans`, { partId: tablet.id, locationId: location.id, quantity: 1 }).expect(404);
    await as(t, managerB).post(`/api/outreach/stops/${stop.id}/loans/${loan.id}/return`, {}).expect(404);
    await as(t, maker).post(`/api/outreach/stops/${stop.id}/loans`, { partId: tablet.id, locationId: location.id, quantity: 1 }).expect(403);
    // A loan of another stop is not this stop's.
    const other = await createStop(t, mediator);
    await as(t, mediator).post(`/api/outreach/stops/${other.id}/loans/${loan.id}/return`, {}).expect(404);
    const all = (await as(t, mediator).get(`/api/outreach/stops/${stop.id}/loans`).expect(200)).body;
    expect(all).toHaveLength(1);
  });

  it('logs accompaniments and workshops at the stop into the mediation log, with the stop as « Autre lieu »', async () => {
    const stop = await createStop(t, mediator, { placeName: 'Centre social de Kerangoff', address: '3 place Vinet', inseeCode: '29019' });
    const one = (
      await as(t, mediator)
        .post(`/api/outreach/stops/${stop.id}/activities`, atStop(individual({ gender: 'feminin', birthYear: 1950 })))
        .expect(201)
    ).body;
    expect(one).toMatchObject({
      created: true,
      siteId: site.id,
      date: stop.date,
      placeType: 'autre',
      placeName: 'Centre social de Kerangoff',
      placeAddress: '3 place Vinet',
      placeCommune: 'Brest',
      placePostalCode: '29200',
      placeInseeCode: '29019',
      participantsCount: 1,
    });
    const group = (
      await as(t, mediator)
        .post(`/api/outreach/stops/${stop.id}/activities`, atStop(workshop({ anonymous: { total: 6, alreadyAccompanied: 2 } })))
        .expect(201)
    ).body;
    expect(group).toMatchObject({ type: 'collectif', participantsCount: 6, placeType: 'autre' });
    const placed = (
      await as(t, mediator)
        .post(`/api/outreach/stops/${stop.id}/activities`, { ...atStop(individual()), placeType: 'lieu_activite' })
        .expect(400)
    ).body;
    expect(placed.message).toContain('placeType');
    const noTopic = (
      await as(t, mediator)
        .post(`/api/outreach/stops/${stop.id}/activities`, atStop(individual({ topics: [] })))
        .expect(400)
    ).body;
    expect(noTopic.message).toContain('thématique');

    const log = (await as(t, manager).get(`/api/mediation/activities?from=${stop.date}&to=${stop.date}`).expect(200)).body;
    expect(log.map((a: { id: string }) => a.id).sort()).toEqual([one.id, group.id].sort());
    const detail = (await as(t, mediator).get(`/api/outreach/stops/${stop.id}`).expect(200)).body;
    expect(detail.activities.map((a: { activityId: string; participantsCount: number }) => [a.activityId, a.participantsCount])).toEqual(
      expect.arrayContaining([
        [one.id, 1],
        [group.id, 6],
      ]),
    );
    // The national export names the stop's place and address.
    const csv = parseCsv((await as(t, manager).get(`/api/mediation/exports/activities.csv?from=${stop.date}&to=${stop.date}`).expect(200)).text).rows;
    const rows = csv.filter((r) => r.includes(one.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toEqual(expect.arrayContaining(['Autre lieu', 'Centre social de Kerangoff', '3 place Vinet', 'Brest', '29200', '29019']));
    // Home visits never carry a place name or address.
    const home = (
      await as(t, mediator)
        .post('/api/mediation/activities', individual({ placeType: 'domicile', placeCommune: 'Brest', placePostalCode: '29200', placeAddress: '1 rue X' }))
        .expect(400)
    ).body;
    expect(home.message).toContain('jamais l’adresse d’un domicile');
  });

  it('writes an activity sent twice, or three times at once, exactly once', async () => {
    const stop = await createStop(t, mediator);
    const body = atStop(individual({ id: randomUUID() }));
    const first = await as(t, mediator).post(`/api/outreach/stops/${stop.id}/activities`, body).expect(201);
    const again = await as(t, mediator)
      .post(`/api/outreach/stops/${stop.id}/activities`, { ...body, durationMinutes: 90 })
      .expect(200);
    expect(again.body).toMatchObject({ id: first.body.id, created: false, durationMinutes: 45 });

    const racing = atStop(workshop({ id: randomUUID(), anonymous: { total: 4 } }));
    const answers = await Promise.all([1, 2, 3].map(() => as(t, mediator).post(`/api/outreach/stops/${stop.id}/activities`, racing)));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 201]);

    const detail = (await as(t, mediator).get(`/api/outreach/stops/${stop.id}`).expect(200)).body;
    expect(detail.activities).toHaveLength(2);
    const log = (await as(t, manager).get(`/api/mediation/activities?from=${stop.date}&to=${stop.date}`).expect(200)).body;
    expect(log.filter((a: { id: string }) => a.id === body.id || a.id === racing.id)).toHaveLength(2);
    const accompaniments = (await as(t, manager).get(`/api/mediation/activities/${racing.id}`).expect(200)).body.participants;
    expect(accompaniments).toHaveLength(4);

    // The same id at another stop, or already used by the plain log elsewhere, is a conflict, not a second line.
    const other = await createStop(t, mediator);
    await as(t, mediator).post(`/api/outreach/stops/${other.id}/activities`, body).expect(409);
    const plain = individual();
    await as(t, mediator).post('/api/mediation/activities', plain).expect(201);
    await as(t, mediator).post(`/api/outreach/stops/${stop.id}/activities`, atStop(plain)).expect(409);
    expect((await as(t, mediator).get(`/api/outreach/stops/${other.id}`).expect(200)).body.activities).toHaveLength(0);
  });
});
