import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SessionEndReason, UsageSession } from '../../src/access/entities/usage-session.entity';
import {
  adminToken,
  as,
  createBadge,
  login,
  createMachine,
  createManager,
  createPerson,
  createSite,
  createTraining,
  isoDaysAgo,
  recordPass,
  registerBridge,
} from '../factories/api.factory';
import { FakeBridge } from '../factories/bridge-client';
import { waitUntil } from '../factories/wait';
import { createCertification, createWorkshop, logEvidence, skillsOf } from '../factories/skills.factory';
import { MailService } from '../../src/infra/mail/mail.service';
import { WorkshopReminders } from '../../src/skills/workshop-reminders';
import { EvidenceRulesListener } from '../../src/skills/evidence-rules.listener';
import { SkillEvidence } from '../../src/skills/entities/skill-evidence.entity';
import { startTestApp, TestApp } from './harness';
import { independentlyVerify } from './support/ob3-independent-verifier';

describe(`skills toward certification (${process.env.TEST_DB})`, () => {
  let t: TestApp;
  let admin: string;
  let manager: string;
  let site: { id: string; slug: string };
  let skills: Awaited<ReturnType<typeof skillsOf>>;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminToken(t);
    site = await createSite(t, admin);
    manager = (await createManager(t, admin, site.id)).token;
    skills = await skillsOf(t, manager, site.id);
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('frameworks', () => {
    it('seeds Pix with its 5 domains and 16 competences at levels 1–8, and machine skills at 3 levels', () => {
      const pix = skills.frameworks.find((f) => f.kind === 'pix');
      expect(pix.skills).toHaveLength(16);
      expect(new Set(pix.skills.map((s: any) => s.area)).size).toBe(5);
      expect(skills.skill('1.1').name).toBe("Mener une recherche et une veille d'information");
      expect(skills.skill('4.3').name).toBe("Protéger la santé, le bien-être et l'environnement");
      expect(skills.skill('1.1').levels.map((l) => l.level)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(skills.skill('machine:laser').levels.map((l) => l.label)).toEqual(['Sous supervision', 'Autonome', "Peut former d'autres personnes"]);
    });

    it('keeps the meaning of logged evidence when a custom skill is changed (new framework version)', async () => {
      const person = await createPerson(t, manager, site.id, { firstName: 'Lina' });
      const v1 = await as(t, manager)
        .post('/api/skills/custom-skills', {
          siteId: site.id,
          code: 'soudure',
          name: 'Soudure à l’étain',
          levels: [
            { level: 1, label: 'Initié' },
            { level: 2, label: 'Confirmé' },
          ],
        })
        .expect(201);
      await logEvidence(t, manager, person.id, v1.body.skill.id, 2);
      const v2 = await as(t, manager)
        .post('/api/skills/custom-skills', {
          siteId: site.id,
          code: 'soudure',
          name: 'Soudure',
          levels: [
            { level: 1, label: 'Découverte' },
            { level: 2, label: 'Sait souder un kit' },
            { level: 3, label: 'Peut former' },
          ],
        })
        .expect(201);
      expect(v2.body.framework.version).toBe(v1.body.framework.version + 1);
      expect(v2.body.skill.id).not.toBe(v1.body.skill.id);

      const evidence = await as(t, manager).get(`/api/skills/people/${person.id}/evidence`).expect(200);
      expect(evidence.body[0].skill).toMatchObject({ id: v1.body.skill.id, name: 'Soudure à l’étain' });
      expect(evidence.body[0].skill.levels[1].label).toBe('Confirmé');
      const frameworks = await as(t, manager).get(`/api/skills/frameworks?siteId=${site.id}`).expect(200);
      const custom = frameworks.body.filter((f: any) => f.kind === 'custom');
      expect(custom.map((f: any) => [f.version, f.current])).toEqual([
        [1, false],
        [2, false],
        [3, true],
      ]);
      // The code keeps its meaning across versions: the level logged on v2 counts for a v3 target.
      const cert = await createCertification(t, manager, site.id, 'Soudeur confirmé', [{ skillId: v2.body.skill.id, level: 2 }]);
      const progress = await as(t, manager).get(`/api/skills/people/${person.id}/progress`).expect(200);
      expect(progress.body.find((p: any) => p.certification.id === cert.id)).toMatchObject({ percent: 100, achieved: true });
    });
  });

  describe('evidence rules', () => {
    it('logs "laser autonomous" once 10 laser sessions ended without alarm, not before', async () => {
      const person = await createPerson(t, manager, site.id, { firstName: 'Yanis' });
      const laser = await createMachine(t, manager, site.id, { type: 'laser' });
      await as(t, manager)
        .post(`/api/skills/rules?siteId=${site.id}`, {
          skillId: skills.skill('machine:laser').id,
          level: 2,
          source: 'machine_sessions',
          machineType: 'laser',
          minCount: 10,
        })
        .expect(201);
      const sessions = t.app.get(DataSource).getRepository(UsageSession);
      const session = (endReason: SessionEndReason) =>
        sessions.insert({
          id: randomUUID(),
          siteId: site.id,
          machineId: laser.id,
          personId: person.id,
          badgeId: null,
          startedAt: new Date('2026-01-05T10:00:00Z'),
          until: new Date('2026-01-05T18:00:00Z'),
          endedAt: new Date('2026-01-05T11:00:00Z'),
          endReason,
        });
      for (let i = 0; i < 9; i++) await session('badge_out');
      await session('denied_recheck'); // cut by the server: not a job completed without alarm
      const before = await as(t, manager).post(`/api/skills/people/${person.id}/apply-rules`).expect(201);
      expect(before.body).toEqual([]);

      await session('idle_timeout');
      const after = await as(t, manager).post(`/api/skills/people/${person.id}/apply-rules`).expect(201);
      expect(after.body).toHaveLength(1);
      expect(after.body[0]).toMatchObject({ skillId: skills.skill('machine:laser').id, level: 2, source: 'machine_sessions', validatedBy: null });
      const again = await as(t, manager).post(`/api/skills/people/${person.id}/apply-rules`).expect(201);
      expect(again.body).toEqual([]);
    });

    it('logs the evidence as soon as a real session ends at the machine, before anyone reads the path', async () => {
      const person = await createPerson(t, manager, site.id, { firstName: 'Inès' });
      const cnc = await createMachine(t, manager, site.id, { type: 'cnc', name: 'Fraiseuse' });
      const training = await createTraining(t, manager, site.id, { name: 'Fraiseuse CNC', machineTypes: ['cnc'] });
      await recordPass(t, manager, person.id, training.id, isoDaysAgo(2));
      const badge = await createBadge(t, manager, person.id);
      await as(t, manager)
        .post(`/api/skills/rules?siteId=${site.id}`, {
          skillId: skills.skill('machine:cnc').id,
          level: 1,
          source: 'machine_sessions',
          machineType: 'cnc',
          minCount: 1,
        })
        .expect(201);
      const reg = await registerBridge(t, admin, site.id, [cnc.slug]);
      const bridge = await FakeBridge.connect(t.mqttUrl, reg.credentials, site.slug, reg.bridge.slug);
      try {
        await bridge.serve(cnc.slug);
        const granted = await bridge.badge(cnc.slug, badge.uid);
        expect(granted.decision).toBe('granted');
        await bridge.event(cnc.slug, 'session.ended', { sessionId: granted.sessionId, reason: 'badge_out' });
        const evidence = t.app.get(DataSource).getRepository(SkillEvidence);
        await waitUntil(async () => (await evidence.countBy({ personId: person.id, source: 'machine_sessions' })) === 1);
        await t.app.get(EvidenceRulesListener).idle();
        expect(await evidence.findBy({ personId: person.id })).toEqual([
          expect.objectContaining({ skillId: skills.skill('machine:cnc').id, level: 1, source: 'machine_sessions' }),
        ]);
      } finally {
        await bridge.end();
      }
    });

    it('turns a training passed (a qualification) into evidence', async () => {
      const person = await createPerson(t, manager, site.id, { firstName: 'Sacha' });
      const training = await createTraining(t, manager, site.id, { name: 'Imprimante 3D', machineTypes: ['printer'] });
      await as(t, manager)
        .post(`/api/skills/rules?siteId=${site.id}`, { skillId: skills.skill('machine:printer').id, level: 1, source: 'training', trainingId: training.id })
        .expect(201);
      await recordPass(t, manager, person.id, training.id, '2026-02-10');
      // Logged on the "qualification" change already, before anyone reads the path.
      await t.app.get(EvidenceRulesListener).idle();
      const logged = await t.app.get(DataSource).getRepository(SkillEvidence).findBy({ personId: person.id });
      expect(logged).toEqual([expect.objectContaining({ level: 1, source: 'training', date: '2026-02-10' })]);
      const evidence = await as(t, manager).get(`/api/skills/people/${person.id}/evidence`).expect(200);
      expect(evidence.body).toEqual([
        expect.objectContaining({ level: 1, source: 'training', date: '2026-02-10', skill: expect.objectContaining({ code: 'machine:printer' }) }),
      ]);
    });
  });

  describe('progress, assessment and plan', () => {
    it('shows progress in %, what is missing, the hours needed and a 4-hours-a-week plan confirmed by employer and adviser', async () => {
      const person = await createPerson(t, manager, site.id, { firstName: 'Nadia' });
      const cert = await createCertification(t, manager, site.id, 'Pix — prêt pour la certification', [
        { skillId: skills.skill('1.1').id, level: 3 },
        { skillId: skills.skill('2.1').id, level: 2 },
        { skillId: skills.skill('4.2').id, level: 1 },
      ]);
      await as(t, manager)
        .post(`/api/skills/people/${person.id}/assessment`, {
          levels: [
            { skillId: skills.skill('1.1').id, level: 1 },
            { skillId: skills.skill('4.2').id, level: 1 },
          ],
        })
        .expect(201);
      const progress = await as(t, manager).get(`/api/skills/people/${person.id}/progress`).expect(200);
      const p = progress.body.find((x: any) => x.certification.id === cert.id);
      expect(p.percent).toBe(33); // 2 of 6 levels
      expect(p.achieved).toBe(false);
      expect(p.missing.map((m: any) => [m.code, m.have, m.need])).toEqual([
        ['1.1', 1, 3],
        ['2.1', 0, 2],
      ]);
      expect(p.hoursNeeded).toBe(16); // 4 levels × 4 h

      const plan = await as(t, manager)
        .post(`/api/skills/people/${person.id}/plans`, { certificationId: cert.id, hoursPerWeek: 4, startsOn: '2026-03-02', employerName: 'Mairie de Lunel' })
        .expect(201);
      expect(plan.body.hoursNeeded).toBe(16);
      expect(plan.body.weeks.map((w: any) => [w.startsOn, w.hours])).toEqual([
        ['2026-03-02', 4],
        ['2026-03-09', 4],
        ['2026-03-16', 4],
        ['2026-03-23', 4],
      ]);
      expect(plan.body.employerConfirmedAt).toBeNull();
      await as(t, manager).post(`/api/skills/plans/${plan.body.id}/confirm`, { by: 'employer', name: 'Mairie de Lunel' }).expect(201);
      const done = await as(t, manager).post(`/api/skills/plans/${plan.body.id}/confirm`, { by: 'adviser', name: 'Conseillère France Travail' }).expect(201);
      expect(done.body.employerConfirmedAt).not.toBeNull();
      expect(done.body).toMatchObject({ adviserName: 'Conseillère France Travail' });
    });

    it('suggests a path from what the person came for, and refuses categories without consent', async () => {
      const person = await createPerson(t, manager, site.id, { firstName: 'Rose' });
      await createWorkshop(t, manager, site.id, { title: 'Mon espace CAF et impots.gouv', theme: 'admin_procedures' });
      await createWorkshop(t, manager, site.id, { title: 'Imprimer en 3D', theme: 'making' });
      const res = await as(t, manager).put(`/api/skills/people/${person.id}/profile`, { need: 'admin_procedures' }).expect(200);
      expect(res.body.path.themes).toContain('admin_procedures');
      expect(res.body.path.workshops.map((w: any) => w.title)).toEqual(['Mon espace CAF et impots.gouv']);
      expect(res.body.path.skills.map((s: any) => s.code)).toEqual(['1.1', '2.1', '4.2', '1.2']);
      const refused = await as(t, manager).put(`/api/skills/people/${person.id}/profile`, { ageBand: '60_plus' }).expect(400);
      expect(refused.body.code).toBe('consent_required');
    });

    it("hides another site's learners from a manager (404)", async () => {
      const other = await createSite(t, admin);
      const otherManager = (await createManager(t, admin, other.id)).token;
      const person = await createPerson(t, manager, site.id, { firstName: 'Ilyes' });
      await as(t, otherManager).get(`/api/skills/people/${person.id}/progress`).expect(404);
      await as(t, otherManager)
        .post('/api/skills/evidence', { personId: person.id, skillId: skills.skill('1.1').id, level: 1, date: '2026-01-01', source: 'manual' })
        .expect(404);
      const workshop = await createWorkshop(t, manager, site.id);
      await as(t, otherManager).post(`/api/workshops/${workshop.id}/enrol`, {}).expect(404);
      await as(t, otherManager).get(`/api/skills/people/${person.id}/path.json`).expect(404);
      await as(t, otherManager).post('/api/skills/certifications', { siteId: site.id, name: 'x', requirements: [] }).expect(403);
    });
  });

  describe('workshops', () => {
    it('seats exactly 12 of 300 people enrolling at once, waitlists the rest in order, and promotes the first waiting when a seat frees', async () => {
      const workshop = await createWorkshop(t, manager, site.id, { capacity: 12, skills: [{ skillId: skills.skill('5.2').id, level: 1 }] });
      const people: { id: string }[] = [];
      for (let batch = 0; batch < 300; batch += 25) {
        people.push(...(await Promise.all(Array.from({ length: 25 }, (_, i) => createPerson(t, manager, site.id, { firstName: `P${batch + i}` })))));
      }
      const answers = await Promise.all(
        people.map((p) =>
          fetch(`${t.url}/api/workshops/${workshop.id}/enrol`, {
            method: 'POST',
            headers: { authorization: `Bearer ${manager}`, 'content-type': 'application/json' },
            body: JSON.stringify({ personId: p.id }),
          }).then(async (r) => ({ status: r.status, body: await r.json() })),
        ),
      );
      expect(answers.every((a) => a.status === 201)).toBe(true);
      const enrolled = answers.filter((a) => a.body.status === 'enrolled');
      const waiting = answers.filter((a) => a.body.status === 'waiting');
      expect(enrolled).toHaveLength(12);
      expect(waiting).toHaveLength(288);
      expect(waiting.map((w) => w.body.waitingPosition).sort((a, b) => a - b)).toEqual(Array.from({ length: 288 }, (_, i) => i + 1));
      // Arrival order: every seat was taken before anyone waited.
      expect(Math.max(...enrolled.map((e) => e.body.seq))).toBeLessThan(Math.min(...waiting.map((w) => w.body.seq)));

      const first = waiting.find((w) => w.body.waitingPosition === 1)!;
      const leaving = enrolled[0].body.personId;
      const cancel = await as(t, manager).delete(`/api/workshops/${workshop.id}/enrolment?personId=${leaving}`).expect(200);
      expect(cancel.body).toEqual({ cancelled: true, promoted: first.body.personId });
      const detail = await as(t, manager).get(`/api/workshops/${workshop.id}`).expect(200);
      expect(detail.body).toMatchObject({ enrolled: 12, waiting: 287 });

      const stillWaiting = waiting.find((w) => w.body.waitingPosition === 2)!.body.personId;
      const present = enrolled.slice(1, 4).map((e) => e.body.personId);
      const att = await as(t, manager).post(`/api/workshops/${workshop.id}/attendance`, { personIds: present }).expect(201);
      expect(att.body).toEqual({ attended: 3, evidenceLogged: 3 });
      const ev = await as(t, manager).get(`/api/skills/people/${present[0]}/evidence`).expect(200);
      expect(ev.body).toEqual([expect.objectContaining({ source: 'workshop', level: 1, skill: expect.objectContaining({ code: '5.2' }) })]);
      await as(t, manager)
        .post(`/api/workshops/${workshop.id}/attendance`, { personIds: [first.body.personId, stillWaiting] })
        .expect(400);
    }, 180_000);
  });

  describe('credentials', () => {
    let person: { id: string };
    let credential: any;
    /** The verifier's HTTPS GET of the did:web document, answered by the app (PUBLIC_URL is http://localhost:0 here). */
    const viaApp = async (url: string) => (await t.http().get(new URL(url).pathname).expect(200)).body;

    beforeAll(async () => {
      person = await createPerson(t, manager, site.id, { firstName: 'Awa', email: `awa-${randomUUID().slice(0, 6)}@exemple.fr` });
      await logEvidence(t, manager, person.id, skills.skill('3.1').id, 3);
    });

    it('issues an Open Badges 3.0 credential that an independent verifier accepts', async () => {
      const res = await as(t, manager)
        .post(`/api/skills/people/${person.id}/credentials`, { kind: 'skill', refId: skills.skill('3.1').id, level: 3 })
        .expect(201);
      credential = res.body.document;
      expect(credential['@context']).toEqual(['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json']);
      expect(credential.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
      expect(credential.issuer).toMatchObject({ type: ['Profile'], id: `did:web:localhost%3A0:sites:${site.slug}` });
      expect(credential.credentialSubject).toMatchObject({
        type: ['AchievementSubject'],
        achievement: { type: ['Achievement'], achievementType: 'Competency' },
      });
      expect(credential.credentialSubject.identifier[0]).toMatchObject({ type: 'IdentityObject', hashed: true, identityType: 'emailAddress' });
      expect(credential.proof).toMatchObject({
        type: 'DataIntegrityProof',
        cryptosuite: 'eddsa-rdfc-2022',
        proofPurpose: 'assertionMethod',
        proofValue: expect.stringMatching(/^z/),
      });
      expect(await independentlyVerify(credential, viaApp)).toBe(true);
    });

    it('is rejected by the independent verifier once tampered with', async () => {
      const tampered = structuredClone(credential);
      tampered.credentialSubject.achievement.name = 'Programmer — Niveau 8 (Expert)';
      expect(await independentlyVerify(tampered, viaApp)).toBe(false);
      const otherDate = structuredClone(credential);
      otherDate.validFrom = '2020-01-01T00:00:00Z';
      expect(await independentlyVerify(otherDate, viaApp)).toBe(false);
    });

    it('serves a public verification page and the JSON, without login', async () => {
      const id = String(credential.id).replace('urn:uuid:', '');
      const json = await t.http().get(`/credentials/${id}.json`).expect(200);
      expect(json.body).toEqual(credential);
      const page = await t.http().get(`/credentials/${id}`).expect(200);
      expect(page.text).toContain('Attestation authentique');
      expect(page.text).toContain('Développer des documents textuels');
      await t.http().get(`/credentials/${randomUUID()}`).expect(404);
    });

    it('refuses a credential for a level not reached, saying so', async () => {
      const res = await as(t, manager)
        .post(`/api/skills/people/${person.id}/credentials`, { kind: 'skill', refId: skills.skill('3.1').id, level: 4 })
        .expect(400);
      expect(res.body.code).toBe('not_reached');
    });

    it('lets the person download their whole path as JSON (with the signed credentials) and PDF', async () => {
      const json = await as(t, manager).get(`/api/skills/people/${person.id}/path.json`).expect(200);
      expect(json.body.credentials).toEqual([credential]);
      expect(json.body.evidence[0]).toMatchObject({ level: 3, skill: { code: '3.1' } });
      const pdf = await as(t, manager)
        .get(`/api/skills/people/${person.id}/path.pdf`)
        .buffer(true)
        .parse((res: any, cb: any) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    });

    it('shows a revoked credential as not valid on its public page', async () => {
      const id = String(credential.id).replace('urn:uuid:', '');
      await as(t, manager).post(`/api/skills/credentials/${id}/revoke`).expect(201);
      const page = await t.http().get(`/credentials/${id}`).expect(200);
      expect(page.text).toContain('Attestation NON valable');
      expect(page.text).toContain('revoked');
    });
  });

  describe('funder report', () => {
    it('counts people trained by need, age band and category (consent only), hours and certifications', async () => {
      const fresh = await createSite(t, admin);
      const m = (await createManager(t, admin, fresh.id)).token;
      const s = await skillsOf(t, m, fresh.id);
      const cert = await createCertification(t, m, fresh.id, 'Courriel', [{ skillId: s.skill('2.1').id, level: 1 }]);
      const a = await createPerson(t, m, fresh.id, { firstName: 'A' });
      const b = await createPerson(t, m, fresh.id, { firstName: 'B' });
      const c = await createPerson(t, m, fresh.id, { firstName: 'C' });
      await as(t, m)
        .put(`/api/skills/people/${a.id}/profile`, {
          need: 'job_search',
          categoriesConsent: true,
          ageBand: '26_44',
          categories: ['job_seeker', 'subsidised_contract'],
        })
        .expect(200);
      await as(t, m).put(`/api/skills/people/${b.id}/profile`, { need: 'job_search' }).expect(200);
      await as(t, m)
        .put(`/api/skills/people/${c.id}/profile`, { need: 'computer_basics', categoriesConsent: true, ageBand: '60_plus', categories: ['senior'] })
        .expect(200);
      const w = await createWorkshop(t, m, fresh.id, {
        startsAt: '2026-04-07T08:00:00Z',
        durationMinutes: 90,
        skills: [{ skillId: s.skill('2.1').id, level: 1 }],
      });
      for (const p of [a, b, c]) await as(t, m).post(`/api/workshops/${w.id}/enrol`, { personId: p.id }).expect(201);
      await as(t, m)
        .post(`/api/workshops/${w.id}/attendance`, { personIds: [a.id, c.id] })
        .expect(201);
      await logEvidence(t, m, b.id, s.skill('1.1').id, 1, '2026-04-08');
      await as(t, m).post(`/api/skills/people/${a.id}/credentials`, { kind: 'certification', refId: cert.id }).expect(201);

      const report = await as(t, m).get(`/api/skills/reports/funders?siteId=${fresh.id}&from=2026-01-01&to=2026-12-31`).expect(200);
      expect(report.body).toMatchObject({
        peopleTrained: 3,
        byNeed: { job_search: 2, computer_basics: 1, admin_procedures: 0, not_given: 0 },
        byAgeBand: { '26_44': 1, '60_plus': 1, not_given: 1 },
        byCategory: { job_seeker: 1, subsidised_contract: 1, senior: 1, not_given: 1 },
        workshopsHeld: 1,
        hoursDelivered: 3,
        certificationsReached: 1,
      });
      expect(JSON.stringify(report.body)).not.toContain(a.id);
      await as(t, manager).get(`/api/skills/reports/funders?siteId=${fresh.id}`).expect(403);
    });
  });

  describe('workshop reminders', () => {
    it('mails the people enrolled in a workshop starting within 24 hours, once', async () => {
      const w = await createWorkshop(t, manager, site.id, { title: 'Envoyer un e-mail', startsAt: new Date(Date.now() + 5 * 3600_000).toISOString() });
      const email = `rappel-${randomUUID().slice(0, 6)}@exemple.fr`;
      const p = await createPerson(t, manager, site.id, { firstName: 'Omar', email });
      await as(t, manager).post(`/api/workshops/${w.id}/enrol`, { personId: p.id }).expect(201);
      const reminders = t.app.get(WorkshopReminders);
      await reminders.run(new Date());
      const mails = t.app.get(MailService).sent.filter((m) => m.to === email);
      expect(mails).toHaveLength(1);
      expect(mails[0].subject).toContain('Rappel : atelier « Envoyer un e-mail »');
      await reminders.run(new Date());
      expect(t.app.get(MailService).sent.filter((m) => m.to === email)).toHaveLength(1);
    });
  });

  describe('pages', () => {
    it('shows a person their path, a mediator the assessment form, and everyone the workshops with seats left', async () => {
      const email = `page-${randomUUID().slice(0, 6)}@exemple.fr`;
      const person = await createPerson(t, manager, site.id, { firstName: 'Zoé', email, password: 'zoe-password-12' });
      await logEvidence(t, manager, person.id, skills.skill('2.1').id, 2);
      const token = await login(t, email, 'zoe-password-12');
      const me = await as(t, token).get('/skills/me').expect(200);
      expect(me.text).toContain('Mon parcours');
      expect(me.text).toContain('Interagir');
      expect(me.text).not.toContain('Évaluer ou ajouter une preuve');
      await as(t, token).get(`/skills/people/${person.id}`).expect(403);
      const mediator = await as(t, manager).get(`/skills/people/${person.id}?lang=en`).expect(200);
      expect(mediator.text).toContain('Assess or add evidence');
      await createWorkshop(t, manager, site.id, { title: 'Faire ses démarches en ligne', capacity: 8 });
      const ws = await as(t, token).get('/workshops').expect(200);
      expect(ws.text).toContain('Faire ses démarches en ligne');
      expect(ws.text).toContain('8 place(s) libre(s) sur 8');
    });
  });
});
