import OpeningHours from 'opening_hours';
import {
  ACCESS_MODES,
  FEES,
  INSEE_PATTERN,
  MULTI_VALUE_COLUMNS,
  NATIONAL_PROGRAMMES,
  PHONE_PATTERN,
  PLACE_COLUMNS,
  PlaceColumn,
  PUBLICS,
  REQUIRED_COLUMNS,
  ROAMING,
  SERVICES,
  SPECIFIC_SUPPORT,
  SUPPORT_MODES,
  TRAINING_LABELS,
  TYPOLOGIES,
} from '../../src/places/places-standard';
import { dayOf } from '../../src/common/local-format';
import { adminToken, as, createManager, createSite } from '../factories/api.factory';
import { createMember, parseCsv } from '../factories/trainings.factory';
import { startTestApp, TestApp } from './harness';

/** The closed lists of the standard, by column (the others are free text, URLs or e-mails). */
const LISTS: Partial<Record<PlaceColumn, readonly string[]>> = {
  typologie: TYPOLOGIES,
  itinerance: ROAMING,
  services: SERVICES,
  publics_specifiquement_adresses: PUBLICS,
  prise_en_charge_specifique: SPECIFIC_SUPPORT,
  frais_a_charge: FEES,
  dispositif_programmes_nationaux: NATIONAL_PROGRAMMES,
  formations_labels: TRAINING_LABELS,
  modalites_acces: ACCESS_MODES,
  modalites_accompagnement: SUPPORT_MODES,
};

/** Everything the standard says of one record; returns the rules it breaks (none is right). */
function brokenRules(r: Record<string, string>): string[] {
  const broken: string[] = [];
  for (const c of REQUIRED_COLUMNS) if (!r[c]) broken.push(`${c} required`);
  if (!/^\d{5}$/.test(r.code_postal)) broken.push('code_postal');
  if (r.code_insee && !INSEE_PATTERN.test(r.code_insee)) broken.push('code_insee');
  if (!/^[A-Za-z0-9]{9,14}$/.test(r.pivot)) broken.push('pivot');
  if (r.telephone && !PHONE_PATTERN.test(r.telephone)) broken.push('telephone');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(r.date_maj)) broken.push('date_maj');
  for (const c of ['latitude', 'longitude'] as const) if (r[c] && !/^-?\d+(\.\d+)?$/.test(r[c])) broken.push(c);
  if (r.presentation_resume.length > 280) broken.push('presentation_resume');
  for (const [column, allowed] of Object.entries(LISTS)) {
    for (const v of r[column] ? r[column].split('|') : []) if (!allowed!.includes(v)) broken.push(`${column}: « ${v} »`);
  }
  for (const e of r.courriels ? r.courriels.split('|') : []) if (!/^[^@\s|]+@[^@\s|]+\.[a-z]{2,}$/i.test(e)) broken.push(`courriels: ${e}`);
  for (const u of r.site_web ? r.site_web.split('|') : []) if (!/^https?:\/\/\S+$/.test(u)) broken.push(`site_web: ${u}`);
  for (const c of ['fiche_acces_libre', 'prise_rdv'] as const) if (r[c] && !/^https?:\/\/\S+$/.test(r[c])) broken.push(c);
  if (r.horaires) {
    const warnings = new OpeningHours(r.horaires).getWarnings();
    if (warnings.length) broken.push(`horaires: ${warnings.join(' ')}`);
  }
  return broken;
}

