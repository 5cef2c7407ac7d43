import { decideOffline } from '../../firmware-bridge/src/allowlist/allowlist';
import { MailService } from '../../src/infra/mail/mail.service';
import { addDays, dayOf, endOfDay, fromLocal } from '../../src/common/local-format';

const parisDay = (d: Date) => dayOf(d, 'Europe/Paris');
const endOfParisDay = (day: string) => endOfDay(day, 'Europe/Paris');
import { TrainingReminders, TrainingRemindersSchedule } from '../../src/trainings/training-reminders';
import {
  adminToken,
  as,
  createBadge,
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
import { createMember, suspend } from '../factories/trainings.factory';
import { waitUntil } from '../factories/wait';
import { startTestApp, TestApp } from './harness';

describe(`trainings that gate machines (${process.env.TEST_DB})`, () => {
  let t: TestApp;
  let admin: string;
  let manager: string;
  let site: { id: string; slug: string };
  let laser: { id: string; slug: string };
  let basics: { id: string; name: string };
  let advanced: { id: string; name: string };
  let bridge: FakeBridge;
  let reg: Awaited<ReturnType<typeof registerBridge>>;

  const lists = () => bridge.received.filter((m) => m.topic.endsWith('/allowlist')).map((m) => m.payload);
  const latestList = () => lists()[lists().length - 1];

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminToken(t);
    site = await createSite(t, admin);
    manager = (await createManager(t, admin, site.id)).token;
    laser = await createMachine(t, manager, site.id, { type: 'laser', name: 'Découpeuse laser' });
    basics = await createTraining(t, manager, site.id, { name: 'Laser : bases', nameEn: 'Laser basics', machineTypes: ['laser'] });
    advanced = await createTraining(t, manager, site.id, {
      name: 'Laser : avancé',
      nameEn: 'Laser advanced',
      machineIds: [laser.id],
      machineTypes: [],
      prerequisiteIds: [basics.id],
    });
    reg = await registerBridge(t, admin, site.id, [laser.slug]);
    bridge = await FakeBridge.connect(t.mqttUrl, reg.credentials, site.slug, reg.bridge.slug);
    await bridge.client.subscribeAsync(`fablab/v1/${site.slug}/bridges/${reg.bridge.slug}/allowlist`, { qos: 1 });
    await bridge.serve(laser.slug);
  });

  afterAll(async () => {
    await bridge?.end();
    await t?.close();
  });

  describe('catalogue and prerequisites', () => {
    it('refuses a pass when the prerequisite training is missing, naming it in French', async () => {
      const p = await createPerson(t, manager, site.id, { firstName: 'Inès', lastName: 'Bah' });
      const res = await as(t, manager)
        .post('/api/qualifications', { personId: p.id, trainingId: advanced.id, passedOn: isoDaysAgo(0) })
        .expect(400);
      expect(res.body.code).toBe('prerequisite_missing');
      expect(res.body.message).toContain('« Laser : bases »');
      expect(res.body.message).toContain('Inès B.');
    });

    it('records the pass once the prerequisite is held', async () => {
      const p = await createPerson(t, manager, site.id);
      await recordPass(t, manager, p.id, basics.id, isoDaysAgo(2));
      const q = await recordPass(t, manager, p.id, advanced.id, isoDaysAgo(0));
      expect(q.trainingId).toBe(advanced.id);
    });

    it('refuses a pass when the prerequisite qualification is suspended', async () => {
      const p = await createPerson(t, manager, site.id);
      const q = await recordPass(t, manager, p.id, basics.id, isoDaysAgo(2));
      await suspend(t, manager, q.id, 'Consignes non respectées').then((r) => expect(r.status).toBe(200));
      const res = await as(t, manager)
        .post('/api/qualifications', { personId: p.id, trainingId: advanced.id, passedOn: isoDaysAgo(0) })
        .expect(400);
      expect(res.body.code).toBe('prerequisite_missing');
    });

    it('renames a training without touching what it qualifies for (a partial change, not a 500)', async () => {
      const cnc = await createTraining(t, manager, site.id, { name: 'Fraiseuse', machineTypes: ['cnc'] });
      const res = await as(t, manager).patch(`/api/trainings/${cnc.id}`, { name: 'Fraiseuse numérique' }).expect(200);
      expect(res.body).toMatchObject({ name: 'Fraiseuse numérique', machineTypes: ['cnc'], validityMonths: 12 });
    });

    it('refuses prerequisites that would form a loop', async () => {
      const res = await as(t, manager)
        .patch(`/api/trainings/${basics.id}`, { prerequisiteIds: [advanced.id] })
        .expect(400);
      expect(res.body.code).toBe('prerequisite_cycle');
      const self = await as(t, manager)
        .patch(`/api/trainings/${basics.id}`, { prerequisiteIds: [basics.id] })
        .expect(400);
      expect(self.body.code).toBe('prerequisite_cycle');
    });

    it('refuses a prerequisite from another site', async () => {
      const other = await createSite(t, admin);
      const foreign = await createTraining(t, admin, other.id, { name: 'Ailleurs' });
      const res = await as(t, manager)
        .post('/api/trainings', { siteId: site.id, name: 'X', machineTypes: ['cnc'], prerequisiteIds: [foreign.id] })
        .expect(400);
      expect(res.body.code).toBe('unknown_prerequisite');
    });

    it('gives a qualification that never expires when the training needs no renewal', async () => {
      const once = await createTraining(t, manager, site.id, { name: 'Sécurité atelier', machineTypes: ['other'], validityMonths: 12, requiresRenewal: false });
      const p = await createPerson(t, manager, site.id);
      const q = await recordPass(t, manager, p.id, once.id, isoDaysAgo(0));
      expect(q.expiresAt).toBeNull();
    });
  });

  describe('training sessions', () => {
    it('lets a trainer record a session; each pass becomes a qualification', async () => {
      const trainer = await createMember(t, manager, site.id, { firstName: 'Théo', role: 'trainer' });
      const [a, b, c] = await Promise.all([1, 2, 3].map((i) => createPerson(t, manager, site.id, { firstName: `Élève${i}` })));
      const res = await as(t, trainer.token)
        .post('/api/training-sessions', {
          trainingId: basics.id,
          date: isoDaysAgo(0),
          notes: 'Groupe du mardi',
          attendees: [
            { personId: a.id, result: 'passed' },
            { personId: b.id, result: 'failed' },
            { personId: c.id, result: 'absent' },
          ],
        })
        .expect(201);
      expect(res.body).toMatchObject({ trainerId: trainer.person.id, trainingId: basics.id, notes: 'Groupe du mardi' });
      const passed = res.body.attendees.find((x: any) => x.personId === a.id);
      expect(passed.qualificationId).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.body.attendees.find((x: any) => x.personId === b.id).qualificationId).toBeNull();

      const qa = (await as(t, manager).get(`/api/people/${a.id}/qualifications`).expect(200)).body;
      expect(qa).toHaveLength(1);
      expect(qa[0]).toMatchObject({ trainingId: basics.id, trainerId: trainer.person.id });
      expect((await as(t, manager).get(`/api/people/${b.id}/qualifications`).expect(200)).body).toHaveLength(0);

      const list = (await as(t, trainer.token).get(`/api/training-sessions?trainingId=${basics.id}`).expect(200)).body;
      expect(list.find((s: any) => s.id === res.body.id).attendees).toHaveLength(3);
    });

    it('refuses the whole session when a passing attendee lacks the prerequisite', async () => {
      const ok = await createPerson(t, manager, site.id);
      await recordPass(t, manager, ok.id, basics.id, isoDaysAgo(3));
      const lacking = await createPerson(t, manager, site.id, { firstName: 'Sans', lastName: 'Bases' });
      // A manager records the session and names who gave it (four eyes: a trainer).
      const trainer = await createPerson(t, manager, site.id, { role: 'trainer' });
      const res = await as(t, manager)
        .post('/api/training-sessions', {
          trainingId: advanced.id,
          date: isoDaysAgo(0),
          trainerId: trainer.id,
          attendees: [
            { personId: ok.id, result: 'passed' },
            { personId: lacking.id, result: 'passed' },
          ],
        })
        .expect(400);
      expect(res.body.message).toContain('Sans B.');
      const qs = (await as(t, manager).get(`/api/people/${ok.id}/qualifications`).expect(200)).body;
      expect(qs.some((q: any) => q.trainingId === advanced.id)).toBe(false);
    });

    it('does not let a maker record a session', async () => {
      const maker = await createMember(t, manager, site.id);
      await as(t, maker.token)
        .post('/api/training-sessions', { trainingId: basics.id, date: isoDaysAgo(0), attendees: [] })
        .expect(403);
    });
  });

  describe('suspension', () => {
    it('denies the next badge-in with training_suspended, drops the badge from the allow-list, and grants again once reinstated', async () => {
      const p = await createPerson(t, manager, site.id, { firstName: 'Amina', lastName: 'Kaci' });
      const badge = await createBadge(t, manager, p.id);
      const q = await recordPass(t, manager, p.id, basics.id, isoDaysAgo(5));
      await waitUntil(() => !!latestList() && decideOffline(latestList(), laser.slug, badge.uid).decision === 'granted', 8000);

      const res = await suspend(t, manager, q.id, 'Utilisation dangereuse le 12 mars');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ suspendedReason: 'Utilisation dangereuse le 12 mars' });
      expect(res.body.suspendedAt).toBeTruthy();

      const denied = await bridge.badge(laser.slug, badge.uid);
      expect(denied).toMatchObject({ decision: 'denied', reason: 'training_suspended' });
      expect(denied.message.fr).toBe('Votre habilitation « Laser : bases » est suspendue : Utilisation dangereuse le 12 mars. Voyez un responsable.');
      expect(denied.message.en).toContain('Laser basics qualification is suspended');
      await waitUntil(() => decideOffline(latestList(), laser.slug, badge.uid).decision === 'denied', 8000);

      await as(t, manager).post(`/api/qualifications/${q.id}/reinstate`).expect(200);
      const granted = await bridge.badge(laser.slug, badge.uid);
      expect(granted.decision).toBe('granted');
      await as(t, manager).post(`/api/sessions/${granted.sessionId}/end`).expect(200);
      await waitUntil(async () => (await as(t, manager).get('/api/sessions/open')).body.length === 0);
    });

    it('lets only a manager of the same site suspend', async () => {
      const p = await createPerson(t, manager, site.id);
      const q = await recordPass(t, manager, p.id, basics.id, isoDaysAgo(1));
      const trainer = await createMember(t, manager, site.id, { role: 'trainer' });
      expect((await suspend(t, trainer.token, q.id, 'raison')).status).toBe(403);
      const other = await createSite(t, admin);
      const otherManager = (await createManager(t, admin, other.id)).token;
      expect((await suspend(t, otherManager, q.id, 'raison')).status).toBe(404);
      expect((await suspend(t, manager, q.id, '')).status).toBe(400);
    });
  });

  describe('expiry reminders', () => {
    /** A member with an e-mail who passed `training` today; its qualification. */
    async function qualifiedMember(trainingId: string, overrides: Record<string, unknown> = {}) {
      const m = await createMember(t, manager, site.id, overrides);
      const q = await recordPass(t, manager, m.person.id, trainingId, isoDaysAgo(0));
      return { ...m, q: { ...q, expiresAt: new Date(q.expiresAt) } };
    }
    /** Noon in Paris, `days` calendar days before the qualification's last day. */
    const daysBefore = (expiresAt: Date, days: number) => new Date(endOfParisDay(addDays(parisDay(expiresAt), -days - 1)).getTime() + 12 * 3600_000);

    it('mails the person 30 days and 7 days before, in French, once each', async () => {
      const monthly = await createTraining(t, manager, site.id, { name: 'Imprimante résine', machineTypes: ['printer'], validityMonths: 2 });
      const { email, q } = await qualifiedMember(monthly.id, { firstName: 'Lucie' });
      const reminders = t.app.get(TrainingReminders);
      const mail = t.app.get(MailService);
      const mine = () => mail.sent.filter((m) => m.to === email);

      expect((await reminders.sendDue(daysBefore(q.expiresAt, 31))).sent).toBe(0);
      expect(mine()).toHaveLength(0);

      await reminders.sendDue(daysBefore(q.expiresAt, 30));
      expect(mine()).toHaveLength(1);
      expect(mine()[0].subject).toBe('Votre formation « Imprimante résine » expire dans 30 jours');
      expect(mine()[0].text).toContain('Bonjour Lucie,');

      const again = await reminders.sendDue(daysBefore(q.expiresAt, 30));
      expect(again.alreadySent).toBeGreaterThanOrEqual(1);
      expect(mine()).toHaveLength(1);

      await reminders.sendDue(daysBefore(q.expiresAt, 7));
      expect(mine()).toHaveLength(2);
      expect(mine()[1].subject).toContain('expire dans 7 jours');
    });

    it('sends nothing for a suspended or renewed qualification', async () => {
      const tr = await createTraining(t, manager, site.id, { name: 'Fraiseuse', machineTypes: ['cnc'], validityMonths: 3 });
      const suspended = await qualifiedMember(tr.id);
      await suspend(t, manager, suspended.q.id, 'en attente');
      const mail = t.app.get(MailService);
      await t.app.get(TrainingReminders).sendDue(daysBefore(suspended.q.expiresAt, 30));
      expect(mail.sent.some((m) => m.to === suspended.email)).toBe(false);

      const renewed = await createMember(t, manager, site.id);
      const old = await recordPass(t, manager, renewed.person.id, tr.id, isoDaysAgo(10));
      await recordPass(t, manager, renewed.person.id, tr.id, isoDaysAgo(0));
      await t.app.get(TrainingReminders).sendDue(daysBefore(new Date(old.expiresAt), 30));
      expect(mail.sent.some((m) => m.to === renewed.email)).toBe(false);
    });

    it('sends one reminder when the same pass was recorded twice the same day', async () => {
      const tr = await createTraining(t, manager, site.id, { name: 'Brodeuse', machineTypes: ['other'], validityMonths: 2 });
      const twice = await qualifiedMember(tr.id);
      await recordPass(t, manager, twice.person.id, tr.id, isoDaysAgo(0));
      const mail = t.app.get(MailService);
      await t.app.get(TrainingReminders).sendDue(daysBefore(twice.q.expiresAt, 30));
      expect(mail.sent.filter((m) => m.to === twice.email)).toHaveLength(1);
    });

    it("mails each site's reminders once 09:00 has passed on that site's clock: Réunion three hours before Paris", async () => {
      const admin = await adminToken(t);
      const reunionSite = await createSite(t, admin, { timezone: 'Indian/Reunion' });
      const reunionManager = (await createManager(t, admin, reunionSite.id)).token;
      const inParis = await qualifiedMember((await createTraining(t, manager, site.id, { name: 'Four', machineTypes: ['other'], validityMonths: 2 })).id);
      const reunionTraining = await createTraining(t, reunionManager, reunionSite.id, { name: 'Four', machineTypes: ['other'], validityMonths: 2 });
      const m = await createMember(t, reunionManager, reunionSite.id);
      const q = await recordPass(t, reunionManager, m.person.id, reunionTraining.id, isoDaysAgo(0));
      const mail = t.app.get(MailService);
      const mailed = (email: string) => mail.sent.filter((x) => x.to === email).length;

      // 09:30 in Réunion, 30 days before its last day there: 06:30 (or 07:30) in Paris.
      const reunionDay = addDays(dayOf(new Date(q.expiresAt), 'Indian/Reunion'), -30);
      const reunionMorning = fromLocal(reunionDay, 9 * 60 + 30, 'Indian/Reunion');
      const schedule = t.app.get(TrainingRemindersSchedule);
      const early = await schedule.sweep(reunionMorning);
      expect(early.added).toContain(`reminders-${reunionSite.id}-${reunionDay}`);
      expect(early.added.some((id) => id.includes(site.id))).toBe(false);
      await t.app.get(TrainingReminders).sendDue(reunionMorning, reunionSite.id);
      expect(mailed(m.email)).toBe(1);
      expect(mailed(inParis.email)).toBe(0);

      // Paris's turn once it is 09:30 there, the same calendar day.
      const parisMorning = fromLocal(dayOf(reunionMorning, 'Europe/Paris'), 9 * 60 + 30, 'Europe/Paris');
      expect((await schedule.sweep(parisMorning)).added).toContain(`reminders-${site.id}-${dayOf(parisMorning, 'Europe/Paris')}`);
    });

    it('lists qualifications expiring within 60 days on a staff page', async () => {
      const short = await createTraining(t, manager, site.id, { name: 'Découpe vinyle', machineTypes: ['other'], validityMonths: 1 });
      const p = await createPerson(t, manager, site.id, { firstName: 'Yasmine', lastName: 'Diallo' });
      await recordPass(t, manager, p.id, short.id, isoDaysAgo(3));
      const page = await as(t, manager).get('/trainings/expiring').expect(200);
      expect(page.text).toContain('Yasmine Diallo');
      expect(page.text).toContain('Découpe vinyle');
      const api = await as(t, manager).get('/api/qualifications/expiring').expect(200);
      expect(api.body.some((q: any) => q.personId === p.id)).toBe(true);
      const maker = await createMember(t, manager, site.id);
      await as(t, maker.token).get('/trainings/expiring').expect(403);
    });
  });
  describe('pages', () => {
    it('lets a trainer record a session from the page form (one radio group per person)', async () => {
      const trainer = await createMember(t, manager, site.id, { firstName: 'Théa', role: 'trainer' });
      const [a, b] = await Promise.all([createPerson(t, manager, site.id, { firstName: 'Radio' }), createPerson(t, manager, site.id, { firstName: 'Bouton' })]);
      const page = await as(t, trainer.token).get('/trainings/sessions').expect(200);
      expect(page.text).toContain('Enregistrer la session');
      expect(page.text).toContain(`name="r_${a.id}"`);
      const res = await as(t, trainer.token)
        .post('/api/training-sessions/form', { trainingId: basics.id, date: isoDaysAgo(0), notes: '', [`r_${a.id}`]: 'passed', [`r_${b.id}`]: 'none' })
        .expect(201);
      expect(res.body.attendees).toEqual([expect.objectContaining({ personId: a.id, result: 'passed' })]);
      const bad = await as(t, trainer.token)
        .post('/api/training-sessions/form', { trainingId: basics.id, date: 'demain', [`r_${a.id}`]: 'passed' })
        .expect(400);
      expect(bad.body.message).toContain('AAAA-MM-JJ');
      expect((await as(t, trainer.token).get('/trainings/sessions').expect(200)).text).toContain('Radio');
    });

    it('shows prerequisites in the catalogue and links people and machines to their pages', async () => {
      const cat = await as(t, manager).get('/trainings').expect(200);
      expect(cat.text).toContain('Demande d’abord : Laser : bases');
      expect(cat.text).toContain('name="prerequisiteIds"');
      expect((await as(t, manager).get('/admin/machines').expect(200)).text).toContain(`/machines/${laser.id}/history`);
      const p = await createPerson(t, manager, site.id);
      const profile = await as(t, manager).get(`/people/${p.id}`).expect(200);
      expect(profile.text).toContain(`/people/${p.id}/qualifications`);
      expect(profile.text).toContain(`/people/${p.id}/history`);
    });

    it("shows a person's qualifications with suspend and reinstate buttons for a manager", async () => {
      const p = await createPerson(t, manager, site.id, { firstName: 'Nora' });
      const q = await recordPass(t, manager, p.id, basics.id, isoDaysAgo(1));
      const before = await as(t, manager).get(`/people/${p.id}/qualifications`).expect(200);
      expect(before.text).toContain(`/api/qualifications/${q.id}/suspend`);
      await suspend(t, manager, q.id, 'Badge prêté à un ami');
      const after = await as(t, manager).get(`/people/${p.id}/qualifications`).expect(200);
      expect(after.text).toContain('Suspendue');
      expect(after.text).toContain('Badge prêté à un ami');
      expect(after.text).toContain(`/api/qualifications/${q.id}/reinstate`);
    });
  });
});
