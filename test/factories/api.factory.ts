import { randomBytes } from 'node:crypto';
import { TestApp, ADMIN } from '../e2e/harness';

/** Small factories that build test data through the real HTTP API, as a manager would. */
const uniq = () => randomBytes(3).toString('hex');
export const randomUid = (bytes = 7) => randomBytes(bytes).toString('hex').toUpperCase();

export async function login(t: TestApp, email: string, password: string): Promise<string> {
  const res = await t.http().post('/api/auth/login').send({ email, password }).expect(200);
  return res.body.token;
}

export const adminToken = (t: TestApp) => login(t, ADMIN.email, ADMIN.password);

export function as(t: TestApp, token: string) {
  const auth = (r: any) => r.set('Authorization', `Bearer ${token}`);
  return {
    get: (url: string) => auth(t.http().get(url)),
    post: (url: string, body?: object) => auth(t.http().post(url)).send(body ?? {}),
    patch: (url: string, body?: object) => auth(t.http().patch(url)).send(body ?? {}),
    put: (url: string, body?: object) => auth(t.http().put(url)).send(body ?? {}),
    delete: (url: string) => auth(t.http().delete(url)),
  };
}

export async function createSite(t: TestApp, admin: string, overrides: object = {}) {
  const slug = `lab-${uniq()}`;
  const res = await as(t, admin)
    .post('/api/sites', { slug, name: `Fab lab ${slug}`, ...overrides })
    .expect(201);
  return res.body as { id: string; slug: string; name: string };
}

export async function createPerson(t: TestApp, token: string, siteId: string, overrides: Record<string, unknown> = {}) {
  const res = await as(t, token)
    .post('/api/people', { siteId, firstName: 'Amina', lastName: 'Kaci', ...overrides })
    .expect(201);
  return res.body as { id: string; firstName: string; displayName: string; siteId: string };
}

export async function createManager(t: TestApp, admin: string, siteId: string) {
  const email = `manager-${uniq()}@test.fablab`;
  const password = 'manager-password-1';
  const person = await createPerson(t, admin, siteId, { firstName: 'Martine', role: 'manager', email, password });
  return { person, email, token: await login(t, email, password) };
}

export async function createBadge(t: TestApp, token: string, personId: string, uid = randomUid()) {
  const res = await as(t, token).post('/api/badges', { personId, uid }).expect(201);
  return res.body as { id: string; uid: string };
}

export async function createMachine(t: TestApp, token: string, siteId: string, overrides: Record<string, unknown> = {}) {
  const res = await as(t, token)
    .post('/api/machines', { siteId, slug: `laser-${uniq()}`, name: 'Découpeuse laser', type: 'laser', ...overrides })
    .expect(201);
  return res.body as { id: string; slug: string; name: string; siteId: string; type: string };
}

export async function createTraining(t: TestApp, token: string, siteId: string, overrides: Record<string, unknown> = {}) {
  const res = await as(t, token)
    .post('/api/trainings', { siteId, name: 'Découpe laser', nameEn: 'Laser cutting', machineTypes: ['laser'], validityMonths: 12, ...overrides })
    .expect(201);
  return res.body as { id: string; name: string };
}

export async function recordPass(t: TestApp, token: string, personId: string, trainingId: string, passedOn: string) {
  const res = await as(t, token).post('/api/qualifications', { personId, trainingId, passedOn }).expect(201);
  return res.body;
}

export async function registerBridge(t: TestApp, admin: string, siteId: string, machines: string[]) {
  const res = await as(t, admin)
    .post('/api/bridges', { siteId, slug: `bridge-${uniq()}`, machines })
    .expect(201);
  return res.body as {
    bridge: { id: string; slug: string };
    credentials: { username: string; password: string; clientId: string };
    site: string;
    sitePublicKeyPem: string;
  };
}

export const isoDaysAgo = (days: number) => new Date(Date.now() - days * 86400_000).toISOString().slice(0, 10);
