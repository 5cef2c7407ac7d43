import { performance } from 'node:perf_hooks';
import { io, Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import * as bcrypt from 'bcryptjs';
import { AuthToken } from '../../src/auth/entities/auth-token.entity';
import { setHashProfile } from '../../src/auth/password-hashing';
import { PasswordReset } from '../../src/auth/entities/password-reset.entity';
import { MailService } from '../../src/infra/mail/mail.service';
import { Person } from '../../src/people/entities/person.entity';
import { adminToken, as, createManager, createPerson, createSite, login } from '../factories/api.factory';
import { startTestApp, TestApp } from './harness';

/** Logins, passwords, CSRF, headers and live sockets, through the real stack. */
describe(`login and web security (${process.env.TEST_DB})`, () => {
  let t: TestApp;
  let admin: string;
  let site: { id: string };
  const people = () => t.app.get(DataSource).getRepository(Person);
  const cookie = (token: string) => `fablab_session=${token}`;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminToken(t);
    site = await createSite(t, admin);
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('passwords', () => {
    it('stores argon2id, and turns an old bcrypt hash into argon2id at the next good login', async () => {
      const m = await createManager(t, admin, site.id);
      // argon2id; the test apps use the cheaper profile only NODE_ENV=test accepts (PASSWORD_HASH).
      expect((await people().findOneByOrFail({ id: m.person.id })).passwordHash).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
      await people().update({ id: m.person.id }, { passwordHash: await bcrypt.hash('an-old-bcrypt-password', 10) });
      await t.http().post('/api/auth/login').send({ email: m.email, password: 'not-the-password' }).expect(401);
      expect((await people().findOneByOrFail({ id: m.person.id })).passwordHash).toMatch(/^\$2[ab]\$/);
      await login(t, m.email, 'an-old-bcrypt-password');
      expect((await people().findOneByOrFail({ id: m.person.id })).passwordHash).toMatch(/^\$argon2id\$/);
      await login(t, m.email, 'an-old-bcrypt-password');
    });

    it('refuses short, all-space and over-long passwords with a French reason, and never cuts one silently', async () => {
      const create = (password: string) =>
        as(t, admin).post('/api/people', { siteId: site.id, firstName: 'Zoé', email: `z${Math.random()}@test.fablab`, password });
      expect((await create('court-11car').expect(400)).body.reasons.join(' ')).toContain('12 caractères au moins');
      expect((await create(' '.repeat(14)).expect(400)).body.reasons.join(' ')).toContain('pas seulement des espaces');
      expect((await create('x'.repeat(129)).expect(400)).body.reasons.join(' ')).toContain('128 caractères au plus');
      // bcrypt only reads 72 bytes: two passwords differing after that were the same password.
      const long = `${'a'.repeat(72)}-the-end-matters`;
      const email = `long-${Date.now()}@test.fablab`;
      await as(t, admin).post('/api/people', { siteId: site.id, firstName: 'Long', role: 'manager', email, password: long }).expect(201);
      await t
        .http()
        .post('/api/auth/login')
        .send({ email, password: `${'a'.repeat(72)}-another-end` })
        .expect(401);
      await login(t, email, long);
    });

    it('lets a person change their password: the current one is checked, their other logins end', async () => {
      const m = await createManager(t, admin, site.id);
      const other = await login(t, m.email, 'manager-password-1');
      await as(t, m.token).post('/api/auth/password', { currentPassword: 'wrong-current-pw', newPassword: 'a new password 2026' }).expect(400);
      await as(t, m.token).post('/api/auth/password', { currentPassword: 'manager-password-1', newPassword: 'short' }).expect(400);
      await as(t, m.token).post('/api/auth/password', { currentPassword: 'manager-password-1', newPassword: 'a new password 2026' }).expect(204);
      await as(t, other).get('/api/auth/me').expect(401);
      await as(t, m.token).get('/api/auth/me').expect(200);
      await t.http().post('/api/auth/login').send({ email: m.email, password: 'manager-password-1' }).expect(401);
      await login(t, m.email, 'a new password 2026');
      const page = await t.http().get('/password/change').set('Cookie', cookie(m.token)).expect(200);
      expect(page.text).toContain('Changer mon mot de passe');
    });

    it('resets a forgotten password by e-mail: same answer for unknown addresses, single use, expiring, every login ended', async () => {
      const m = await createManager(t, admin, site.id);
      const mails = t.app.get(MailService);
      const before = mails.sent.length;
      const unknown = await t.http().post('/api/auth/password/forgot').send({ email: 'nobody-here@test.fablab' }).expect(202);
      const known = await t.http().post('/api/auth/password/forgot').send({ email: m.email }).expect(202);
      expect(known.body).toEqual(unknown.body);
      expect(known.body.message).toContain('Si un compte existe');
      await new Promise((r) => setTimeout(r, 200));
      const sent = mails.sent.slice(before);
      expect(sent.map((x) => x.to)).toEqual([m.email]);
      const token = decodeURIComponent(/token=([^\s]+)/.exec(sent[0].text)![1]);
      const rows = await t.app.get(DataSource).getRepository(PasswordReset).findBy({ personId: m.person.id });
      expect(rows).toHaveLength(1);
      expect(rows[0].tokenHash).not.toContain(token);
      const page = await t
        .http()
        .get(`/password/reset?token=${encodeURIComponent(token)}`)
        .expect(200);
      expect(page.text).toContain('Nouveau mot de passe');
      await t.http().post('/api/auth/password/reset').send({ token, password: 'trop court' }).expect(400);
      await t.http().post('/api/auth/password/reset').send({ token, password: 'chosen after forgetting' }).expect(204);
      await as(t, m.token).get('/api/auth/me').expect(401);
      const again = await t.http().post('/api/auth/password/reset').send({ token, password: 'someone else again' }).expect(400);
      expect(again.body.message).toContain("n'est plus valable");
      await login(t, m.email, 'chosen after forgetting');

      await t.http().post('/api/auth/password/forgot').send({ email: m.email }).expect(202);
      await new Promise((r) => setTimeout(r, 200));
      const late = decodeURIComponent(/token=([^\s]+)/.exec(mails.sent.at(-1)!.text)![1]);
      await t.app
        .get(DataSource)
        .getRepository(PasswordReset)
        .update({ personId: m.person.id }, { expiresAt: new Date(Date.now() - 1000) });
      await t.http().post('/api/auth/password/reset').send({ token: late, password: 'too late for this one' }).expect(400);
      const forgot = await t.http().get('/password/forgot').expect(200);
      expect(forgot.text).toContain('Mot de passe oublié');
    });

    it('takes as long for an unknown e-mail as for a known one with a wrong password', async () => {
      // At production strength, where the hash is what takes the time (the test profile is too
      // cheap to stand out of the HTTP round trip's noise).
      setHashProfile('owasp');
      try {
        await timesMatch();
      } finally {
        setHashProfile('fast-for-tests');
      }
    });

    async function timesMatch() {
      const m = await createManager(t, admin, site.id);
      const timed = async (email: string) => {
        const start = process.hrtime.bigint();
        await t.http().post('/api/auth/login').send({ email, password: 'wrong-password-here' }).expect(401);
        return Number(process.hrtime.bigint() - start) / 1e6;
      };
      const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      const known: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 5; i++) {
        known.push(await timed(m.email));
        unknown.push(await timed(`nobody-${i}@test.fablab`));
      }
      expect(median(unknown)).toBeGreaterThan(median(known) / 2);
      expect(median(unknown)).toBeLessThan(median(known) * 2);
    }

    it('does not hold the event loop while 8 wrong passwords are checked at once', async () => {
      // At production strength: a check costs what the stored hash says (19 MiB, 2 passes).
      setHashProfile('owasp');
      const m = await createManager(t, admin, site.id).finally(() => setHashProfile('fast-for-tests'));
      expect((await people().findOneByOrFail({ id: m.person.id })).passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      const before = performance.eventLoopUtilization();
      await Promise.all(
        Array.from({ length: 8 }, () => t.http().post('/api/auth/login').send({ email: m.email, password: 'wrong-password-here' }).expect(401)),
      );
      // bcryptjs computed on the event loop (busy nearly all the time); argon2 runs in a worker, the loop mostly waits.
      expect(performance.eventLoopUtilization(before).utilization).toBeLessThan(0.5);
    });
  });

  describe('CSRF', () => {
    it('refuses a cookie-authenticated change from another origin, or with no origin and no token', async () => {
      const m = await createManager(t, admin, site.id);
      const post = () =>
        t
          .http()
          .post('/api/machines')
          .set('Cookie', cookie(m.token))
          .send({ siteId: site.id, slug: `l-${Date.now()}`, name: 'Laser', type: 'laser' });
      const refused = await post().set('Origin', 'https://evil.example').expect(403);
      expect(refused.body.message).toContain('Requête refusée');
      await post().set('Sec-Fetch-Site', 'cross-site').expect(403);
      await post().set('Referer', 'https://evil.example/page').expect(403);
      await post().expect(403);
      await post().set('Origin', t.url).expect(201);
      await post().set('Sec-Fetch-Site', 'same-origin').expect(201);
      // A browser's own form post may say `Origin: null`; Sec-Fetch-Site, which no page can set, decides.
      await post().set('Origin', 'null').expect(403);
      await post().set('Origin', 'null').set('Sec-Fetch-Site', 'same-origin').expect(201);
      await post().set('Origin', t.url).set('Sec-Fetch-Site', 'same-site').expect(403);
      // The page's token (double submit) stands in for a browser that says nothing.
      const page = await t.http().get('/machines').set('Cookie', cookie(m.token)).expect(200);
      const csrf = /name="csrf-token" content="([^"]+)"/.exec(page.text)![1];
      expect(String(page.headers['set-cookie'])).toContain(`fablab_csrf=${csrf}`);
      await post()
        .set('Cookie', `${cookie(m.token)}; fablab_csrf=${csrf}`)
        .set('X-CSRF-Token', csrf)
        .expect(201);
      await post()
        .set('Cookie', `${cookie(m.token)}; fablab_csrf=${csrf}`)
        .set('X-CSRF-Token', 'x'.repeat(csrf.length))
        .expect(403);
      // A bearer token is never sent by a browser on its own.
      await as(t, m.token)
        .post('/api/machines', { siteId: site.id, slug: `b-${Date.now()}`, name: 'Laser', type: 'laser' })
        .set('Origin', 'https://evil.example')
        .expect(201);
    });

    it('refuses a login posted from another site (login CSRF), and a logout too', async () => {
      await t
        .http()
        .post('/login')
        .type('form')
        .set('Origin', 'https://evil.example')
        .send({ email: 'admin@test.fablab', password: 'admin-password-1' })
        .expect(403);
      await t
        .http()
        .post('/api/auth/login')
        .set('Origin', 'https://evil.example')
        .send({ email: 'admin@test.fablab', password: 'admin-password-1' })
        .expect(403);
      await t.http().post('/logout').set('Cookie', cookie(admin)).set('Origin', 'https://evil.example').expect(403);
      await as(t, admin).get('/api/auth/me').expect(200);
      const form = await t.http().get('/login').expect(200);
      expect(form.text).toMatch(/<input type="hidden" name="_csrf" value="[^"]+"/);
      expect(form.text).toContain('href="/password/forgot"');
    });
  });

  describe('headers', () => {
    it('sends CSP with frame-ancestors, nosniff and no X-Powered-By on every page', async () => {
      const router = (t.app.getHttpAdapter().getInstance() as { router: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> } })
        .router;
      const pages = router.stack
        .filter((l) => l.route?.methods.get && !l.route.path.startsWith('/api') && !['/metrics', '/health'].includes(l.route.path))
        .map((l) => l.route!.path.replace(/:[a-zA-Z]+/g, '00000000-0000-4000-8000-000000000000').replace(/\{[^}]*\}/g, ''));
      expect(pages.length).toBeGreaterThan(30);
      for (const path of [...new Set(pages)]) {
        for (const res of [await t.http().get(path), await t.http().get(path).set('Cookie', cookie(admin))]) {
          const csp = String(res.headers['content-security-policy'] ?? '');
          expect({ path, csp }).toEqual({ path, csp: expect.stringContaining("frame-ancestors 'none'") });
          expect(csp).toContain("object-src 'none'");
          expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
          // No inline style either: every style is a class of /assets/app.css (docs/SECURITY.md).
          expect({ path, csp }).toEqual({ path, csp: expect.not.stringContaining("'unsafe-inline'") });
          expect({ path, inlineStyle: /<[a-z][^>]*\sstyle\s*=|<style\b(?![^>]*\bnonce=)/i.exec(res.text ?? '')?.[0] }).toEqual({
            path,
            inlineStyle: undefined,
          });
          expect(res.headers['x-content-type-options']).toBe('nosniff');
          expect(res.headers['x-powered-by']).toBeUndefined();
        }
      }
      const api = await as(t, admin).get('/api/auth/me').expect(200);
      expect(api.headers['x-powered-by']).toBeUndefined();
      expect(api.headers['x-content-type-options']).toBe('nosniff');
    });
  });

  describe('live sockets', () => {
    const open = (token: string, headers: Record<string, string> = {}) =>
      new Promise<Socket>((resolve, reject) => {
        const s = io(`${t.url}/live`, { auth: { token }, transports: ['websocket'], extraHeaders: headers, reconnection: false });
        s.once('hello', () => resolve(s));
        s.once('connect_error', (err) => (s.close(), reject(err)));
      });
    const closed = (s: Socket) => new Promise<void>((resolve) => (s.disconnected ? resolve() : s.once('disconnect', () => resolve())));

    it('refuses a socket opened by a page of another origin', async () => {
      const m = await createManager(t, admin, site.id);
      await expect(open(m.token, { Origin: 'https://evil.example' })).rejects.toThrow();
      (await open(m.token, { Origin: t.url })).close();
    });

    it('closes the sockets of a login that ends, of a person deactivated, of a person whose role changed', async () => {
      const m = await createManager(t, admin, site.id);
      const byLogout = await open(m.token);
      const otherLogin = await open(await login(t, m.email, 'manager-password-1'));
      await as(t, m.token).post('/api/auth/logout').expect(204);
      await closed(byLogout);
      expect(otherLogin.connected).toBe(true);

      const v = await createPerson(t, admin, site.id, { role: 'volunteer', email: `v-${Date.now()}@test.fablab`, password: 'volunteer-password' });
      const byRole = await open(await login(t, `${(await people().findOneByOrFail({ id: v.id })).email}`, 'volunteer-password'));
      await as(t, admin).patch(`/api/people/${v.id}`, { role: 'maker' }).expect(200);
      await closed(byRole);

      await as(t, admin).patch(`/api/people/${m.person.id}`, { active: false }).expect(200);
      await closed(otherLogin);
      await expect(open(m.token)).rejects.toThrow();
    });

    it('closes a socket when its login expires', async () => {
      const m = await createManager(t, admin, site.id);
      await t.app
        .get(DataSource)
        .getRepository(AuthToken)
        .update({ personId: m.person.id }, { expiresAt: new Date(Date.now() + 1500) });
      const socket = await open(m.token);
      const started = Date.now();
      await closed(socket);
      expect(Date.now() - started).toBeLessThan(5000);
    });
  });
});
