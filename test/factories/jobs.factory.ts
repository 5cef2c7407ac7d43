import { randomBytes } from 'node:crypto';
import type { TestApp } from '../e2e/harness';
import { as, createPerson, login } from './api.factory';
import { waitUntil } from './wait';

/** A maker who can log in (jobs are sent by makers). */
export async function createMaker(t: TestApp, manager: string, siteId: string, firstName = 'Amina') {
  const email = `maker-${randomBytes(3).toString('hex')}@test.fablab`;
  const password = 'maker-password-1';
  const person = await createPerson(t, manager, siteId, { firstName, role: 'maker', email, password });
  return { person: person as { id: string }, token: await login(t, email, password), email };
}

/** POST /api/jobs as multipart. */
export function uploadJob(t: TestApp, token: string, gcode: string | Buffer, fields: Record<string, string | number>, name = 'piece.gcode') {
  let r = t.http().post('/api/jobs').set('Authorization', `Bearer ${token}`);
  for (const [k, v] of Object.entries(fields)) r = r.field(k, String(v));
  return r.attach('file', Buffer.isBuffer(gcode) ? gcode : Buffer.from(gcode), name);
}

/** Waits for a job to leave `analysing` (or reach `status`), and returns it. */
export async function jobWhen(t: TestApp, token: string, id: string, ok: (j: any) => boolean, timeoutMs = 30_000) {
  let job: any;
  await waitUntil(async () => {
    job = (await as(t, token).get(`/api/jobs/${id}`)).body;
    return ok(job);
  }, timeoutMs);
  return job;
}
