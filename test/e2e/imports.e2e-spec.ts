import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { adminToken, as, createBadge, createManager, createPerson, createSite, createTraining, randomUid } from '../factories/api.factory';
import { startTestApp, TestApp } from './harness';

/** A CSV as Fab-manager's members export reads once saved from a French spreadsheet: `;`, BOM, one training per line in its cell. */
const csv = (rows: string[][]) =>
  '\uFEFF' + rows.map((r) => r.map((c) => (/[;"\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(';')).join('\r\n') + '\r\n';

describe(`bulk import of people, badges, trainings and machines (${process.env.TEST_DB})`, () => {
  let t: TestApp;
  let admin: string;
  let manager: { token: string };
  let otherManager: { token: string };
  let site: { id: string };
  let other: { id: string };
  let db: DataSource;
  let laser: { id: string; name: string };
  let advanced: { id: string; name: string };
  const count = async (sql: string, params: unknown[]) =>
    Number((await db.query(process.env.TEST_DB === 'postgres' ? sql : sql.replace(/\$\d+/g, '?'), params))[0].n);
  const send = (token: string, path: string, body: string, fields: Record<string, string> = {}) => {
    let r = t.http().post(path).set('Authorization', `Bearer ${token}`);
    for (const [k, v] of Object.entries(fields)) r = r.field(k, v);
    return r.attach('file', Buffer.from(body, 'utf8'), 'membres.csv');
  };

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get<DataSource>(getDataSourceToken());
    admin = await adminToken(t);
    site = await createSite(t, admin);
    other = await createSite(t, admin);
    manager = await createManager(t, admin, site.id);
    otherManager = await createManager(t, admin, other.id);
    laser = await createTraining(t, manager.token, site.id, { name: 'Découpe laser', validityMonths: 12 });
    advanced = await createTraining(t, manager.token, site.id, { name: 'Laser avancé', prerequisiteIds: [laser.id], validityMonths: null });
  });
  afterAll(() => t.close());

  const FM_HEADER = ['ID', 'Nom', 'Prénom', 'Courriel', "Lettre d'informations", 'Genre', 'Groupe', 'Formations validées', 'badges', 'date_formations'];

  it('reads the Fab-manager columns and ours, and imports people with badges and trainings in one go', async () => {
    const uidA = randomUid();
    const uidB = randomUid();
    const file = csv([
      FM_HEADER,
      ['12', 'Kaci', 'Amina', 'amina.import@test.fablab', 'true', 'Femme', 'Standard', 'Découpe laser\nLaser avancé', `${uidA}|${uidB}`, '03/02/2026'],
      ['13', 'Martin', 'Léo', '', 'false', 'Homme', 'Étudiant', '', '', ''],
    ]);
    const checked = await send(manager.token, '/api/imports/people/check', file).expect(200);
    expect(checked.body).toMatchObject({ rows: 2, accepted: 2, rejected: [] });
    expect(checked.body.ignoredColumns).toEqual(expect.arrayContaining(['ID', 'Genre', 'Groupe']));
    expect(checked.body.columns).toEqual(
      expect.arrayContaining([
        { header: 'Formations validées', field: 'trainings' },
        { header: 'Prénom', field: 'firstName' },
      ]),
    );
    expect(await count('SELECT COUNT(*) AS n FROM people WHERE email = $1', ['amina.import@test.fablab'])).toBe(0);

    const done = await send(manager.token, '/api/imports/people', file).expect(201);
    expect(done.body.imported).toEqual({ people: 2, badges: 2, qualifications: 2, machines: 0 });
    const [amina] = await db.query(
      process.env.TEST_DB === 'postgres' ? 'SELECT id, "siteId" FROM people WHERE email = $1' : 'SELECT id, "siteId" FROM people WHERE email = ?',
      ['amina.import@test.fablab'],
    );
    expect(amina.siteId).toBe(site.id);
    expect(await count('SELECT COUNT(*) AS n FROM badges WHERE "personId" = $1', [amina.id])).toBe(2);
    const quals = (await as(t, manager.token).get(`/api/people/${amina.id}/qualifications`).expect(200)).body as Array<{
      trainingId: string;
      passedOn: string;
    }>;
    expect(quals.map((q) => [q.trainingId === laser.id ? 'laser' : q.trainingId === advanced.id ? 'advanced' : '?', q.passedOn]).sort()).toEqual([
      ['advanced', '2026-02-03'],
      ['laser', '2026-02-03'],
    ]);
    expect(await count('SELECT COUNT(*) AS n FROM qualifications WHERE "personId" = $1 AND "passedOn" = $2', [amina.id, '2026-02-03'])).toBe(2);
    // The imported badge opens what the training covers: the person and the card are known to the badge-in path.
    const badges = (await as(t, manager.token).get(`/api/badges?personId=${amina.id}`).expect(200)).body;
    expect(badges).toHaveLength(2);
  });

  it('dry run lists every refused row with its line, column and French reason; the import then writes nothing', async () => {
    const known = await createPerson(t, manager.token, site.id, { email: 'deja.la@test.fablab' });
    const takenUid = randomUid();
    await createBadge(t, manager.token, known.id, takenUid);
    const fresh = randomUid();
    const file = csv([
      ['prenom', 'nom', 'courriel', 'badges', 'formations', 'role', 'date_formations'],
      ['Zoé', 'Bon', 'zoe.bon@test.fablab', fresh, 'Découpe laser', 'maker', '2026-01-10'],
      ['', 'Sans prénom', '', '', '', '', ''],
      ['Ali', 'Dup', 'deja.la@test.fablab', '', '', '', ''],
      ['Bea', 'Uid', '', takenUid, '', '', ''],
      ['Cid', 'Form', '', '', 'Soudure\nLaser avancé', '', ''],
      ['Dan', 'Role', '', 'XYZ', '', 'admin', '2099-01-01'],
      ['Eve', 'Twice', 'zoe.bon@test.fablab', fresh, '', '', ''],
    ]);
    const checked = await send(manager.token, '/api/imports/people/check', file).expect(200);
    expect(checked.body.rows).toBe(7);
    expect(checked.body.accepted).toBe(1);
    const r = checked.body.rejected as Array<{ row: number; column: string; reason: string }>;
    const at = (line: number) => r.filter((x) => x.row === line).map((x) => `${x.column}: ${x.reason}`);
    expect(at(3)).toEqual(['prenom: Le prénom manque.']);
    expect(at(4)).toEqual(['courriel: Ce courriel est déjà celui d’une personne enregistrée.']);
    expect(at(5)).toEqual(['badges: Ce badge est déjà enregistré.']);
    expect(at(6)).toEqual([
      'formations: Formation inconnue dans ce lieu : « Soudure ».',
      'formations: « Laser avancé » demande d’abord « Découpe laser », absent de cette ligne.',
    ]);
    expect(at(7)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^role: Rôle inconnu/),
        expect.stringMatching(/^badges: UID de badge invalide/),
        'date_formations: La date de formation ne peut pas être dans le futur.',
      ]),
    );
    expect(at(8)).toEqual(['courriel: Ce courriel est déjà à la ligne 2 du fichier.', 'badges: Ce badge est déjà à la ligne 2 du fichier.']);

    // All or nothing: one bad row and the good one is not written either.
    const refused = await send(manager.token, '/api/imports/people', file).expect(400);
    expect(refused.body.code).toBe('rows_rejected');
    expect(refused.body.rejected).toHaveLength(r.length);
    expect(await count('SELECT COUNT(*) AS n FROM people WHERE email = $1', ['zoe.bon@test.fablab'])).toBe(0);
    expect(await count('SELECT COUNT(*) AS n FROM badges WHERE uid = $1', [fresh])).toBe(0);
  });

  it('refuses a badge UID already registered, even on another site, and a UID twice in the file', async () => {
    const elsewhere = randomUid();
    const otherSitePerson = await createPerson(t, otherManager.token, other.id, {});
    await createBadge(t, otherManager.token, otherSitePerson.id, elsewhere);
    const file = csv([
      ['prenom', 'badges'],
      ['Fanny', elsewhere.toLowerCase().match(/.{2}/g)!.join(':')],
    ]);
    const refused = await send(manager.token, '/api/imports/people', file).expect(400);
    expect(refused.body.rejected).toEqual([
      { row: 2, column: 'badges', value: elsewhere.toLowerCase().match(/.{2}/g)!.join(':'), reason: 'Ce badge est déjà enregistré.' },
    ]);
    expect(await count('SELECT COUNT(*) AS n FROM people WHERE "firstName" = $1', ['Fanny'])).toBe(0);
  });

  it('imports machines all or nothing, slugs checked against the site', async () => {
    const bad = csv([
      ['nom', 'identifiant', 'type', 'duree_max_minutes'],
      ['Trotec Speedy 300', 'trotec', 'Découpeuse laser', '120'],
      ['Prusa MK4', 'trotec', 'imprimante 3D', ''],
      ['Shaper', '', 'perceuse', '0'],
    ]);
    const checked = await send(manager.token, '/api/imports/machines/check', bad).expect(200);
    expect(checked.body.rejected.map((x: { row: number; column: string }) => `${x.row}:${x.column}`)).toEqual([
      '3:identifiant',
      '4:type',
      '4:duree_max_minutes',
    ]);
    await send(manager.token, '/api/imports/machines', bad).expect(400);
    expect(await count('SELECT COUNT(*) AS n FROM machines WHERE "siteId" = $1', [site.id])).toBe(0);
    const good = csv([
      ['nom', 'identifiant', 'type', 'duree_max_minutes'],
      ['Trotec Speedy 300', 'trotec', 'Découpeuse laser', '120'],
      ['Prusa MK4', '', 'imprimante 3D', ''],
    ]);
    expect((await send(manager.token, '/api/imports/machines', good).expect(201)).body.imported.machines).toBe(2);
    const machines = (await as(t, manager.token).get(`/api/machines?siteId=${site.id}`).expect(200)).body as Array<{
      slug: string;
      type: string;
      maxSessionMinutes: number;
    }>;
    expect(machines.map((m) => [m.slug, m.type, m.maxSessionMinutes]).sort()).toEqual([
      ['prusa-mk4', 'printer', 480],
      ['trotec', 'laser', 120],
    ]);
    // The same file again: every slug is now taken.
    expect((await send(manager.token, '/api/imports/machines/check', good).expect(200)).body.accepted).toBe(0);
  });

  it('refuses a file without the first-name column, an unknown kind, and non-managers', async () => {
    const noName = await send(manager.token, '/api/imports/people/check', csv([['nom'], ['Kaci']])).expect(400);
    expect(noName.body.message).toMatch(/Colonne « prenom »/);
    await send(manager.token, '/api/imports/robots/check', csv([['prenom'], ['A']])).expect(400);
    const maker = await createPerson(t, manager.token, site.id, { email: 'maker.import@test.fablab', password: 'maker-password-1' });
    const makerToken = (await t.http().post('/api/auth/login').send({ email: 'maker.import@test.fablab', password: 'maker-password-1' })).body.token;
    expect(maker.id).toBeTruthy();
    await send(makerToken, '/api/imports/people/check', csv([['prenom'], ['A']])).expect(403);
    // Another site's manager naming this site: refused.
    const cross = await send(otherManager.token, '/api/imports/people/check', csv([['prenom'], ['A']]), { siteId: site.id });
    expect([403, 404]).toContain(cross.status);
  });

  it('the page checks then imports a file, and lists the refused rows in French', async () => {
    const page = await t.http().get('/imports').set('Authorization', `Bearer ${manager.token}`).expect(200);
    expect(page.text).toContain('Importer des personnes ou des machines');
    const bad = csv([
      ['Prénom', 'Nom', 'Courriel'],
      ['Gus', 'Page', 'pas-un-courriel'],
    ]);
    const shown = await t
      .http()
      .post('/imports')
      .set('Authorization', `Bearer ${manager.token}`)
      .field('kind', 'people')
      .field('mode', 'check')
      .attach('file', Buffer.from(bad), 'membres.csv')
      .expect(200);
    expect(shown.text).toMatch(/<tr data-row="2"><td>2<\/td><td>Courriel<\/td><td>pas-un-courriel<\/td><td>Adresse de courriel invalide.<\/td><\/tr>/);
    const refused = await t
      .http()
      .post('/imports')
      .set('Authorization', `Bearer ${manager.token}`)
      .field('kind', 'people')
      .field('mode', 'import')
      .attach('file', Buffer.from(bad), 'membres.csv')
      .expect(400);
    expect(refused.text).toContain('Rien n’a été importé');
    const good = csv([
      ['Prénom', 'Nom', 'Courriel'],
      ['Gus', 'Page', 'gus.page@test.fablab'],
    ]);
    const ok = await t
      .http()
      .post('/imports')
      .set('Authorization', `Bearer ${manager.token}`)
      .field('kind', 'people')
      .field('mode', 'import')
      .attach('file', Buffer.from(good), 'membres.csv')
      .expect(200);
    expect(ok.text).toContain('Importé : 1 personne(s)');
    expect(await count('SELECT COUNT(*) AS n FROM people WHERE email = $1', ['gus.page@test.fablab'])).toBe(1);
  });
});
