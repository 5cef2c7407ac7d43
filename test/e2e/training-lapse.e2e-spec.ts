import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { decideOffline } from '../../firmware-bridge/src/allowlist/allowlist';
import { AllowlistBuilder } from '../../src/bridges/allowlist-builder';
import type { Bridge } from '../../src/bridges/entities/bridge.entity';
import { MailService } from '../../src/infra/mail/mail.service';
import { LapseWarnings } from '../../src/trainings/lapse-warnings';
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
  login,
  registerBridge,
} from '../factories/api.factory';
import { FakeBridge } from '../factories/bridge-client';
import { sampleGcode } from '../factories/gcode.factory';
import { jobWhen, uploadJob } from '../factories/jobs.factory';
import { waitUntil } from '../factories/wait';
import { startTestApp, TestApp } from './harness';

jest.setTimeout(120_000);

/**
 * Trainings that lapse when unused (Fab-manager's rule, docs/trainings.md): through MQTT (the badge
 * answer), HTTP (the training's rule, the renewal) and the database (sessions months ago).
 */
describe(`trainings that lapse when unused (${process.env.TEST_DB})`, () => {
  let t: TestApp;
  let db: DataSource;
  let mail: MailService;
  let siteId: string;
  let manager: string;
  let trainer: { id: string; token: string };
  let laser: { id: string; slug: string };
  let training: { id: string };
  let bridge: FakeBridge;
  let bridgeRow: Pick<Bridge, 'id' | 'siteId' | 'slug'>;
  const DAY = 86400_000;

  /** A finished usage session `daysAgo` days ago, written straight into access's table (as a session of long ago). */
  async function pastSession(personId: string, machineId: string, daysAgo: number) {
    const start = new Date(Date.now() - daysAgo * DAY);
    const end = new Date(start.getTime() + 3600_000);
    const repo = db.getRepository('UsageSession');
    await repo.insert({ id: randomUUID(), siteId, machineId, personId, badgeId: null, startedAt: start, until: end, endedAt: end, endReason: 'badge_out' });
  }

  async function trainedMaker(firstName: string, passedDaysAgo: number) {
    const email = `lapse-${firstName.toLowerCase()}-${randomUUID().slice(0, 6)}@test.fablab`;
    const person = await createPerson(t, manager, siteId, { firstName, role: 'maker', email, password: 'maker-password-1' });
    const badge = await createBadge(t, manager, person.id);
    const q = (
      await as(t, manager)
        .post('/api/qualifications', { personId: person.id, trainingId: training.id, passedOn: isoDaysAgo(passedDaysAgo) })
        .expect(201)
    ).body;
    return { person, email, uid: badge.uid, qualificationId: q.id as string };
  }

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    mail = t.app.get(MailService);
    const admin = await adminToken(t);
    const site = await createSite(t, admin);
    siteId = site.id;
    manager = (await createManager(t, admin, siteId)).token;
    laser = await createMachine(t, manager, siteId, { slug: 'laser-lapse' });
    const bad = await as(t, manager)
      .post('/api/trainings', { siteId, name: 'X', machineTypes: ['laser'], lapseMonths: 0 })
      .expect(400);
    expect(JSON.stringify(bad.body)).toContain('1 mois au moins');
    training = await createTraining(t, manager, siteId, { validityMonths: 24, lapseMonths: 6, lapseWarnDays: 14 });
    const person = await createPerson(t, manager, siteId, {
      firstName: 'Théo',
      role: 'trainer',
      email: 'lapse-trainer@test.fablab',
      password: 'trainer-password-1',
    });
    trainer = { id: person.id, token: await login(t, 'lapse-trainer@test.fablab', 'trainer-password-1') };
    const reg = await registerBridge(t, admin, siteId, [laser.slug]);
    bridgeRow = { id: reg.bridge.id, siteId, slug: reg.bridge.slug };
    bridge = await FakeBridge.connect(t.mqttUrl, reg.credentials, site.slug, reg.bridge.slug, { will: false });
    await bridge.serve(laser.slug);
  });

  afterAll(async () => {
    await bridge?.end();
    await t?.close();
  });

  it('denies the badge with training_lapsed after 7 months without a session (6-month rule), offline too; a check-up renews it', async () => {
    const amina = await trainedMaker('Amina', 300);
    await pastSession(amina.person.id, laser.id, 210); // about 7 months ago
    const denied = await bridge.badge(laser.slug, amina.uid);
    expect(denied).toMatchObject({ decision: 'denied', reason: 'training_lapsed' });
    expect(denied.message.fr).toContain("n'est plus active : plus de 6 mois sans utiliser ces machines");
    // Decisions are written to the audit log in batches, after the answer.
    const audited = async () => (await db.query(`SELECT reason FROM access_decisions WHERE "personId" = '${amina.person.id}'`)).map((r: any) => r.reason);
    await waitUntil(async () => (await audited()).includes('training_lapsed'), 10_000);
    // The offline allow-list does not grant it either.
    const list = await t.app.get(AllowlistBuilder).build(bridgeRow as Bridge);
    expect(decideOffline(list as never, laser.slug, amina.uid)).toMatchObject({ decision: 'denied' });

    // The person's qualifications page says it lapsed, and offers a trainer the renewal (not the person).
    const page = (await as(t, trainer.token).get(`/people/${amina.person.id}/qualifications`).expect(200)).text;
    expect(page).toContain('Éteinte faute d’usage');
    expect(page).toContain('Renouveler après remise à niveau');
    expect((await as(t, manager).get('/trainings').expect(200)).text).toContain('S’éteint après 6 mois sans usage');
    // Four eyes: the person never renews their own; a maker may not renew at all.
    const makerToken = await login(t, amina.email, 'maker-password-1');
    expect((await as(t, makerToken).get(`/people/${amina.person.id}/qualifications`).expect(200)).text).not.toContain('Renouveler après remise à niveau');
    // A job sent meanwhile is refused as by someone untrained (jobs ask trainings, which apply the lapse too).
    const sent = await uploadJob(t, makerToken, await sampleGcode('grbl'), { machineId: laser.id }).expect(201);
    const refusedJob = await jobWhen(t, makerToken, sent.body.id, (j) => j.status !== 'analysing');
    expect(refusedJob).toMatchObject({ status: 'rejected', reason: expect.stringContaining('formation requise') });
    await as(t, makerToken)
      .post(`/api/qualifications/${amina.qualificationId}/renew`, { checkedOn: isoDaysAgo(0) })
      .expect(403);
    const future = await as(t, trainer.token)
      .post(`/api/qualifications/${amina.qualificationId}/renew`, { checkedOn: isoDaysAgo(-3) })
      .expect(400);
    expect(future.body.code).toBe('future_date');
    const renewed = await as(t, trainer.token)
      .post(`/api/qualifications/${amina.qualificationId}/renew`, { checkedOn: isoDaysAgo(0), notes: 'Remise à niveau' })
      .expect(201);
    expect(renewed.body).toMatchObject({ renewedOn: isoDaysAgo(0), checkup: { trainerId: trainer.id, personId: amina.person.id } });
    const rows = await db.query(`SELECT "trainerId", notes FROM qualification_checkups WHERE "qualificationId" = '${amina.qualificationId}'`);
    expect(rows).toEqual([{ trainerId: trainer.id, notes: 'Remise à niveau' }]);
    const granted = await bridge.badge(laser.slug, amina.uid);
    expect(granted.decision).toBe('granted');
    const after = await t.app.get(AllowlistBuilder).build(bridgeRow as Bridge);
    expect(decideOffline(after as never, laser.slug, amina.uid)).toMatchObject({ decision: 'granted' });
  });

  it('four eyes: a trainer cannot renew their own qualification', async () => {
    const q = (
      await as(t, manager)
        .post('/api/qualifications', { personId: trainer.id, trainingId: training.id, passedOn: isoDaysAgo(250) })
        .expect(201)
    ).body;
    const res = await as(t, trainer.token)
      .post(`/api/qualifications/${q.id}/renew`, { checkedOn: isoDaysAgo(0) })
      .expect(403);
    expect(res.body.code).toBe('own_pass');
    await as(t, manager)
      .post(`/api/qualifications/${q.id}/renew`, { checkedOn: isoDaysAgo(0) })
      .expect(201);
  });

  it('warns by e-mail, once, before the qualification lapses', async () => {
    // Last session 6 months less a week ago: lapses in about a week, within the 14 days' warning.
    const lucas = await trainedMaker('Lucas', 400);
    await pastSession(lucas.person.id, laser.id, 175);
    // Used last month: nothing to say.
    const ines = await trainedMaker('Ines', 400);
    await pastSession(ines.person.id, laser.id, 30);
    mail.sent.length = 0;
    const warnings = t.app.get(LapseWarnings);
    const first = await warnings.sendDue(new Date(), siteId);
    expect(first.sent).toBe(1);
    const toLucas = mail.sent.filter((m) => m.to === lucas.email);
    expect(toLucas).toHaveLength(1);
    expect(toLucas[0].subject).toContain('sera inactive le');
    expect(toLucas[0].text).toContain('Une seule séance');
    expect(mail.sent.filter((m) => m.to === ines.email)).toEqual([]);
    const again = await warnings.sendDue(new Date(), siteId);
    expect(again).toMatchObject({ sent: 0, alreadySent: 1 });
    expect(mail.sent.filter((m) => m.to === lucas.email)).toHaveLength(1);
    const stored = await db.query(`SELECT "lapsesOn" FROM qualification_lapse_warnings WHERE "qualificationId" = '${lucas.qualificationId}'`);
    expect(stored).toHaveLength(1);
  });
});
