import { randomBytes } from 'node:crypto';
import { TestApp } from '../e2e/harness';
import { as, createPerson, login } from './api.factory';

const uniq = () => randomBytes(3).toString('hex');

export async function createVolunteer(t: TestApp, manager: string, siteId: string) {
  const email = `benevole-${uniq()}@test.fablab`;
  const password = 'volunteer-password-1';
  const person = await createPerson(t, manager, siteId, { firstName: 'Yacine', lastName: 'Benali', role: 'volunteer', email, password });
  return { person, token: await login(t, email, password) };
}

export async function intake(t: TestApp, token: string, overrides: Record<string, unknown> = {}) {
  const res = await as(t, token)
    .post('/api/repairs/intake', {
      purpose: 'repair',
      category: 'laptop',
      brand: 'Lenovo',
      model: 'T440',
      reportedFault: "Ne s'allume plus",
      broughtBy: 'Mme Durand',
      ...overrides,
    })
    .expect(201);
  return res.body as { id: string; status: string; device: { id: string; siteId: string } };
}

export function step(t: TestApp, token: string, ticketId: string, to: string, extra: Record<string, unknown> = {}) {
  return as(t, token).post(`/api/repairs/tickets/${ticketId}/steps`, { to, ...extra });
}

/** Walks a ticket through the flow to `to` (repaired or end_of_life). */
export async function finish(t: TestApp, token: string, ticketId: string, to: 'repaired' | 'end_of_life' | 'repairable_later') {
  await step(t, token, ticketId, 'diagnosed').expect(201);
  if (to === 'end_of_life') return step(t, token, ticketId, 'end_of_life', { barriers: ['Spare parts not available'] }).expect(201);
  await step(t, token, ticketId, 'in_repair').expect(201);
  return step(t, token, ticketId, to, { minutesSpent: 30 }).expect(201);
}

export async function createLocation(t: TestApp, manager: string, siteId: string, overrides: Record<string, unknown> = {}) {
  const res = await as(t, manager)
    .post('/api/inventory/locations', { siteId, name: `Bac ${uniq()}`, kind: 'bin', ...overrides })
    .expect(201);
  return res.body as { id: string; name: string };
}

export async function createPart(t: TestApp, manager: string, siteId: string, overrides: Record<string, unknown> = {}) {
  const res = await as(t, manager)
    .post('/api/inventory/parts', {
      siteId,
      name: `Batterie ${uniq()}`,
      category: 'battery',
      compatibleModels: ['T440'],
      unitCostCents: 2500,
      lowStockThreshold: 2,
      ...overrides,
    })
    .expect(201);
  return res.body as { id: string; name: string };
}

export async function receive(t: TestApp, manager: string, partId: string, locationId: string, quantity: number) {
  return as(t, manager).post('/api/inventory/moves', { partId, locationId, kind: 'received', quantity }).expect(201);
}

export const goodErasure = (overrides: Record<string, unknown> = {}) => ({
  driveMake: 'Samsung',
  driveModel: '860 EVO',
  driveSerial: `S3Z${uniq()}`,
  bus: 'SATA',
  sizeBytes: 250_059_350_016,
  hostSerial: 'PF0ABC12',
  nistLevel: 'purge',
  method: 'secure_erase',
  tool: 'nwipe 0.35',
  passes: 1,
  verified: true,
  verification: 'Vérification 100 % : zéros lus',
  startedAt: '2026-11-30T09:00:00Z',
  endedAt: '2026-11-30T09:40:00Z',
  bytesErased: 250_059_350_016,
  errors: 0,
  hiddenAreasChecked: true,
  ...overrides,
});

/**
 * A donated laptop taken through the whole refurbishment (every check good, grade B, price, specs,
 * a verified erasure, a photo if given) and put in the site's public catalogue unless `list` is false.
 */
export async function readyDevice(
  t: TestApp,
  token: string,
  siteId: string,
  o: { priceCents?: number; list?: boolean; erase?: boolean; photo?: Buffer } = {},
): Promise<string> {
  const ticket = await intake(t, token, {
    siteId,
    purpose: 'refurbish',
    category: 'laptop',
    brand: 'Lenovo',
    model: 'ThinkPad T480',
    serialNumber: 'PF1SECRET',
    broughtBy: 'Entreprise Dupont',
  });
  const id = ticket.device.id;
  const device = (await as(t, token).get(`/api/repairs/devices/${id}`).expect(200)).body;
  await as(t, token)
    .put(`/api/repairs/devices/${id}/refurbishment`, {
      checklist: device.checklist.map((c: { item: string }) => ({ item: c.item, ok: true })),
      grade: 'B',
      priceCents: o.priceCents ?? 4500,
      cpu: 'Intel Core i5-8250U',
      ramGb: '8',
      storageGb: 256,
      storageKind: 'ssd',
      screenInches: '14',
    })
    .expect(200);
  if (o.erase !== false) await as(t, token).post(`/api/repairs/devices/${id}/erasures`, goodErasure()).expect(201);
  if (o.photo) {
    await t
      .http()
      .post(`/api/repairs/devices/${id}/photos`)
      .set('Authorization', `Bearer ${token}`)
      .attach('photo', o.photo, { filename: 'p.jpg', contentType: 'image/jpeg' })
      .expect(201);
  }
  if (o.list !== false) await as(t, token).put(`/api/repairs/devices/${id}/listing`, { listed: true }).expect(200);
  return id;
}

/** A request from the public form (anonymous), and its id as the workshop sees it. */
export async function askFor(t: TestApp, staff: string, slug: string, deviceId: string, over: Record<string, unknown> = {}) {
  const asked = (
    await t
      .http()
      .post(`/api/catalogue/${slug}/requests`)
      .send({ deviceId, name: 'Samia', contact: '06 12 34 56 78', eligibility: ['job_seeker'], ...over })
      .expect(201)
  ).body as { reference: string };
  const open = (await as(t, staff).get('/api/repairs/requests').expect(200)).body as Array<{ id: string; reference: string }>;
  return { reference: asked.reference, id: open.find((r) => r.reference === asked.reference)!.id };
}
