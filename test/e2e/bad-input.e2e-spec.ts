import { randomUUID } from 'node:crypto';
import { adminToken } from '../factories/api.factory';
import { startTestApp, TestApp } from './harness';
import { appRoutes, AppRoute as Route } from './support/routes';

/**
 * Every route of the app, as an admin, with the bad values of issue 13 in each path parameter, query
 * parameter and body field it can take: never a 5xx, and a refusal says why in French.
 */

const BAD_VALUES: unknown[] = [
  'a\u0000b',
  '2026-02-31',
  '0000-00-00',
  '9999-99-99',
  '2026-02-31T10:00:00Z',
  '9999-99-99T99:99:99Z',
  '99999999999999999999999',
  '-1',
  '1e309',
  'NaN',
  "'; DROP TABLE people; --",
  'x'.repeat(5000),
];
const BAD_QUERY_VALUES = ['a\u0000b', '2026-02-31', '-1', 'x'.repeat(5000)];
const BAD_JSON_VALUES: unknown[] = [...BAD_VALUES, -1, 1e300, 2 ** 53 + 1, 0.5, true, [], {}, ['a\u0000'], { a: 'b\u0000' }, null];
/** One field at a time, fewer values: every other field missing. */
const BAD_FIELD_VALUES: unknown[] = ['a\u0000b', '2026-02-31', '9999-99-99T99:99:99Z', '99999999999999999999999', 'x'.repeat(5000), -1, 1e300, {}, [], null];
/** A page reads `?lang=` whatever its handler declares (src/web/i18n.ts). */
const PAGE_QUERY_NAMES = ['lang'];
/** Campaign tags every page accepts and ignores (PageQuery); not worth fuzzing on each page. */
const TRACKING = /^(utm_|fbclid$|gclid$)/;
/** Valid for no typed parameter: not an id, a day, a month, a number, nor any listed value. */
const GARBAGE = 'pas-une-valeur§';
/** Logging out would end the admin's session the other requests use. */
const SKIPPED = [/\/logout$/];

/** How class-validator and Nest's pipes word their refusals. */
const ENGLISH_DEFAULT = /^(Validation failed|property |each value in |nested property |All |Unexpected |[\w.]+ (must|should) )/;

/** Runs the requests a few at a time (the server answers while the next ones are on their way). */
async function inBatches(jobs: Array<() => Promise<unknown>>, size = 8) {
  for (let i = 0; i < jobs.length; i += size) await Promise.all(jobs.slice(i, i + size).map((j) => j()));
}

const bodyFor = (route: Route) => (route.method === 'get' ? undefined : {});
const fill = (path: string, values: Record<string, string>) => path.replace(/:(\w+)/g, (_, p) => encodeURIComponent(values[p] ?? randomUUID()));

