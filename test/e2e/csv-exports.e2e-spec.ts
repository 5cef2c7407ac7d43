import { getDataSourceToken } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { UsageSession } from '../../src/access/entities/usage-session.entity';
import { MachineSample } from '../../src/machines/entities/machine-sample.entity';
import { adminToken, as, createMachine, createManager, createPerson, createSite } from '../factories/api.factory';
import { intake } from '../factories/repairs.factory';
import { parseCsv } from '../factories/trainings.factory';
import { createMediator, individual } from '../factories/mediation.factory';
import { startTestApp, TestApp } from './harness';
import { appRoutes } from './support/routes';

/** What a spreadsheet runs when a cell starts with it (OWASP « CSV injection »). */
const FORMULA = /^[=+\-@\t\r]/;
const EVIL = { name: '=HYPERLINK("http://pirate.example","clic")', plus: '+33 6 12 34 56 78', at: '@SOMME(A1:A9)', minus: '-2+3' };

/** Every CSV export route, with formula-like text in the data it exports: none reaches a spreadsheet live. */
describe(`CSV exports neutralise spreadsheet formulas (${process.env.TEST_DB})`, () => {
  let t: TestApp;
  let manager: string;
  let site: { id: string };
  let machine: { id: string };
  const month = new Date().toISOString().slice(0, 7);
  const exports: Record<string, () => Promise<{ text: string; separator: string }>> = {};

  const fetchCsv = async (url: string, separator = ';') => {
    const res = await as(t, manager)
      .get(url)
      .buffer(true)
      .parse((r: any, cb: any) => {
        let s = '';
        r.setEncoding('utf8');
        r.on('data', (d: string) => (s += d));
        r.on('end', () => cb(null, s));
      })
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    return { text: res.body as string, separator };
  };

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await adminToken(t);
    site = await createSite(t, admin);
    manager = (await createManager(t, admin, site.id)).token;
    machine = await createMachine(t, manager, site.id, { name: EVIL.plus, type: 'printer' });
    const person = await createPerson(t, manager, site.id, { firstName: EVIL.name, lastName: EVIL.at });
    const ds = t.app.get<DataSource>(getDataSourceToken());
    const now = Date.now();
    await ds.getRepository(UsageSession).insert({
      id: randomUUID(),
      siteId: site.id,
      machineId: machine.id,
      personId: person.id,
      badgeId: null,
      startedAt: new Date(now - 3600_000),
      until: new Date(now),
      endedAt: new Date(now - 1800_000),
      endReason: 'badge_out',
    });
    // A bridge names its sensors: a hostile one could name one like a formula.
    await ds.getRepository(MachineSample).insert({
      siteId: site.id,
      machineId: machine.id,
      at: new Date(now - 600_000),
      powerW: -5,
      progress: null,
      temps: { [EVIL.at]: { actual: 20 } },
    });
    await as(t, manager).post('/api/charges/prices', { siteId: site.id, label: EVIL.minus, consumable: 'pla', unit: 'unit', unitCents: 100 }).expect(201);
    await as(t, manager).post('/api/charges/consumables', { personId: person.id, consumable: 'pla', quantity: 1 }).expect(201);
    await as(t, manager).put('/api/repairs/settings', { siteId: site.id, dataProvider: EVIL.name }).expect(200);
    await intake(t, manager, { siteId: site.id, brand: EVIL.at, reportedFault: EVIL.name });

    exports['/api/sessions.csv'] = () => fetchCsv(`/api/sessions.csv?machineId=${machine.id}`);
    exports['/api/machines/:id/telemetry.csv'] = () => fetchCsv(`/api/machines/${machine.id}/telemetry.csv?from=${new Date(now - 3600_000).toISOString()}`);
    exports['/api/charges/statements.csv'] = () => fetchCsv(`/api/charges/statements.csv?month=${month}&siteId=${site.id}`);
    exports['/api/repairs/export/ords.csv'] = () => fetchCsv(`/api/repairs/export/ords.csv?siteId=${site.id}`, ',');
    // Paid at the desk: the invoice's buyer (the hostile name) is an auxiliary account label of the entries.
    await as(t, manager)
      .post('/api/payments/desk', { kind: 'statement', ref: `${site.id}/${month}/${person.id}`, method: 'cash' })
      .expect(201);
    exports['/api/payments/exports/entries.csv'] = () => fetchCsv(`/api/payments/exports/entries.csv?year=${month.slice(0, 4)}`);
    // A mediator logs an accompaniment whose commune was typed as a formula.
    const mediator = await createMediator(t, manager, site.id);
    await as(t, mediator.token)
      .post('/api/mediation/activities', individual({ beneficiaryCommune: EVIL.name, gender: 'feminin', birthYear: 1980 }))
      .expect(201);
    exports['/api/mediation/exports/activities.csv'] = () => fetchCsv('/api/mediation/exports/activities.csv?from=2026-01-01&to=2026-12-31');
    // A published place whose other labels were typed as a formula (the national places file, RFC 4180).
    await as(t, manager)
      .put(`/api/places/sites/${site.id}`, {
        published: true,
        pivot: 'W291000123',
        address: '3 place de la Liberté',
        postalCode: '29200',
        commune: 'Brest',
        services: ['Accès internet et matériel informatique'],
        otherLabels: EVIL.name,
      })
      .expect(200);
    exports['/api/places.csv'] = () => fetchCsv('/api/places.csv', ',');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('covers every CSV route of the app', () => {
    const csvRoutes = appRoutes(t)
      .filter((r) => r.path.endsWith('.csv'))
      .map((r) => r.path)
      .sort();
    expect(csvRoutes).toEqual(Object.keys(exports).sort());
  });

  it.each([
    '/api/sessions.csv',
    '/api/machines/:id/telemetry.csv',
    '/api/charges/statements.csv',
    '/api/repairs/export/ords.csv',
    '/api/payments/exports/entries.csv',
    '/api/mediation/exports/activities.csv',
    '/api/places.csv',
  ])('%s carries the formula-like text, defused', async (route) => {
    const { text, separator } = await exports[route]();
    const all = parseCsv(text, separator).rows.flat();
    const live = all.filter((c) => FORMULA.test(c) && !/^-?\d+([.,]\d+)?$/.test(c));
    expect(live).toEqual([]);
    expect(all.some((c) => /^'[=+\-@]/.test(c))).toBe(true);
  });
});
