import { randomBytes } from 'node:crypto';
import { adminToken, createManager, createSite, login } from '../factories/api.factory';
import { ADMIN, SHARED_REDIS_URL, startTestApp, TestApp } from './harness';

/**
 * Rate limits, with low limits so the test stays short, on two instances sharing Redis (as behind
 * a load balancer): what one instance counted, the other enforces.
 */
describe(`rate limits (${process.env.TEST_DB})`, () => {
  let a: TestApp;
  let b: TestApp;
  const env = {
    REDIS_URL: SHARED_REDIS_URL,
    QUEUE_PREFIX: `t${randomBytes(4).toString('hex')}`,
    LOGIN_FAILURES_PER_ACCOUNT: '3',
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '60',
  };

  beforeAll(async () => {
    a = await startTestApp(env, { keepDatabase: true });
    b = await startTestApp(env, { existingDatabase: true });
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const tryLogin = (t: TestApp, email: string, password: string) => t.http().post('/api/auth/login').send({ email, password });

  it('makes an account wait after 3 wrong passwords, on every instance, with a French message and Retry-After', async () => {
    const site = await createSite(a, await adminToken(a));
    const m = await createManager(a, await adminToken(a), site.id);
    for (let i = 0; i < 3; i++) await tryLogin(a, m.email, 'wrong-password-here').expect(401);
    const blocked = await tryLogin(b, m.email, 'manager-password-1').expect(429);
    expect(blocked.body.message).toMatch(/^Trop de mots de passe erronés : réessayez dans 15 minutes/);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(800);
    const page = await b.http().post('/login').type('form').send({ email: m.email, password: 'manager-password-1' }).expect(429);
    expect(page.text).toContain('Trop de mots de passe erronés');
    expect(Number(page.headers['retry-after'])).toBeGreaterThan(800);
    // Another account from the same address is not affected.
    await login(b, ADMIN.email, ADMIN.password);
  });

  it('counts failures, not logins: many good logins in a row pass', async () => {
    for (let i = 0; i < 12; i++) await login(i % 2 ? a : b, ADMIN.email, ADMIN.password);
  });

  it('answers an unknown e-mail exactly like a known one once it is blocked', async () => {
    for (let i = 0; i < 3; i++) await tryLogin(a, 'nobody-here@test.fablab', 'wrong-password-here').expect(401);
    const blocked = await tryLogin(b, 'nobody-here@test.fablab', 'wrong-password-here').expect(429);
    expect(blocked.body.code).toBe('too_many_attempts');
  });

  it('limits what an address does without a login, across instances; a logged-in person is not counted', async () => {
    const token = await adminToken(a);
    let refused: import('supertest').Response | undefined;
    for (let i = 0; i < 70 && !refused; i++) {
      const res = await (i % 2 ? a : b).http().get('/login');
      if (res.status === 429) refused = res;
      else expect(res.status).toBe(200);
    }
    expect(refused).toBeDefined();
    expect(refused!.body.message).toContain('Trop de requêtes depuis cette adresse');
    expect(Number(refused!.headers['retry-after'])).toBeGreaterThan(0);
    await a.http().get('/machines').set('Cookie', `fablab_session=${token}`).expect(200);
  });
});