describe(`bad input, on every route (${process.env.TEST_DB})`, () => {
  let t: TestApp;
  let admin: string;
  let routes: Route[];
  let failures: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminToken(t);
    routes = appRoutes(t).filter((r) => !SKIPPED.some((re) => re.test(r.path)));
  });
  beforeEach(() => {
    failures = [];
  });
  afterAll(async () => {
    await t?.close();
  });

  async function send(route: Route, url: string, body?: unknown) {
    const req = t.http()[route.method](url).set('Authorization', `Bearer ${admin}`);
    const res = await (body === undefined ? req : req.send(body as object));
    const what = `${route.method.toUpperCase()} ${url.slice(0, 120)} ${body === undefined ? '' : JSON.stringify(body).slice(0, 120)}`;
    if (res.status >= 500) failures.push(`${what} → ${res.status}`);
    if (res.status === 400 && res.type === 'application/json') {
      const said = JSON.stringify(res.body.message ?? '');
      // Refusals are French sentences: no class-validator or Nest pipe default in English.
      const messages = ([] as unknown[]).concat(res.body.reasons ?? res.body.message ?? []).map(String);
      if (!messages.length || messages.some((m) => ENGLISH_DEFAULT.test(m))) failures.push(`${what} → 400 without a French reason: ${said.slice(0, 200)}`);
    }
    return res;
  }

  it('refuses a body that is not JSON, or too large, in French', async () => {
    const broken = await t
      .http()
      .post('/api/people')
      .set('Authorization', `Bearer ${admin}`)
      .set('Content-Type', 'application/json')
      .send('{"firstName": ')
      .expect(400);
    expect(broken.body.message).toMatch(/JSON illisible/);
    const huge = await t
      .http()
      .post('/api/people')
      .set('Authorization', `Bearer ${admin}`)
      .send({ firstName: 'x'.repeat(2_000_000) })
      .expect(413);
    expect(huge.body.message).toMatch(/trop volumineuse/);
  });

  it('refuses impossible dates, naming the field', async () => {
    const site = (await t.http().post('/api/sites').set('Authorization', `Bearer ${admin}`).send({ slug: 'dates', name: 'Dates' }).expect(201)).body;
    const person = (await t.http().post('/api/people').set('Authorization', `Bearer ${admin}`).send({ siteId: site.id, firstName: 'Amina' }).expect(201)).body;
    for (const passedOn of ['2026-02-31', '0000-00-00', '9999-99-99']) {
      const res = await t
        .http()
        .post('/api/qualifications')
        .set('Authorization', `Bearer ${admin}`)
        .send({ personId: person.id, trainingId: randomUUID(), passedOn })
        .expect(400);
      expect(res.body.message).toContain('« passedOn » : date au format AAAA-MM-JJ qui existe au calendrier');
    }
    const list = await t.http().get('/api/bookings?from=2026-02-31').set('Authorization', `Bearer ${admin}`).expect(400);
    expect(list.body.message).toContain('« from » : date AAAA-MM-JJ ou date et heure');
    const limit = await t.http().get('/api/access/decisions?limit=-1').set('Authorization', `Bearer ${admin}`).expect(400);
    expect(limit.body.message).toBe('« limit » : 1 au moins.');
    const id = await t.http().get('/api/people/not-a-uuid').set('Authorization', `Bearer ${admin}`).expect(400);
    expect(id.body.message).toBe('« id » : identifiant (UUID) attendu.');
  });

  it('finds the routes (sanity)', () => {
    expect(routes.length).toBeGreaterThan(100);
    expect(routes.some((r) => r.path === '/api/bookings' && r.method === 'post' && r.fields.includes('startsAt'))).toBe(true);
    // Query parameters are declared in a DTO (docs/SECURITY.md), never read one by one with @Query('name').
    expect(routes.filter((r) => r.queryByName.length).map((r) => `${r.method} ${r.path} ${r.queryByName}`)).toEqual([]);
  });

  it('never answers 5xx to a bad path parameter', async () => {
    const jobs = routes.flatMap((route) =>
      route.params.flatMap((param) => BAD_VALUES.map((bad) => () => send(route, fill(route.path, { [param]: String(bad) }), bodyFor(route)))),
    );
    await inBatches(jobs);
    expect(failures).toEqual([]);
  }, 600_000);

  it('never answers 5xx to a bad query parameter', async () => {
    const jobs = routes
      .filter((r) => r.method === 'get')
      .flatMap((route) => {
        const path = fill(route.path, {});
        const names = [...new Set([...route.query, ...(route.readsRequest ? PAGE_QUERY_NAMES : [])])].filter((n) => !TRACKING.test(n));
        return names.flatMap((name) => [
          ...BAD_QUERY_VALUES.map((bad) => () => send(route, `${path}?${name}=${encodeURIComponent(bad)}`)),
          () => send(route, `${path}?${name}=a&${name}=b`),
        ]);
      });
    await inBatches(jobs);
    expect(failures).toEqual([]);
  }, 600_000);

  it('refuses an unknown query parameter and a garbage value, naming it in French (a page says it as a page)', async () => {
    const withQuery = routes.filter((r) => r.query.length);
    expect(withQuery.length).toBeGreaterThan(50);
    const wrong: string[] = [];
    async function refused(route: Route, search: string, said: RegExp) {
      const url = `${fill(route.path, {})}?${search}`;
      const res = await send(route, url, bodyFor(route));
      const page = !route.path.startsWith('/api/');
      const text = String((page ? res.text : JSON.stringify(res.body?.reasons ?? res.body?.message)) ?? '');
      const type = page ? 'text/html' : 'application/json';
      if (res.status !== 400 || res.type !== type || !said.test(text))
        wrong.push(`${route.method.toUpperCase()} ${url.slice(0, 80)} → ${res.status} ${res.type} ${text.slice(0, 160)}`);
    }
    const jobs = withQuery.flatMap((route) => [
      () => refused(route, 'zzz_inconnu=1', /paramètre inconnu : « zzz_inconnu »/),
      ...route.query
        .filter((name) => !route.freeText.includes(name))
        .map((name) => () => refused(route, `${name}=${encodeURIComponent(GARBAGE)}`, new RegExp(`(« ${name} »|\\b${name}) : `))),
    ]);
    await inBatches(jobs);
    expect(wrong).toEqual([]);
    expect(failures).toEqual([]);
    // A page with no query of its own takes its language and a campaign tag, nothing else.
    const page = await t.http().get('/repairs/refurbished').set('Authorization', `Bearer ${admin}`).query({ lang: 'en', utm_source: 'lettre', fbclid: 'abc' });
    expect(page.status).not.toBe(400);
    const unknown = await t.http().get('/repairs/refurbished').set('Authorization', `Bearer ${admin}`).query({ foo: '1' }).expect(400);
    expect(unknown.type).toBe('text/html');
    expect(unknown.text).toContain('paramètre inconnu : « foo »');
    const api = await t.http().get('/api/sites').set('Authorization', `Bearer ${admin}`).query({ lang: 'en' }).expect(400);
    expect(api.body.message).toContain('paramètre inconnu : « lang »');
  });

  it('never answers 5xx to a bad body field', async () => {
    const jobs = routes
      .filter((r) => r.method !== 'get' && r.fields.length)
      .flatMap((route) => {
        const path = fill(route.path, {});
        const everyField = BAD_JSON_VALUES.map((bad) => () => send(route, path, Object.fromEntries(route.fields.map((f) => [f, bad]))));
        const oneField = route.form ? [] : route.fields.flatMap((field) => BAD_FIELD_VALUES.map((bad) => () => send(route, path, { [field]: bad })));
        return [...everyField, ...oneField];
      });
    await inBatches(jobs);
    expect(failures).toEqual([]);
  }, 600_000);
});