const full = {
  published: true,
  pivot: '130 025 265 00013',
  address: '12 rue de Siam',
  addressComplement: '2e étage',
  postalCode: '29200',
  commune: 'Brest',
  inseeCode: '29019',
  latitude: '48,3904',
  longitude: -4.4861,
  typologies: ['FABLAB', 'EPN', 'TIERS_LIEUX'],
  phone: '02 98 00 00 00',
  emails: ['contact@fablab.example', 'accueil@fablab.example'],
  websites: ['https://fablab.example', 'https://social.example/@fablab'],
  summary: 'Fab lab associatif, « ouvert à tous », impression 3D, découpe laser, ateliers numériques.',
  details: 'Permanences, ateliers "découverte"\net accompagnement, sur place.',
  roaming: ['Fixe'],
  parent: 'Réseau des fab labs de Bretagne',
  services: ['Loisirs et créations numériques', 'Maîtrise des outils numériques du quotidien', 'Compréhension du monde numérique'],
  publics: ['Jeunes', 'Familles et/ou enfants', 'Seniors'],
  specificSupport: ['Handicaps moteurs', 'Langues étrangères (anglais)'],
  fees: ['Gratuit sous condition'],
  programmes: ['Conseillers numériques', "Point d'accès numérique CAF"],
  trainingLabels: ['Fabriques de Territoire', 'Étapes numériques (La Poste)'],
  otherLabels: 'Label Tiers-lieux de Bretagne',
  accessModes: ['Se présenter', "Ce lieu n'accueille pas de public"],
  supportModes: ['En autonomie', 'Dans un atelier collectif', 'À distance'],
  accessLibreUrl: 'https://acceslibre.beta.gouv.fr/app/29-brest/a/fablab/erp/lab/',
  bookingUrl: 'https://fablab.example/rdv',
};
const minimal = {
  published: true,
  pivot: 'W291000123',
  address: '3 place de la Liberté',
  postalCode: '97400',
  commune: 'Saint-Denis',
  services: ['Accès internet et matériel informatique'],
};

