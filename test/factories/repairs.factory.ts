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
