import sharp from 'sharp';
import { warrantyEndWords } from '../../src/repairs/catalogue';
import { adminToken, as, createManager, createSite } from '../factories/api.factory';
import { pdfWords } from '../factories/pdf-text';
import { createVolunteer, readyDevice as readyDeviceOf } from '../factories/repairs.factory';
import { createMember } from '../factories/trainings.factory';
import { startTestApp, TestApp } from './harness';

/** Reads a binary answer whole (supertest's parser hook). */
function binary(res: NodeJS.ReadableStream, cb: (err: Error | null, body: Buffer) => void) {
  const c: Buffer[] = [];
  res.on('data', (d: Buffer) => c.push(d));
  res.on('end', () => cb(null, Buffer.concat(c)));
}

const CRITERIA = [
  { code: 'minima_sociaux', label: 'Bénéficiaire des minima sociaux (RSA, ASS, AAH)' },
  { code: 'job_seeker', label: "Demandeur d'emploi" },
  { code: 'student', label: 'Étudiant·e' },
];

describe(`refurbished devices catalogue: request, reservation, release and receipt (${process.env.TEST_DB})`, () => {
  let t: TestApp;
  let manager: string;
  let volunteer: string;
  let managerB: string;
  let maker: string;
  let site: { id: string; slug: string; name: string };
  let siteB: { id: string; slug: string };
  let jpeg: Buffer;

  const readyDevice = (token: string, siteId: string, priceCents = 4500, extra: { list?: boolean; erase?: boolean } = {}) =>
    readyDeviceOf(t, token, siteId, { priceCents, photo: jpeg, ...extra });

  const ask = (deviceId: string, over: Record<string, unknown> = {}) =>
    t
      .http()
      .post(`/api/catalogue/${site.slug}/requests`)
      .send({ deviceId, name: 'Samia', contact: '06 12 34 56 78', eligibility: ['job_seeker'], ...over });

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await adminToken(t);
    site = await createSite(t, admin);
    siteB = await createSite(t, admin);
    manager = (await createManager(t, admin, site.id)).token;
    managerB = (await createManager(t, admin, siteB.id)).token;
    volunteer = (await createVolunteer(t, manager, site.id)).token;
    maker = (await createMember(t, manager, site.id)).token;
    jpeg = await sharp({ create: { width: 60, height: 40, channels: 3, background: '#36c' } })
      .jpeg()
      .toBuffer();
    await as(t, manager).put('/api/repairs/settings', { siteId: site.id, eligibilityCriteria: CRITERIA, warrantyMonths: 6, catalogueOpen: true }).expect(200);
    await as(t, managerB).put('/api/repairs/settings', { siteId: siteB.id, eligibilityCriteria: CRITERIA, catalogueOpen: true }).expect(200);
  }, 120_000);
  afterAll(() => t?.close());

  it("shows only the site's devices that are ready and listed, without serial number or donor", async () => {
    const listed = await readyDevice(volunteer, site.id, 4500);
    const free = await readyDevice(volunteer, site.id, 0);
    const notListed = await readyDevice(volunteer, site.id, 3000, { list: false });
    const notErased = await readyDevice(volunteer, site.id, 3000, { list: false, erase: false });
    const ofB = await readyDevice(managerB, siteB.id, 2000);
    // Not ready: listing refused with the release rule's own reason.
    const refused = await as(t, volunteer).put(`/api/repairs/devices/${notErased}/listing`, { listed: true }).expect(409);
    expect(refused.body.code).toBe('erasure_required');

    const res = await t.http().get(`/api/catalogue/${site.slug}`).expect(200);
    const ids = res.body.devices.map((d: { id: string }) => d.id);
    expect(ids).toEqual(expect.arrayContaining([listed, free]));
    expect(ids).not.toContain(notListed);
    expect(ids).not.toContain(notErased);
    expect(ids).not.toContain(ofB);
    const card = res.body.devices.find((d: { id: string }) => d.id === listed);
    expect(card).toMatchObject({ title: 'Ordinateur portable Lenovo ThinkPad T480', grade: 'B', price: '45,00\u00a0€', free: false, warrantyMonths: 6 });
    expect(card.specs).toEqual(
      expect.arrayContaining([
        { label: 'Mémoire vive', value: '8 Go' },
        { label: 'Stockage', value: '256 Go SSD' },
      ]),
    );
    expect(res.body.devices.find((d: { id: string }) => d.id === free).price).toBe('Gratuit (don)');
    expect(JSON.stringify(res.body)).not.toMatch(/PF1SECRET|Dupont/);
    expect(res.body.eligibilityCriteria).toEqual(CRITERIA);

    // Its photo is public while it is in the catalogue; the page is French and phone-sized.
    await t.http().get(`/api/catalogue/photos/${card.photoId}?thumb=1`).expect(200);
    const page = await t.http().get(`/catalogue/${site.slug}`).expect(200);
    expect(page.text).toContain('Ordinateurs reconditionnés');
    expect(page.text).toContain('Gratuit (don)');
    expect(page.text).toContain('name="viewport"');
    const form = await t.http().get(`/catalogue/${site.slug}/${listed}`).expect(200);
    expect(form.text).toContain(`data-api="/api/catalogue/${site.slug}/requests"`);
    expect(form.text).toContain('Bénéficiaire des minima sociaux (RSA, ASS, AAH)');
    expect(form.text).not.toMatch(/type="file"/);

    // Taken out of the catalogue: gone from the list, its page and its photo.
    await as(t, volunteer).put(`/api/repairs/devices/${free}/listing`, { listed: false }).expect(200);
    await t.http().get(`/api/catalogue/${site.slug}/devices/${free}`).expect(404);
    await t.http().get(`/catalogue/${site.slug}/${free}`).expect(404);
  });

  it('answers 404 for a site that has not published its catalogue', async () => {
    await as(t, managerB).put('/api/repairs/settings', { siteId: siteB.id, catalogueOpen: false }).expect(200);
    const res = await t.http().get(`/api/catalogue/${siteB.slug}`).expect(404);
    expect(res.body.message).toContain('ne publie pas de catalogue');
    await t.http().get(`/catalogue/${siteB.slug}`).expect(404);
    await t.http().get('/api/catalogue/no-such-site').expect(404);
    await as(t, managerB).put('/api/repairs/settings', { siteId: siteB.id, catalogueOpen: true }).expect(200);
  });

  it('enforces the eligibility rule, records only ticks, and refuses bad input with French reasons', async () => {
    const id = await readyDevice(volunteer, site.id);
    const none = await ask(id, { eligibility: [] }).expect(400);
    expect(none.body.fields.eligibility[0]).toContain('Cochez la situation qui vous concerne');
    const missing = await ask(id, { eligibility: undefined }).expect(400);
    expect(missing.body.fields.eligibility).toBeDefined();
    const unknown = await ask(id, { eligibility: ['caf'] }).expect(400);
    expect(unknown.body.message).toContain('Situation inconnue de ce lieu');
    // A document or a number is never taken: an unknown field is refused, not stored.
    const number = await ask(id, { cafNumber: '1234567' }).expect(400);
    expect(number.body.fields.cafNumber[0]).toMatch(/champ inconnu/i);
    const contact = await ask(id, { contact: 'demain' }).expect(400);
    expect(contact.body.fields.contact[0]).toContain('Téléphone (06 12 34 56 78) ou e-mail');
    const name = await ask(id, { name: '   ' }).expect(400);
    expect(name.body.fields.name[0]).toContain('Votre nom ou prénom');
    const device = await ask('pas-un-id').expect(400);
    expect(device.body.fields.deviceId[0]).toContain("Choisissez l'appareil");
    // A device of another site is not in this catalogue.
    const other = await readyDevice(managerB, siteB.id);
    expect((await ask(other).expect(409)).body.code).toBe('device_unavailable');

    const ok = await ask(id, { eligibility: ['job_seeker', 'student'], contact: 'samia@example.fr' }).expect(201);
    expect(ok.body.reference).toMatch(/^D-[0-9A-F]{6}$/);
    const listed = (await as(t, volunteer).get('/api/repairs/requests').expect(200)).body;
    const mine = listed.find((r: { reference: string }) => r.reference === ok.body.reference);
    expect(mine).toMatchObject({ status: 'waiting', name: 'Samia', contact: 'samia@example.fr', eligibility: ['job_seeker', 'student'] });
    expect(mine.eligibilityWords).toEqual(["Demandeur d'emploi", 'Étudiant·e']);
    // The staff page shows it waiting.
    const page = await as(t, volunteer).get('/repairs/requests').expect(200);
    expect(page.text).toContain(ok.body.reference);
    expect(page.text).toContain('Réserver l’appareil');
    expect(page.text).not.toContain('Publier le catalogue public du lieu');
    const managerPage = await as(t, manager).get('/repairs/requests').expect(200);
    expect(managerPage.text).toMatch(/name="catalogueOpen" data-type="boolean" checked/);
  });

  it('reserves a device once: of two reservations at the same time, one wins', async () => {
    const id = await readyDevice(volunteer, site.id);
    const first = (await ask(id, { name: 'Alice' }).expect(201)).body;
    const second = (await ask(id, { name: 'Bruno', eligibility: ['student'] }).expect(201)).body;
    const open = (await as(t, volunteer).get('/api/repairs/requests').expect(200)).body as Array<{ id: string; reference: string }>;
    const a = open.find((r) => r.reference === first.reference)!;
    const b = open.find((r) => r.reference === second.reference)!;
    const [ra, rb] = await Promise.all([
      as(t, volunteer).post(`/api/repairs/requests/${a.id}/reserve`),
      as(t, manager).post(`/api/repairs/requests/${b.id}/reserve`),
    ]);
    expect([ra.status, rb.status].sort()).toEqual([201, 409]);
    const lost = ra.status === 409 ? ra : rb;
    expect(lost.body.code).toBe('device_taken');
    expect(lost.body.message).toContain('vient d’être réservé');
    const winner = ra.status === 201 ? a : b;
    const device = (await as(t, volunteer).get(`/api/repairs/devices/${id}`).expect(200)).body;
    expect(device.reservedRequestId).toBe(winner.id);
    // Reserved: out of the catalogue, and no new request for it.
    await t.http().get(`/api/catalogue/${site.slug}/devices/${id}`).expect(404);
    expect((await ask(id).expect(409)).body.code).toBe('device_unavailable');
    // The same request twice at once (a double tap): one reservation.
    const id2 = await readyDevice(volunteer, site.id);
    const c = (await ask(id2).expect(201)).body;
    const cId = ((await as(t, volunteer).get('/api/repairs/requests').expect(200)).body as Array<{ id: string; reference: string }>).find(
      (r) => r.reference === c.reference,
    )!.id;
    const twice = await Promise.all([
      as(t, volunteer).post(`/api/repairs/requests/${cId}/reserve`),
      as(t, manager).post(`/api/repairs/requests/${cId}/reserve`),
    ]);
    expect(twice.map((r) => r.status).sort()).toEqual([201, 409]);
    // A reserved device leaves only through its request.
    const direct = await as(t, volunteer)
      .post(`/api/repairs/devices/${id2}/release`, { mode: 'sale', priceCents: 4500, eligibilityCriterion: 'job_seeker' })
      .expect(409);
    expect(direct.body.code).toBe('reserved_for_request');
    // Cancelled: the device is back in the catalogue, the name and contact erased.
    const cancelled = (await as(t, volunteer).post(`/api/repairs/requests/${cId}/cancel`).expect(201)).body;
    expect(cancelled).toMatchObject({ status: 'cancelled', name: '', contact: '' });
    await t.http().get(`/api/catalogue/${site.slug}/devices/${id2}`).expect(200);
  });

  it('releases the reserved device with a French receipt the person keeps, and closes the request', async () => {
    const id = await readyDevice(volunteer, site.id, 4500);
    const asked = (await ask(id, { name: 'Chloé', eligibility: ['job_seeker', 'student'] }).expect(201)).body;
    const req = ((await as(t, volunteer).get('/api/repairs/requests').expect(200)).body as Array<{ id: string; reference: string }>).find(
      (r) => r.reference === asked.reference,
    )!;
    // Before a reservation, no release; a criterion the person did not tick is refused.
    expect((await as(t, volunteer).post(`/api/repairs/requests/${req.id}/release`, {}).expect(409)).body.code).toBe('request_not_reserved');
    await as(t, volunteer).post(`/api/repairs/requests/${req.id}/reserve`, {}).expect(201);
    const wrong = await as(t, volunteer).post(`/api/repairs/requests/${req.id}/release`, { eligibilityCriterion: 'minima_sociaux' }).expect(400);
    expect(wrong.body.message).toContain('n’est pas l’un de ceux que la personne a cochés');
    const bad = await as(t, volunteer).post(`/api/repairs/requests/${req.id}/release`, { priceEuros: 'quarante' }).expect(400);
    expect(bad.body.fields.priceEuros[0]).toContain('Prix en euros attendu');

    const done = (await as(t, volunteer).post(`/api/repairs/requests/${req.id}/release`, { eligibilityCriterion: 'student' }).expect(201)).body;
    expect(done.release).toMatchObject({ deviceId: id, mode: 'sale', priceCents: 4500, eligibilityCriterion: 'student', warrantyMonths: 6 });
    expect(done.request).toMatchObject({ status: 'released', name: '', contact: '', releaseId: done.release.id });
    const device = (await as(t, volunteer).get(`/api/repairs/devices/${id}`).expect(200)).body;
    expect(device.releasedAt).not.toBeNull();
    expect(device.listedAt).toBeNull();
    expect((await as(t, volunteer).post(`/api/repairs/requests/${req.id}/release`, {}).expect(409)).body.code).toBe('request_not_reserved');
    const closed = (await as(t, volunteer).get('/api/repairs/requests?view=closed').expect(200)).body;
    expect(closed.find((r: { id: string }) => r.id === req.id)).toMatchObject({ status: 'released' });
    await as(t, volunteer).get('/api/repairs/requests?view=tout').expect(400);

    const pdf = await as(t, volunteer).get(done.receiptUrl).buffer(true).parse(binary).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = pdfWords(pdf.body as Buffer);
    expect(text).toContain('Reçu de remise d’un appareil reconditionné');
    expect(text).toContain('Appareil : Ordinateur portable Lenovo ThinkPad T480');
    expect(text).toContain('Processeur : Intel Core i5-8250U');
    expect(text).toContain('Mémoire vive : 8 Go');
    expect(text).toContain('Stockage : 256 Go SSD');
    expect(text).toContain('État : B — traces d’usage légères');
    expect(text).toContain('Prix : 45,00 €');
    const end = warrantyEndWords(new Date(done.release.releasedAt), 6, 'Europe/Paris', 'fr');
    expect(text).toContain(`6 mois, jusqu’au ${end} inclus`);
    expect(text).toContain(`Certificat d’effacement des données — référence : ${id}`);
    expect(text).toContain('Étudiant·e');
    expect(text).not.toContain('Chloé');
  });

  it('writes a free device as « don » on its receipt', async () => {
    const id = await readyDevice(volunteer, site.id, 0);
    const asked = (await ask(id).expect(201)).body;
    const req = ((await as(t, manager).get('/api/repairs/requests').expect(200)).body as Array<{ id: string; reference: string }>).find(
      (r) => r.reference === asked.reference,
    )!;
    await as(t, manager).post(`/api/repairs/requests/${req.id}/reserve`).expect(201);
    const done = (await as(t, manager).post(`/api/repairs/requests/${req.id}/release`).expect(201)).body;
    expect(done.release).toMatchObject({ mode: 'donation', priceCents: 0, eligibilityCriterion: 'job_seeker' });
    const pdf = await as(t, manager).get(done.receiptUrl).buffer(true).parse(binary).expect(200);
    expect(pdfWords(pdf.body as Buffer)).toContain('Prix : « don » (gratuit)');
  });

  it("refuses the staff routes to a maker and to another site's manager", async () => {
    const id = await readyDevice(volunteer, site.id);
    const asked = (await ask(id).expect(201)).body;
    const req = ((await as(t, manager).get('/api/repairs/requests').expect(200)).body as Array<{ id: string; reference: string }>).find(
      (r) => r.reference === asked.reference,
    )!;
    await as(t, maker).get('/api/repairs/requests').expect(403);
    await as(t, maker).post(`/api/repairs/requests/${req.id}/reserve`).expect(403);
    await as(t, maker).put(`/api/repairs/devices/${id}/listing`, { listed: false }).expect(403);
    await as(t, managerB).post(`/api/repairs/requests/${req.id}/reserve`).expect(404);
    await as(t, managerB).post(`/api/repairs/requests/${req.id}/cancel`).expect(404);
    await as(t, managerB).put(`/api/repairs/devices/${id}/listing`, { listed: false }).expect(404);
    expect(JSON.stringify((await as(t, managerB).get('/api/repairs/requests').expect(200)).body)).not.toContain(req.id);
    await as(t, managerB).get(`/api/repairs/requests?siteId=${site.id}`).expect(403);
  });
});
