import { randomBytes, randomUUID } from 'node:crypto';
import { as, createPerson, login } from './api.factory';
import type { TestApp } from '../e2e/harness';

/** A person with the mediator role and a login. */
export async function createMediator(t: TestApp, token: string, siteId: string) {
  const email = `mediatrice-${randomBytes(3).toString('hex')}@test.fablab`;
  const password = 'mediator-password-1';
  const person = await createPerson(t, token, siteId, { firstName: 'Nadia', lastName: 'Médiatrice', role: 'mediator', email, password });
  return { person, email, token: await login(t, email, password) };
}

/** An individual accompaniment as the phone form sends it (overrides win). */
export const individual = (overrides: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  type: 'individuel',
  date: '2026-11-30',
  durationMinutes: 45,
  placeType: 'lieu_activite',
  topics: ['email'],
  equipment: ['ordinateur'],
  ...overrides,
});

/** A workshop with anonymous counters. */
export const workshop = (overrides: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  type: 'collectif',
  date: '2026-11-30',
  durationMinutes: 120,
  placeType: 'lieu_activite',
  topics: ['navigation_sur_internet'],
  workshopTitle: 'Découvrir internet',
  workshopLevel: 'debutant',
  anonymous: { total: 4 },
  ...overrides,
});

export async function follow(t: TestApp, token: string, personId: string, body: Record<string, unknown> = {}) {
  return (
    await as(t, token)
      .put(`/api/mediation/followed/${personId}`, { consent: true, ...body })
      .expect(200)
  ).body;
}

/** A binary answer (XLSX) as a Buffer. */
export function binary(req: any): Promise<Buffer> {
  return req
    .buffer(true)
    .parse((res: any, cb: (err: Error | null, body: Buffer) => void) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    })
    .then((res: any) => res.body as Buffer);
}
