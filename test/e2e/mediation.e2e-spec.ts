import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { MailService } from '../../src/infra/mail/mail.service';
import { EXPORT_COLUMNS } from '../../src/mediation/national';
import { adminToken, as, createManager, createPerson, createSite, createTraining } from '../factories/api.factory';
import { binary, createMediator, follow, individual, workshop } from '../factories/mediation.factory';
import { createCertification, skillsOf } from '../factories/skills.factory';
import { createMember, parseCsv } from '../factories/trainings.factory';
import { waitUntil } from '../factories/wait';
import { startTestApp, TestApp } from './harness';

describe(`digital mediation log (${process.env.TEST_DB})`, () => {
  let t: TestApp;
  let admin: string;
  let manager: string;
  let mediator: string;
  let mediatorId: string;
  let site: { id: string; name: string };
  const post = (body: object, token = mediator) => as(t, token).post('/api/mediation/activities', body);

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminToken(t);
    site = await createSite(t, admin);
    manager = (await createManager(t, admin, site.id)).token;
    const m = await createMediator(t, manager, site.id);
    mediator = m.token;
    mediatorId = m.person.id;
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('logging', () => {
    it('logs an anonymous accompaniment once, however often the same id is sent', async () => {
      const body = individual({ gender: 'feminin', birthYear: 2000, socialStatus: 'sans_emploi', beneficiaryCommune: 'Brest', beneficiaryPostalCode: '29200' });
      const first = await post(body).expect(201);
      expect(first.body).toMatchObject({ id: body.id, created: true, siteId: site.id, mediatorId, participantsCount: 1 });
      // The age band comes from the birth year, in the activity's year: 2026 − 2000 = 26.
      expect(first.body.participants).toEqual([
        expect.objectContaining({
          personId: null,
          firstTime: true,
          gender: 'feminin',
          ageBand: 'vingt_cinq_trente_neuf',
          socialStatus: 'sans_emploi',
          commune: 'Brest',
        }),
      ]);
      const again = await post({ ...body, durationMinutes: 90 }).expect(200);
      expect(again.body).toMatchObject({ id: body.id, created: false, durationMinutes: 45 });
      expect(again.body.participants).toHaveLength(1);
      const both = await Promise.all([post(individual({ id: randomUUID() })), post(individual())]);
      expect(both.map((r) => r.status)).toEqual([201, 201]);
    });

    it('answers a racing duplicate with the stored activity', async () => {
      const body = individual();
      const results = await Promise.all([post(body), post(body), post(body)]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 200, 201]);
      const log = await as(t, mediator).get('/api/mediation/activities?from=2026-11-01&to=2026-11-30').expect(200);
      expect(log.body.filter((a: { id: string }) => a.id === body.id)).toHaveLength(1);
    });

    it('refuses what breaks the national rules, in French, with a 400', async () => {
      const cases: Array<[object, RegExp]> = [
        [individual({ topics: ['logement'] }), /ne se choisissent qu’avec « Aide aux démarches administratives »/],
        [individual({ procedureName: 'CAF' }), /Le nom de la démarche ne se donne qu’avec/],
        [individual({ mandateUsed: true }), /mandat Aidants Connect ne s’emploie que/],
        [individual({ placeType: 'domicile' }), /Lieu « À domicile » : indiquez la commune et son code postal/],
        [individual({ placeType: 'lieu_activite', placeCommune: 'Brest' }), /la commune ne se donne que pour/],
        [individual({ topics: [] }), /Choisissez au moins une thématique/],
        [individual({ topics: ['cuisine'] }), /« topics » : chaque valeur : valeur parmi/],
        [individual({ durationMinutes: 0 }), /Durée : 1 minute au moins/],
        [individual({ placePostalCode: '2920' }), /Code postal : 5 chiffres/],
        [individual({ equipment: ['aucun', 'ordinateur'] }), /« Pas de matériel » ne va pas/],
        [individual({ redirected: true }), /choisissez la structure de redirection/],
        [individual({ redirectedTo: 'aide_sociale' }), /ne se donne que si la personne est réorientée/],
        [individual({ notes: 'mot de passe : soleil29' }), /Ne notez jamais les identifiants ni les mots de passe/],
        [individual({ password: 'soleil29' }), /« password » : champ inconnu, à retirer/],
        [individual({ anonymous: { total: 2 } }), /Un accompagnement individuel a une seule personne/],
        [workshop({ anonymous: { total: 0 } }), /au moins un participant, suivi ou anonyme/],
        [workshop({ anonymous: { total: 3, genders: { feminin: 2, masculin: 2 } } }), /4 comptés par genre, plus que le total \(3\)/],
        [workshop({ autonomy: 'autonome' }), /L’autonomie et la réorientation sont pour un accompagnement individuel/],
        [individual({ date: '2026-02-30' }), /date au format AAAA-MM-JJ qui existe/],
      ];
      for (const [body, reason] of cases) {
        const res = await post(body);
        expect({ status: res.status, body }).toEqual({ status: 400, body });
        expect(res.body.message).toMatch(reason);
      }
    });

    it('lets administrative sub-domains, the procedure and a mandate through under administrative help, and keeps nothing more of the mandate', async () => {
      const body = individual({
        topics: ['aide_aux_demarches_administratives', 'social_sante', 'logement'],
        procedureName: 'Demande de RSA',
        mandateUsed: true,
        placeType: 'domicile',
        placeCommune: 'Guipavas',
        placePostalCode: '29490',
        placeInseeCode: '29075',
        autonomy: 'entierement_accompagne',
        redirected: true,
        redirectedTo: 'aide_sociale',
      });
      const res = await post(body).expect(201);
      expect(res.body).toMatchObject({ mandateUsed: true, procedureName: 'Demande de RSA', placeCommune: 'Guipavas', redirectedTo: 'aide_sociale' });
      expect(Object.keys(res.body).filter((k) => /mandat|mandate/i.test(k))).toEqual(['mandateUsed']);
    });

    it('shows the phone form with the national words, and Aidants Connect where procedures are done', async () => {
      const page = await as(t, mediator).get('/mediation/new?type=individuel').expect(200);
      for (const words of [
        'Aide aux démarches administratives',
        'Papiers - Élections - Citoyenneté',
        'À domicile',
        'Pas de matériel',
        'Autonome avec guidage en cas de besoin',
      ])
        expect(page.text).toContain(words);
      expect(page.text).toContain('https://aidantsconnect.beta.gouv.fr/');
      expect(page.text).toContain('Ne notez jamais d’identifiant ni de mot de passe');
      expect(page.text).not.toMatch(/\btype="password"/);
      const ws = await as(t, mediator).get('/mediation/new?type=collectif').expect(200);
      expect(ws.text).toContain('name="anonymous.total"');
      await as(t, mediator).get('/mediation/new?type=autre').expect(400);
    });
  });

  describe('followed people and consent', () => {
    it('refuses a followed person without recorded consent, then counts them first-time once', async () => {
      const person = await createPerson(t, manager, site.id, { firstName: 'Yvonne', lastName: 'Le Bris' });
      const refused = await post(individual({ personId: person.id })).expect(400);
      expect(refused.body.message).toMatch(/Personne non suivie ici ou sans consentement enregistré : Yvonne L\./);
      const noConsent = await as(t, mediator).put(`/api/mediation/followed/${person.id}`, { consent: false }).expect(400);
      expect(noConsent.body.message).toMatch(/Le consentement de la personne est nécessaire/);
      const followed = await follow(t, mediator, person.id, {
        birthYear: 1950,
        gender: 'feminin',
        socialStatus: 'retraite',
        commune: 'Brest',
        postalCode: '29200',
      });
      expect(followed).toMatchObject({ personId: person.id, consentRecordedBy: mediatorId });
      const first = await post(individual({ personId: person.id })).expect(201);
      expect(first.body.participants[0]).toMatchObject({
        personId: person.id,
        firstTime: true,
        ageBand: 'soixante_dix_plus',
        gender: 'feminin',
        socialStatus: 'retraite',
      });
      const second = await post(individual({ personId: person.id, date: '2026-12-01' })).expect(201);
      expect(second.body.participants[0].firstTime).toBe(false);
      // A followed person's attributes come from their record, never typed again.
      const typed = await post(individual({ personId: person.id, gender: 'masculin' })).expect(400);
      expect(typed.body.message).toMatch(/viennent de sa fiche/);
      // Another site's manager cannot follow them.
      const other = await createSite(t, admin);
      const otherManager = (await createManager(t, admin, other.id)).token;
      await as(t, otherManager).put(`/api/mediation/followed/${person.id}`, { consent: true }).expect(404);
      // Withdrawn consent: still counted, no longer linked to them.
      await as(t, mediator).delete(`/api/mediation/followed/${person.id}`).expect(200);
      const after = await as(t, mediator).get(`/api/mediation/activities/${first.body.id}`).expect(200);
      expect(after.body.participants[0]).toMatchObject({ personId: null, gender: 'feminin' });
    });

    it('takes followed participants and anonymous counters in a workshop, attributes spread from the counters', async () => {
      const a = await createPerson(t, manager, site.id, { firstName: 'Jean' });
      await follow(t, mediator, a.id, { gender: 'masculin' });
      const res = await post(
        workshop({
          participantIds: [a.id],
          anonymous: { total: 5, alreadyAccompanied: 2, genders: { feminin: 3, masculin: 1 }, ageBands: { soixante_dix_plus: 2 }, statuses: { retraite: 2 } },
        }),
      ).expect(201);
      expect(res.body.participantsCount).toBe(6);
      const rows = res.body.participants as Array<{ seq: number; personId: string | null; gender: string; ageBand: string; firstTime: boolean }>;
      expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(rows[0]).toMatchObject({ personId: a.id, gender: 'masculin' });
      const anonymous = rows.filter((r) => !r.personId);
      expect(anonymous.filter((r) => r.gender === 'feminin')).toHaveLength(3);
      expect(anonymous.filter((r) => r.gender === 'non_communique')).toHaveLength(1);
      expect(anonymous.filter((r) => r.ageBand === 'soixante_dix_plus')).toHaveLength(2);
      expect(anonymous.filter((r) => !r.firstTime)).toHaveLength(2);
    });
  });

  describe('roles', () => {
    it('lets a mediator log and read their site, not read the reports; a maker does neither', async () => {
      await as(t, mediator).get('/api/mediation/activities').expect(200);
      await as(t, mediator).get('/mediation').expect(200);
      await as(t, mediator).get('/api/mediation/reports').expect(403);
      await as(t, mediator).get('/mediation/reports').expect(403);
      const maker = await createMember(t, manager, site.id, { firstName: 'Paul' });
      await as(t, maker.token).post('/api/mediation/activities', individual()).expect(403);
      await as(t, maker.token).get('/mediation').expect(403);
      const other = await createSite(t, admin);
      const otherMediator = (await createMediator(t, admin, other.id)).token;
      const mine = await post(individual()).expect(201);
      await as(t, otherMediator).get(`/api/mediation/activities/${mine.body.id}`).expect(404);
      // The same client id from another site is refused, not merged.
      await post(individual({ id: mine.body.id }), otherMediator).expect(409);

      // A mediator guides learners on the skills side too: the person's skills page, evidence of
      // a skill, a plan; not for a person of another site.
      const learner = await createMember(t, manager, site.id, { firstName: 'Awa' });
      const skills = await skillsOf(t, manager, site.id);
      await as(t, mediator).get(`/skills/people/${learner.person.id}`).expect(200);
      expect((await as(t, mediator).get(`/mediation/people/${learner.person.id}`).expect(200)).text).toContain(`href="/skills/people/${learner.person.id}"`);
      await as(t, mediator)
        .post('/api/skills/evidence', { personId: learner.person.id, skillId: skills.skill('1.1').id, level: 1, date: '2026-12-01', source: 'manual' })
        .expect(201);
      await as(t, otherMediator).get(`/skills/people/${learner.person.id}`).expect(404);
      await as(t, otherMediator)
        .post('/api/skills/evidence', { personId: learner.person.id, skillId: skills.skill('1.1').id, level: 1, date: '2026-12-01', source: 'manual' })
        .expect(404);
      await as(t, maker.token).get(`/skills/people/${learner.person.id}`).expect(403);
    });

    it('sends a mediator home to the log', async () => {
      const res = await as(t, mediator).get('/').redirects(0);
      expect(res.headers.location).toBe('/mediation');
    });
  });

  describe('reports and exports', () => {
    let reportSite: { id: string };
    let reportManager: string;
    let reportMediator: string;

    beforeAll(async () => {
      reportSite = await createSite(t, admin, { name: 'EPN des Capucins' });
      reportManager = (await createManager(t, admin, reportSite.id)).token;
      reportMediator = (await createMediator(t, admin, reportSite.id)).token;
      const followed = await createPerson(t, reportManager, reportSite.id, { firstName: 'Odile' });
      await follow(t, reportMediator, followed.id, { birthYear: 1958, gender: 'feminin' });
      const send = (body: object) => as(t, reportMediator).post('/api/mediation/activities', body).expect(201);
      await send(individual({ date: '2026-03-02', personId: followed.id, durationMinutes: 60, topics: ['email', 'securite_numerique'] }));
      await send(individual({ date: '2026-03-09', personId: followed.id, durationMinutes: 30, placeType: 'a_distance' }));
      await send(individual({ date: '2026-04-01', gender: 'masculin', birthYear: 1990, alreadyAccompanied: true, durationMinutes: 45 }));
      await send(
        workshop({
          date: '2026-05-05',
          participantIds: [followed.id],
          anonymous: { total: 7, alreadyAccompanied: 3, genders: { feminin: 4, masculin: 2 } },
          topics: ['navigation_sur_internet', 'email'],
        }),
      );
      await send(individual({ date: '2025-12-31', durationMinutes: 15 })); // outside the period
    });

    it('counts people, accompaniments, hours, first-time and returning by place and topic', async () => {
      const r = (await as(t, reportManager).get('/api/mediation/reports?from=2026-01-01&to=2026-12-31').expect(200)).body;
      expect(r.totals).toEqual({
        activities: 4,
        individual: 3,
        collective: 1,
        accompaniments: 11,
        people: 9, // Odile once + the anonymous man + 7 anonymous in the workshop
        followedPeople: 1,
        anonymousPeople: 8,
        newcomers: 5, // Odile's first + 4 of the 7
        returning: 4,
        minutes: 60 + 30 + 45 + 120,
      });
      expect(r.byPlace).toEqual(
        expect.arrayContaining([
          { placeType: 'lieu_activite', activities: 3, accompaniments: 10, minutes: 225 },
          { placeType: 'a_distance', activities: 1, accompaniments: 1, minutes: 30 },
        ]),
      );
      expect(r.byTopic).toEqual(expect.arrayContaining([{ topic: 'email', activities: 4, accompaniments: 11 }]));
      expect(r.byGender).toEqual({ feminin: 7, masculin: 3, non_communique: 1 });
      const women = (await as(t, reportManager).get('/api/mediation/reports?from=2026-01-01&to=2026-12-31&gender=feminin').expect(200)).body;
      expect(women.totals).toMatchObject({ activities: 3, accompaniments: 7 });
      const remote = (await as(t, reportManager).get('/api/mediation/reports?from=2026-01-01&to=2026-12-31&placeType=a_distance').expect(200)).body;
      expect(remote.totals).toMatchObject({ activities: 1, minutes: 30 });
      await as(t, reportManager).get('/api/mediation/reports?from=2026-01-01&to=2026-13-01').expect(400);
      await as(t, reportManager).get('/api/mediation/reports?topic=cuisine').expect(400);
      await as(t, manager).get(`/api/mediation/reports?siteId=${reportSite.id}`).expect(403);
    });

    it('exports the same figures as XLSX in the national columns and labels, read back with ExcelJS', async () => {
      const q = 'from=2026-01-01&to=2026-12-31';
      const report = (await as(t, reportManager).get(`/api/mediation/reports?${q}`).expect(200)).body;
      const buf = await binary(as(t, reportManager).get(`/api/mediation/exports/activities.xlsx?${q}`).expect(200));
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(buf as never);
      const ws = wb.getWorksheet('Activités')!;
      const values = (n: number) => (ws.getRow(n).values as unknown[]).slice(1);
      expect(values(4)).toEqual([...EXPORT_COLUMNS]);
      const col = (name: (typeof EXPORT_COLUMNS)[number]) => EXPORT_COLUMNS.indexOf(name);
      const rows: unknown[][] = [];
      ws.eachRow((row, n) => {
        if (n > 4) rows.push((row.values as unknown[]).slice(1));
      });
      expect(rows).toHaveLength(report.totals.accompaniments);
      const ids = new Map(rows.map((r) => [r[col('ID CRA')], Number(r[col('Durée (min)')])]));
      expect(ids.size).toBe(report.totals.activities);
      expect([...ids.values()].reduce((s, m) => s + m, 0)).toBe(report.totals.minutes);
      expect(rows.filter((r) => r[col('Genre du bénéficiaire')] === 'Féminin')).toHaveLength(report.byGender.feminin);
      const workshopRow = rows.find((r) => r[col('Type')] === 'Atelier collectif')!;
      expect(workshopRow[col('Participants')]).toMatch(/^\d\/8$/);
      expect(workshopRow[col('Thématique(s) d’accompagnement')]).toBe('Navigation sur internet\nE-mail');
      expect(workshopRow[col('Niveau d’autonomie (ou de l’atelier)')]).toBe('1/3');
      expect(workshopRow[col('Nom du lieu')]).toBe('EPN des Capucins');
      expect(rows[0][col('Date')]).toEqual(new Date('2026-03-02T00:00:00Z'));
      expect(rows[0][col('Canaux d’accompagnement')]).toBe('Lieu d’activité');
      expect(rows.some((r) => r[col('Canaux d’accompagnement')] === 'À distance')).toBe(true);
      expect(rows.some((r) => r[col('Tranche d’âge du bénéficiaire')] === '60 - 69 ans')).toBe(true);
    });

    it('exports the same rows as CSV, and the page shows the same figures', async () => {
      const q = 'from=2026-01-01&to=2026-12-31';
      const report = (await as(t, reportManager).get(`/api/mediation/reports?${q}`).expect(200)).body;
      const csv = await as(t, reportManager).get(`/api/mediation/exports/activities.csv?${q}`).expect(200);
      const { bom, rows } = parseCsv(csv.text);
      expect(bom).toBe(true);
      expect(rows[0]).toEqual([...EXPORT_COLUMNS]);
      const data = rows.slice(1).filter((r) => r.length > 1);
      expect(data).toHaveLength(report.totals.accompaniments);
      expect(data[0][0]).toBe('02/03/2026');
      const page = await as(t, reportManager).get(`/mediation/reports?${q}`).expect(200);
      expect(page.text).toContain(`data-figure="accompaniments">${report.totals.accompaniments}<`);
      expect(page.text).toContain(`data-figure="people">${report.totals.people}<`);
      expect(page.text).toContain('data-figure="hours">4,3<');
      expect(page.text).toContain('Navigation sur internet');
    });
  });

  describe('follow-up of a plan and the prescriber', () => {
    it('shows hours attended against the weekly plan, and tells the prescriber of a milestone once, with consent', async () => {
      const member = await createMember(t, manager, site.id, { firstName: 'Karim', lastName: 'Benali' });
      const skills = await skillsOf(t, manager, site.id);
      const cert = await createCertification(t, manager, site.id, `Pix ${randomUUID().slice(0, 6)}`, [{ skillId: skills.skill('1.1').id, level: 2 }]);
      const plan = (
        await as(t, manager)
          .post(`/api/skills/people/${member.person.id}/plans`, { certificationId: cert.id, hoursPerWeek: 4, startsOn: '2026-11-30' })
          .expect(201)
      ).body;
      expect(plan.hoursNeeded).toBe(8);
      await follow(t, mediator, member.person.id, { prescriberName: 'M. Le Gall', prescriberEmail: 'legall@francetravail.example', prescriberConsent: true });
      const mail = t.app.get(MailService);
      await post(individual({ personId: member.person.id, date: '2026-12-01', durationMinutes: 120 })).expect(201);
      await waitUntil(() => mail.sent.some((m) => m.to === 'legall@francetravail.example'), 10_000);
      const sent = mail.sent.filter((m) => m.to === 'legall@francetravail.example');
      expect(sent).toHaveLength(1);
      expect(sent[0].subject).toBe('Parcours numérique de Karim Benali : 25 % du plan');
      expect(sent[0].text).toContain('2 h sur les 8 h');
      // The person sees their own follow-up; another maker of the site does not.
      const mine = (await as(t, member.token).get(`/api/mediation/followed/${member.person.id}/follow-up`).expect(200)).body;
      expect(mine).toMatchObject({ hours: { accompaniments: 2, workshops: 0, total: 2 }, percent: 25, milestone: 25 });
      expect(mine.weeks[0]).toMatchObject({ week: 1, startsOn: '2026-11-30', plannedHours: 4, attendedHours: 2 });
      const other = await createMember(t, manager, site.id, { firstName: 'Léon' });
      await as(t, other.token).get(`/api/mediation/followed/${member.person.id}/follow-up`).expect(404);
      const page = await as(t, member.token).get('/mediation/me').expect(200);
      expect(page.text).toContain('2 h suivies');
      // A small accompaniment that reaches no new milestone sends nothing more.
      await post(individual({ personId: member.person.id, date: '2026-12-02', durationMinutes: 30 })).expect(201);
      await new Promise((r) => setTimeout(r, 500));
      expect(mail.sent.filter((m) => m.to === 'legall@francetravail.example')).toHaveLength(1);
      // Without the person's consent to tell the prescriber, nothing is sent.
      await follow(t, mediator, member.person.id, { prescriberConsent: false });
      await post(individual({ personId: member.person.id, date: '2026-12-03', durationMinutes: 180 })).expect(201);
      await new Promise((r) => setTimeout(r, 500));
      expect(mail.sent.filter((m) => m.to === 'legall@francetravail.example')).toHaveLength(1);

      // A machine training session attended counts its own length in the plan's hours.
      const training = await createTraining(t, manager, site.id, { name: 'Découpe laser' });
      const trainer = await createPerson(t, manager, site.id, { firstName: 'Inès', role: 'trainer' });
      const session = { trainingId: training.id, date: '2026-12-04', trainerId: trainer.id, attendees: [{ personId: member.person.id, result: 'failed' }] };
      const badLength = await as(t, manager)
        .post('/api/training-sessions', { ...session, durationMinutes: 5 })
        .expect(400);
      expect(JSON.stringify(badLength.body)).toContain('au moins 15 minutes');
      await as(t, manager)
        .post('/api/training-sessions', { ...session, durationMinutes: 90 })
        .expect(201);
      const after = (await as(t, mediator).get(`/api/mediation/followed/${member.person.id}/follow-up`).expect(200)).body;
      expect(after).toMatchObject({ hours: { accompaniments: 5.5, workshops: 0, trainings: 1.5, total: 7 }, trainingSessions: 1 });
      expect(after.weeks[0]).toMatchObject({ week: 1, attendedHours: 7 });
      const seen = await as(t, member.token).get('/mediation/me').expect(200);
      expect(seen.text).toContain('1,5 h de formations machines');
    });
  });
});