describe(`places in the national standard (${process.env.TEST_DB})`, () => {
  let t: TestApp;
  let admin: string;
  let managerA: string;
  let managerB: string;
  let makerA: string;
  const sites: Record<'a' | 'b' | 'c' | 'd' | 'e', { id: string; name: string }> = {} as never;
  const year = Number(new Date().toISOString().slice(0, 4));
  const put = (token: string, siteId: string, body: object) => as(t, token).put(`/api/places/sites/${siteId}`, body);
  const csvRows = async () => {
    const res = await t.http().get('/api/places.csv').expect(200);
    const { bom, rows } = parseCsv(res.text, ',');
    return {
      res,
      bom,
      header: rows[0],
      records: rows.slice(1).map((cells) => Object.fromEntries(PLACE_COLUMNS.map((c, i) => [c, cells[i]])) as Record<string, string>),
      rows,
    };
  };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminToken(t);
    sites.a = await createSite(t, admin, { name: 'Atelier Alpha' });
    sites.b = await createSite(t, admin, { name: 'Espace Bêta', timezone: 'Indian/Reunion' });
    sites.c = await createSite(t, admin, { name: 'Lieu Gamma (non publié)' });
    sites.d = await createSite(t, admin, { name: 'Lieu Delta (sans fiche)' });
    sites.e = await createSite(t, admin, { name: 'Repair café Epsilon' });
    managerA = (await createManager(t, admin, sites.a.id)).token;
    managerB = (await createManager(t, admin, sites.b.id)).token;
    makerA = (await createMember(t, managerA, sites.a.id)).token;
    // A: split working days, a short Saturday, closed on Sunday; a closure to come and one past.
    const weekdays = [1, 2, 3, 4, 5].flatMap((weekday) => [
      { weekday, opens: '09:00', closes: '12:00' },
      { weekday, opens: '14:00', closes: '18:00' },
    ]);
    await as(t, managerA)
      .put(`/api/bookings/sites/${sites.a.id}/hours`, { weekly: [...weekdays, { weekday: 6, opens: '10:00', closes: '12:00' }] })
      .expect(200);
    await as(t, managerA)
      .post(`/api/bookings/sites/${sites.a.id}/closures`, { startsOn: `${year + 1}-12-24`, endsOn: `${year + 2}-01-02` })
      .expect(201);
    await as(t, managerA)
      .post(`/api/bookings/sites/${sites.a.id}/closures`, { startsOn: `${year - 1}-05-01`, endsOn: `${year - 1}-05-01` })
      .expect(201);
    // B: no weekly pattern (always open) and one closed day. E: two evenings and Sunday morning.
    await as(t, managerB)
      .post(`/api/bookings/sites/${sites.b.id}/closures`, { startsOn: `${year + 1}-07-14`, endsOn: `${year + 1}-07-14` })
      .expect(201);
    await as(t, admin)
      .put(`/api/bookings/sites/${sites.e.id}/hours`, {
        weekly: [
          { weekday: 2, opens: '18:00', closes: '24:00' },
          { weekday: 4, opens: '18:00', closes: '24:00' },
          { weekday: 0, opens: '10:00', closes: '12:00' },
        ],
      })
      .expect(200);
    await put(managerA, sites.a.id, full).expect(200);
    await put(managerB, sites.b.id, minimal).expect(200);
    await put(admin, sites.c.id, { ...full, published: false }).expect(200);
    await put(admin, sites.e.id, { ...minimal, pivot: '35600000000048', typologies: ['RESSOURCERIE'], postalCode: '35000', commune: 'Rennes' }).expect(200);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('writes the CSV with the 32 columns in order, UTF-8 without BOM, comma-separated', async () => {
    const { res, bom, header, rows } = await csvRows();
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(bom).toBe(false);
    expect(res.text.split('\r\n')[0]).toBe(
      'id,pivot,nom,commune,code_postal,code_insee,adresse,complement_adresse,latitude,longitude,typologie,telephone,courriels,site_web,horaires,presentation_resume,presentation_detail,source,itinerance,structure_parente,date_maj,services,publics_specifiquement_adresses,prise_en_charge_specifique,frais_a_charge,dispositif_programmes_nationaux,formations_labels,autres_formations_labels,modalites_acces,modalites_accompagnement,fiche_acces_libre,prise_rdv',
    );
    expect(header).toEqual([...PLACE_COLUMNS]);
    for (const row of rows) expect(row).toHaveLength(32);
  });

  it('lists only the sites that chose to publish, each record following every rule of the standard', async () => {
    const { records } = await csvRows();
    const ids = records.map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining([sites.a.id, sites.b.id, sites.e.id]));
    expect(ids).not.toContain(sites.c.id);
    expect(ids).not.toContain(sites.d.id);
    for (const r of records) expect({ id: r.id, broken: brokenRules(r) }).toEqual({ id: r.id, broken: [] });
  });

  it('fills each field of a full record as the standard writes it', async () => {
    const { records } = await csvRows();
    const a = records.find((r) => r.id === sites.a.id)!;
    const today = dayOf(new Date(), 'Europe/Paris');
    expect(a).toEqual({
      id: sites.a.id,
      pivot: '13002526500013',
      nom: 'Atelier Alpha',
      commune: 'Brest',
      code_postal: '29200',
      code_insee: '29019',
      adresse: '12 rue de Siam',
      complement_adresse: '2e étage',
      latitude: '48.3904',
      longitude: '-4.4861',
      typologie: 'FABLAB|EPN|TIERS_LIEUX',
      telephone: '+33298000000',
      courriels: 'contact@fablab.example|accueil@fablab.example',
      site_web: 'https://fablab.example|https://social.example/@fablab',
      horaires: `Mo-Fr 09:00-12:00,14:00-18:00; Sa 10:00-12:00; ${year + 1} Dec 24-${year + 2} Jan 02 off`,
      presentation_resume: full.summary,
      presentation_detail: full.details,
      source: 'Fablab Ops',
      itinerance: 'Fixe',
      structure_parente: 'Réseau des fab labs de Bretagne',
      date_maj: today,
      services: 'Loisirs et créations numériques|Maîtrise des outils numériques du quotidien|Compréhension du monde numérique',
      publics_specifiquement_adresses: 'Jeunes|Familles et/ou enfants|Seniors',
      prise_en_charge_specifique: 'Handicaps moteurs|Langues étrangères (anglais)',
      frais_a_charge: 'Gratuit sous condition',
      dispositif_programmes_nationaux: "Conseillers numériques|Point d'accès numérique CAF",
      formations_labels: 'Fabriques de Territoire|Étapes numériques (La Poste)',
      autres_formations_labels: 'Label Tiers-lieux de Bretagne',
      modalites_acces: "Se présenter|Ce lieu n'accueille pas de public",
      modalites_accompagnement: 'En autonomie|Dans un atelier collectif|À distance',
      fiche_acces_libre: full.accessLibreUrl,
      prise_rdv: full.bookingUrl,
    });
    for (const c of MULTI_VALUE_COLUMNS) expect(a[c]).not.toMatch(/;/);
  });

  it('writes the hours in opening_hours syntax: always open with a closed day, evenings to midnight', async () => {
    const { records } = await csvRows();
    const b = records.find((r) => r.id === sites.b.id)!;
    const e = records.find((r) => r.id === sites.e.id)!;
    expect(b.horaires).toBe(`open; ${year + 1} Jul 14 off`);
    expect(e.horaires).toBe('Tu,Th 18:00-24:00; Su 10:00-12:00');
    // Read back by the reference parser: Bastille Day closed, a Tuesday evening open, a Tuesday noon closed.
    expect(new OpeningHours(b.horaires).getState(new Date(`${year + 1}-07-14T12:00:00`))).toBe(false);
    const evening = new OpeningHours(e.horaires);
    const tuesday = new Date(`${year + 1}-01-01T12:00:00`);
    tuesday.setDate(tuesday.getDate() + ((2 - tuesday.getDay() + 7) % 7));
    expect(evening.getState(new Date(tuesday.getTime() + 11 * 3600_000))).toBe(true); // 23:00
    expect(evening.getState(tuesday)).toBe(false); // 12:00
    // The date of B's record is on Réunion's clock.
    expect(b.date_maj).toBe(dayOf(new Date(), 'Indian/Reunion'));
  });

  it('gives the same records as JSON: field names of the standard, empty fields left out, numbers for coordinates', async () => {
    const res = await t.http().get('/api/places.json').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const { records } = await csvRows();
    expect(res.body.map((p: { id: string }) => p.id)).toEqual(records.map((r) => r.id));
    for (const place of res.body as Array<Record<string, string | number>>) {
      const keys = Object.keys(place);
      expect(keys).toEqual(PLACE_COLUMNS.filter((c) => keys.includes(c)));
      const fromCsv = records.find((r) => r.id === place.id)!;
      for (const c of PLACE_COLUMNS) expect([c, place[c] === undefined ? '' : String(place[c])]).toEqual([c, fromCsv[c]]);
    }
    const a = res.body.find((p: { id: string }) => p.id === sites.a.id);
    expect(a.latitude).toBe(48.3904);
    expect(a.longitude).toBe(-4.4861);
    expect(res.body.find((p: { id: string }) => p.id === sites.b.id)).not.toHaveProperty('telephone');
  });

  it("refuses another site's manager and a maker, in reading and in writing", async () => {
    for (const token of [managerB, makerA]) {
      const read = await as(t, token).get(`/api/places/sites/${sites.a.id}`);
      expect([403, 404]).toContain(read.status);
      const write = await put(token, sites.a.id, { ...full, summary: 'Piraté' });
      expect([403, 404]).toContain(write.status);
    }
    const page = await as(t, makerA).get('/places/settings');
    expect(page.status).toBe(403);
    const own = await as(t, managerA).get(`/api/places/sites/${sites.a.id}`).expect(200);
    expect(own.body.settings.summary).toBe(full.summary);
  });

  it('refuses bad input with a 400 and French reasons, field by field', async () => {
    const res = await put(managerA, sites.a.id, {
      ...full,
      pivot: '123',
      postalCode: '2920',
      inseeCode: '99',
      typologies: ['FABLABS'],
      services: ['Impression 3D'],
      phone: '12345',
      summary: 'x'.repeat(281),
      websites: ['ftp://fablab.example'],
      emails: ['pas-une-adresse'],
      latitude: 'nord',
      accessModes: ['Ce lieu n’accueille pas de public'],
    }).expect(400);
    expect(res.body.code).toBe('invalid_input');
    expect(Object.keys(res.body.fields).sort()).toEqual(
      ['accessModes', 'emails', 'inseeCode', 'latitude', 'phone', 'pivot', 'postalCode', 'services', 'summary', 'typologies', 'websites'].sort(),
    );
    expect(res.body.fields.pivot.join(' ')).toMatch(/SIRET \(14 chiffres\) ou RNA/);
    expect(res.body.fields.services.join(' ')).toMatch(/valeur hors de la liste nationale/);
    expect(res.body.fields.summary.join(' ')).toMatch(/280 caractères au plus/);
    expect(res.body.fields.phone.join(' ')).toMatch(/format international/);
    // Publishing without what the standard requires.
    const bare = await put(managerA, sites.a.id, { published: true, latitude: 48.39 }).expect(400);
    expect(Object.keys(bare.body.fields).sort()).toEqual(['address', 'commune', 'longitude', 'pivot', 'postalCode', 'services']);
    expect(bare.body.message).toMatch(/obligatoire pour publier/);
    // Nothing was changed by the refusals.
    const { records } = await csvRows();
    expect(records.find((r) => r.id === sites.a.id)?.presentation_resume).toBe(full.summary);
  });

  it('takes a site off the files when it stops publishing, and back on', async () => {
    await put(managerB, sites.b.id, { ...minimal, published: false }).expect(200);
    expect((await csvRows()).records.map((r) => r.id)).not.toContain(sites.b.id);
    const json = await t.http().get('/api/places.json').expect(200);
    expect(json.body.map((p: { id: string }) => p.id)).not.toContain(sites.b.id);
    await put(managerB, sites.b.id, minimal).expect(200);
    expect((await csvRows()).records.map((r) => r.id)).toContain(sites.b.id);
  });

  it('shows the published places on /lieux as a plain list and a map, tiles allowed only there', async () => {
    const res = await t.http().get('/lieux').expect(200);
    expect(res.text).toContain('Atelier Alpha');
    expect(res.text).toContain('Repair café Epsilon');
    expect(res.text).not.toContain('Lieu Gamma');
    expect(res.text).toContain(`id="lieu-${sites.a.id}"`);
    expect(res.text).toContain('Mardi</span> 18:00–24:00');
    expect(res.text).toContain('id="places-map"');
    expect(res.text).toContain('<script src="/vendor/leaflet/leaflet.js"');
    expect(res.text).not.toMatch(/<(script|link)[^>]+(src|href)="https?:/);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toMatch(/img-src 'self' data: blob: https:\/\/tile\.openstreetmap\.org;/);
    expect(csp).toMatch(/script-src 'self';/);
    const elsewhere = await as(t, managerA).get('/places/settings').expect(200);
    expect(String(elsewhere.headers['content-security-policy'])).not.toContain('openstreetmap');
    expect(elsewhere.text).toContain(`data-api="/api/places/sites/${sites.a.id}"`);
    const js = await t.http().get('/vendor/leaflet/leaflet.js').expect(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.text).toContain('Leaflet');
    const css = await t.http().get('/vendor/leaflet/leaflet.css').expect(200);
    expect(css.headers['content-type']).toMatch(/text\/css/);
    await t.http().get('/assets/places-map.js').expect(200);
    // The language switch works on the public page too.
    const english = await t.http().get('/lieux?lang=en').expect(200);
    expect(english.text).toContain('<h1>Our places</h1>');
    expect(english.text).toContain('Tuesday</span> 18:00–24:00');
  });
});
