import { randomBytes } from 'node:crypto';
import { addDays, fromLocal, toLocal } from '../../src/bookings/time';
import { TestApp } from '../e2e/harness';
import { as, createBadge, createPerson, login, recordPass } from './api.factory';

/** Test data for bookings, built through the HTTP API as a manager would. */
const TZ = 'Europe/Paris';

/** A local Paris time `days` days from today, as an instant. */
export function parisAt(days: number, hh: number, mm = 0): Date {
  return fromLocal(addDays(toLocal(new Date(), TZ).date, days), hh * 60 + mm, TZ);
}

export const iso = (d: Date) => d.toISOString();
export const plusMinutes = (d: Date, m: number) => new Date(d.getTime() + m * 60_000);

export async function makeBookable(t: TestApp, manager: string, machineId: string, settings: Record<string, number> = {}) {
  const res = await as(t, manager)
    .put(`/api/bookings/machines/${machineId}/settings`, { slotMinutes: 5, minMinutes: 5, maxMinutes: 240, horizonDays: 30, ...settings })
    .expect(200);
  return res.body;
}

/** A person who can log in, with a badge, trained on `trainingId` (when given) ten days ago. */
export async function bookingMaker(t: TestApp, manager: string, siteId: string, opts: { trainingId?: string; role?: string; firstName?: string } = {}) {
  const email = `maker-${randomBytes(3).toString('hex')}@test.fablab`;
  const password = 'maker-password-1';
  const person = await createPerson(t, manager, siteId, {
    firstName: opts.firstName ?? 'Yacine',
    lastName: 'Benali',
    role: opts.role ?? 'entrepreneur',
    email,
    password,
  });
  const badge = await createBadge(t, manager, person.id);
  if (opts.trainingId) await recordPass(t, manager, person.id, opts.trainingId, new Date(Date.now() - 10 * 86400_000).toISOString().slice(0, 10));
  return { person, badge, email, token: await login(t, email, password) };
}

export function book(t: TestApp, token: string, body: { machineId: string; startsAt: Date; endsAt: Date; personId?: string; kind?: string }) {
  return as(t, token).post('/api/bookings', { ...body, startsAt: iso(body.startsAt), endsAt: iso(body.endsAt) });
}
