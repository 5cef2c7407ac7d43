import { io, Socket } from 'socket.io-client';
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
import { sampleGcode } from '../factories/gcode.factory';
import { jobWhen, uploadJob } from '../factories/jobs.factory';
import { createLocation, createPart, finish, intake, receive } from '../factories/repairs.factory';
import { skillsOf } from '../factories/skills.factory';
import { createMember } from '../factories/trainings.factory';
import { waitUntil } from '../factories/wait';
import { startTestApp, TestApp } from './harness';

/** Sites and roles (docs/SECURITY.md « Rôles et lieux »): ids in bodies, the page's site rule, four eyes, card UIDs. */
describe(`isolation between sites and roles (${process.env.TEST_DB})`, () => {
  let t: TestApp;
  let admin: string;
  let siteA: { id: string; slug: string };
  let siteB: { id: string; slug: string };
  let managerA: string;
  let managerB: string;
  let machineA: { id: string; slug: string; name: string };
  let trainingA: { id: string };
  let trainingB: { id: string };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminToken(t);
    siteA = await createSite(t, admin);
    siteB = await createSite(t, admin);
    managerA = (await createManager(t, admin, siteA.id)).token;
    managerB = (await createManager(t, admin, siteB.id)).token;
    machineA = await createMachine(t, managerA, siteA.id, { name: 'Laser de A' });
    trainingA = await createTraining(t, managerA, siteA.id, { name: 'Laser A' });
    trainingB = await createTraining(t, managerB, siteB.id, { name: 'Laser B' });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  describe('ids named in a body belong to the site acted on (404 as for an unknown id)', () => {
    it("refuses a training of B that names A's machines, on creation and on change", async () => {
      const created = await as(t, managerB)
        .post('/api/trainings', { siteId: siteB.id, name: 'Emprunt', machineIds: [machineA.id] })
        .expect(404);
      expect(created.body.code).toBe('not_found');
      await as(t, managerB)
        .patch(`/api/trainings/${trainingB.id}`, { machineIds: [machineA.id] })
        .expect(404);
      // An admin acting on B is held to the same rule.
      await as(t, admin)
        .post('/api/trainings', { siteId: siteB.id, name: 'Emprunt', machineIds: [machineA.id] })
        .expect(404);
    });

    it("refuses a consumable of a B member on A's machine, and a price line of B on A's machine", async () => {
      const memberB = await createPerson(t, managerB, siteB.id);
      await as(t, managerB).post('/api/charges/consumables', { personId: memberB.id, consumable: 'PLA', quantity: 3, machineId: machineA.id }).expect(404);
      await as(t, admin).post('/api/charges/prices', { siteId: siteB.id, label: 'Laser', machineId: machineA.id, unit: 'minute', unitCents: 10 }).expect(404);
    });

    it("refuses an evidence rule of B that names A's training", async () => {
      const skill = (await skillsOf(t, managerB, siteB.id)).frameworks.flatMap((fw) => fw.skills)[0];
      const rule = { skillId: skill.id, level: 1, source: 'training', trainingId: trainingA.id };
      await as(t, managerB).post(`/api/skills/rules?siteId=${siteB.id}`, rule).expect(404);
      await as(t, managerB)
        .post(`/api/skills/rules?siteId=${siteB.id}`, { ...rule, trainingId: trainingB.id })
        .expect(201);
    });

    it("refuses a workshop of B led by A's trainer", async () => {
      const trainerA = await createPerson(t, managerA, siteA.id, { role: 'trainer' });
      const workshop = {
        siteId: siteB.id,
        title: 'Atelier',
        theme: 'computer_basics',
        startsAt: new Date(Date.now() + 86400_000).toISOString(),
        durationMinutes: 60,
        capacity: 5,
      };
      await as(t, admin)
        .post('/api/workshops', { ...workshop, trainerId: trainerA.id })
        .expect(404);
      await as(t, managerB)
        .post('/api/workshops', { ...workshop, trainerId: trainerA.id })
        .expect(404);
    });

    it("refuses a part of B harvested from A's end-of-life device", async () => {
      const device = await intake(t, managerA, { siteId: siteA.id });
      await finish(t, managerA, device.id, 'end_of_life');
      const partB = await createPart(t, managerB, siteB.id);
      const binB = await createLocation(t, managerB, siteB.id);
      await receive(t, managerB, partB.id, binB.id, 1);
      const res = await as(t, admin)
        .post(`/api/repairs/devices/${device.device.id}/harvest`, { partId: partB.id, locationId: binB.id, quantity: 1 })
        .expect(400);
      expect(res.body.code).toBe('other_site');
    });

    it("answers 404 for another site's person named in a query (a badge list)", async () => {
      const memberA = await createPerson(t, managerA, siteA.id);
      await as(t, managerB).get(`/api/badges?personId=${memberA.id}`).expect(404);
    });
  });

  it("applies the site rule to the job queue page as to the API: B's manager cannot read A's queue", async () => {
    const printer = await createMachine(t, managerA, siteA.id, { type: 'printer', name: 'Imprimante de A' });
    const maker = await createMember(t, managerA, siteA.id);
    const job = (await uploadJob(t, maker.token, await sampleGcode('prusaslicer'), { machineId: printer.id }).expect(201)).body;
    await jobWhen(t, maker.token, job.id, (j) => j.status !== 'analysing');
    const api = await as(t, managerB).get(`/api/jobs/queue?siteId=${siteA.id}`).expect(403);
    expect(api.body.code).toBe('other_site');
    const page = await as(t, managerB).get(`/jobs/queue?siteId=${siteA.id}`).expect(403);
    expect(page.text).not.toContain(printer.name);
    expect((await as(t, managerA).get(`/jobs/queue?siteId=${siteA.id}`).expect(200)).text).toContain(printer.name);
  });

  describe('four eyes on training', () => {
    let trainer: Awaited<ReturnType<typeof createMember>>;
    let colleague: Awaited<ReturnType<typeof createMember>>;

    beforeAll(async () => {
      trainer = await createMember(t, managerA, siteA.id, { role: 'trainer', firstName: 'Théo' });
      colleague = await createMember(t, managerA, siteA.id, { role: 'trainer', firstName: 'Inès' });
    });

    it('nobody records their own pass, trainer or manager; a colleague may', async () => {
      const own = await as(t, trainer.token)
        .post('/api/qualifications', { personId: trainer.person.id, trainingId: trainingA.id, passedOn: isoDaysAgo(1) })
        .expect(403);
      expect(own.body.code).toBe('own_pass');
      const manager = await createManager(t, admin, siteA.id);
      await as(t, manager.token)
        .post('/api/qualifications', { personId: manager.person.id, trainingId: trainingA.id, passedOn: isoDaysAgo(1) })
        .expect(403);
      const signed = await recordPass(t, colleague.token, trainer.person.id, trainingA.id, isoDaysAgo(1));
      expect(signed.trainerId).toBe(colleague.person.id);
    });

    it('nobody lifts the suspension of their own qualification', async () => {
      const manager = await createManager(t, admin, siteA.id);
      const q = await recordPass(t, managerA, manager.person.id, trainingA.id, isoDaysAgo(1));
      await as(t, managerA).post(`/api/qualifications/${q.id}/suspend`, { reason: 'Incident du 2 novembre' }).expect(200);
      expect((await as(t, manager.token).post(`/api/qualifications/${q.id}/reinstate`).expect(403)).body.code).toBe('own_pass');
      await as(t, managerA).post(`/api/qualifications/${q.id}/reinstate`).expect(200);
    });

    it('nobody is the trainer of a session they attend, nor passes in a session they record', async () => {
      const learner = await createPerson(t, managerA, siteA.id);
      const session = (attendees: object[], trainerId?: string) => ({ trainingId: trainingA.id, date: isoDaysAgo(0), trainerId, attendees });
      const self = await as(t, trainer.token)
        .post(
          '/api/training-sessions',
          session([
            { personId: trainer.person.id, result: 'passed' },
            { personId: learner.id, result: 'passed' },
          ]),
        )
        .expect(403);
      expect(self.body.code).toBe('own_session');
      // Naming a colleague as the trainer does not let the recorder pass themselves.
      const recorder = await as(t, trainer.token)
        .post('/api/training-sessions', session([{ personId: trainer.person.id, result: 'passed' }], colleague.person.id))
        .expect(403);
      expect(recorder.body.code).toBe('own_pass');
      const form = await as(t, trainer.token)
        .post('/api/training-sessions/form', { trainingId: trainingA.id, date: isoDaysAgo(0), [`r_${trainer.person.id}`]: 'passed' })
        .expect(403);
      expect(form.body.code).toBe('own_session');
    });

    it("a session's trainer holds the trainer role at the training's site", async () => {
      const learner = await createPerson(t, managerA, siteA.id);
      const attendees = [{ personId: learner.id, result: 'passed' }];
      const body = (trainerId?: string) => ({ trainingId: trainingA.id, date: isoDaysAgo(0), trainerId, attendees });
      // A manager records it but is not the trainer: they name who gave it.
      expect((await as(t, managerA).post('/api/training-sessions', body()).expect(400)).body.code).toBe('not_a_trainer');
      const maker = await createPerson(t, managerA, siteA.id);
      expect((await as(t, managerA).post('/api/training-sessions', body(maker.id)).expect(400)).body.code).toBe('not_a_trainer');
      const otherManager = await createManager(t, admin, siteA.id);
      expect((await as(t, managerA).post('/api/training-sessions', body(otherManager.person.id)).expect(400)).body.code).toBe('not_a_trainer');
      const trainerB = await createPerson(t, managerB, siteB.id, { role: 'trainer' });
      expect((await as(t, admin).post('/api/training-sessions', body(trainerB.id)).expect(400)).body.code).toBe('not_a_trainer');
      const ok = (await as(t, managerA).post('/api/training-sessions', body(trainer.person.id)).expect(201)).body;
      expect(ok.trainerId).toBe(trainer.person.id);
      const quals = (await as(t, managerA).get(`/api/people/${learner.id}/qualifications`).expect(200)).body;
      expect(quals[0]).toMatchObject({ trainingId: trainingA.id, trainerId: trainer.person.id });
    });
  });

  describe('card UIDs only for those who manage badges', () => {
    let bridge: FakeBridge;
    let uid: string;
    let trainer: string;
    let volunteer: string;
    const masked = () => `••••${uid.slice(-4)}`;

    beforeAll(async () => {
      trainer = (await createMember(t, managerA, siteA.id, { role: 'trainer' })).token;
      volunteer = (await createMember(t, managerA, siteA.id, { role: 'volunteer' })).token;
      const member = await createPerson(t, managerA, siteA.id);
      uid = (await createBadge(t, managerA, member.id)).uid;
      const creds = await registerBridge(t, admin, siteA.id, [machineA.slug]);
      bridge = await FakeBridge.connect(t.mqttUrl, creds.credentials, siteA.slug, creds.bridge.slug);
      await bridge.serve(machineA.slug);
    });

    afterAll(async () => {
      await bridge?.end();
    });

    it('shows a trainer the last 4 digits on /api/badges and /badges; a manager the whole UID', async () => {
      const forTrainer = (await as(t, trainer).get('/api/badges').expect(200)).body;
      expect(forTrainer.map((b: { uid: string }) => b.uid)).toContain(masked());
      expect(JSON.stringify(forTrainer)).not.toContain(uid);
      expect((await as(t, trainer).get('/badges').expect(200)).text).not.toContain(uid);
      expect((await as(t, managerA).get('/api/badges').expect(200)).body.map((b: { uid: string }) => b.uid)).toContain(uid);
    });

    it('masks the UID in the audit log and never pushes it live', async () => {
      const live: Socket = io(`${t.url}/live`, { auth: { token: volunteer }, transports: ['websocket'] });
      const events: unknown[] = [];
      live.on('access.decision', (e) => events.push(e));
      try {
        await new Promise((resolve) => live.once('hello', resolve));
        await bridge.badge(machineA.slug, uid);
        await waitUntil(() => events.length > 0);
        expect(JSON.stringify(events)).not.toContain(uid.slice(0, -4));
      } finally {
        live.disconnect();
      }
      // The audit row follows the answer (written in batches of 25 ms).
      await waitUntil(async () => (await as(t, managerA).get('/api/access/decisions').expect(200)).body.length > 0);
      for (const token of [trainer, volunteer]) {
        const log = (await as(t, token).get('/api/access/decisions').expect(200)).body;
        expect(log[0].uid).toBe(masked());
      }
      expect((await as(t, managerA).get('/api/access/decisions').expect(200)).body[0].uid).toBe(uid);
    });
  });
});
