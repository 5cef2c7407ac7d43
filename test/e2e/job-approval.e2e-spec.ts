import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { MailService } from '../../src/infra/mail/mail.service';
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
  recordPass,
  registerBridge,
} from '../factories/api.factory';
import { FakeBridge } from '../factories/bridge-client';
import { sampleGcode } from '../factories/gcode.factory';
import { createMaker, jobWhen, uploadJob } from '../factories/jobs.factory';
import { waitUntil } from '../factories/wait';
import { startTestApp, TestApp } from './harness';

jest.setTimeout(120_000);

/**
 * Print and cut approval (docs/jobs.md, « Approbation avant la file »): through HTTP (API and
 * pages), MQTT (a badge-in does not start a held job; an approved one is sent) and the database.
 */
describe(`job approval before the queue (${process.env.TEST_DB})`, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fablab-approval-e2e-'));
  let t: TestApp;
  let db: DataSource;
  let mail: MailService;
  let siteId: string;
  let manager: string;
  let trainer: { id: string; token: string; email: string };
  let maker: Awaited<ReturnType<typeof createMaker>>;
  let makerUid: string;
  let printer: { id: string; slug: string };
  let laser: { id: string; slug: string };
  let bridge: FakeBridge;
  const analysed = (j: any) => j.status !== 'analysing';
  const statusInDb = async (id: string) => (await db.query(`SELECT status FROM fab_jobs WHERE id = '${id}'`))[0].status;
  const mailsTo = (to: string) => mail.sent.filter((m) => m.to === to);

  beforeAll(async () => {
    t = await startTestApp({ DATA_DIR: dataDir });
    db = t.app.get(DataSource);
    mail = t.app.get(MailService);
    const admin = await adminToken(t);
    const site = await createSite(t, admin);
    siteId = site.id;
    manager = (await createManager(t, admin, siteId)).token;
    printer = await createMachine(t, manager, siteId, {
      name: 'Prusa MK4',
      type: 'printer',
      slug: 'prusa-ap',
      profile: { workArea: { x: 250, y: 210, z: 220 }, materials: ['PLA'], nozzleMm: 0.4, controller: 'marlin' },
    });
    laser = await createMachine(t, manager, siteId, { name: 'Laser', type: 'laser', slug: 'laser-ap', profile: { workArea: { x: 600, y: 400 } } });
    const printing = await createTraining(t, manager, siteId, { name: 'Impression 3D', machineTypes: ['printer', 'laser'] });
    maker = await createMaker(t, manager, siteId, 'Amina');
    const email = 'trainer-approval@test.fablab';
    const person = await createPerson(t, manager, siteId, { firstName: 'Théo', role: 'trainer', email, password: 'trainer-password-1' });
    trainer = { id: person.id, email, token: await login(t, email, 'trainer-password-1') };
    await recordPass(t, manager, maker.person.id, printing.id, isoDaysAgo(3));
    await recordPass(t, manager, trainer.id, printing.id, isoDaysAgo(3));
    makerUid = (await createBadge(t, manager, maker.person.id)).uid;
    const reg = await registerBridge(t, admin, siteId, [printer.slug, laser.slug]);
    bridge = await FakeBridge.connect(t.mqttUrl, reg.credentials, site.slug, reg.bridge.slug, { will: false });
    await bridge.serve(printer.slug);
    await bridge.status(true, [printer.slug, laser.slug]);
    await waitUntil(async () => (await as(t, manager).get('/api/bridges')).body.some((b: any) => b.id === reg.bridge.id && b.online));
  });

  afterAll(async () => {
    await bridge?.end();
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('lets a manager (not a trainer, not another site) say which machine types need approval', async () => {
    expect((await as(t, manager).get(`/api/jobs/approval-rules?siteId=${siteId}`).expect(200)).body).toEqual({ siteId, machineTypes: [] });
    await as(t, trainer.token)
      .put('/api/jobs/approval-rules', { siteId, machineTypes: ['printer'] })
      .expect(403);
    const bad = await as(t, manager)
      .put('/api/jobs/approval-rules', { siteId, machineTypes: ['toaster'] })
      .expect(400);
    expect(JSON.stringify(bad.body)).toContain('types parmi');
    await as(t, manager)
      .put('/api/jobs/approval-rules', { siteId, machineTypes: ['printer'] })
      .expect(200);
    expect((await as(t, trainer.token).get('/api/jobs/approval-rules').expect(200)).body.machineTypes).toEqual(['printer']);
  });

  it('holds a print awaiting approval: mailed to the approvers, never dispatched, even when its maker badges in', async () => {
    mail.sent.length = 0;
    const res = await uploadJob(t, maker.token, await sampleGcode('prusaslicer'), { machineId: printer.id, material: 'PLA' }).expect(201);
    const job = await jobWhen(t, maker.token, res.body.id, analysed);
    expect(job.status).toBe('awaiting_approval');
    expect(job.queuePosition).toBeNull();
    expect(await statusInDb(job.id)).toBe('awaiting_approval');
    await waitUntil(async () => mailsTo(trainer.email).length > 0);
    expect(mailsTo(trainer.email)[0].subject).toContain('À approuver');
    expect(mailsTo(maker.email)).toEqual([]);
    // A laser job (no rule for lasers) goes straight into the queue.
    const cut = await uploadJob(t, maker.token, await sampleGcode('grbl'), { machineId: laser.id }).expect(201);
    expect((await jobWhen(t, maker.token, cut.body.id, analysed)).status).toBe('queued');
    await as(t, maker.token).post(`/api/jobs/${cut.body.id}/cancel`).expect(201);

    // The maker badges in at the printer: the session opens, the held job stays held.
    const answer = await bridge.badge(printer.slug, makerUid);
    expect(answer.decision).toBe('granted');
    expect((await as(t, manager).post(`/api/jobs/${job.id}/start`).expect(409)).body.code).toBe('not_queued');
    expect(await statusInDb(job.id)).toBe('awaiting_approval');

    // The queue page and the maker's page say it in French.
    const queuePage = await as(t, manager).get('/jobs/queue').expect(200);
    expect(queuePage.text).toContain('En attente d’approbation');
    const minePage = await as(t, maker.token).get('/jobs').expect(200);
    expect(minePage.text).toContain('En attente d’approbation');
    const approvalsPage = await as(t, trainer.token).get('/jobs/approvals').expect(200);
    expect(approvalsPage.text).toContain('piece.gcode');
    expect(approvalsPage.text).toContain('Approuver');
    expect(approvalsPage.text).toContain('Approbation demandée pour : Imprimante 3D.');
    expect(approvalsPage.text).not.toContain('id="approval-rules"'); // a trainer reads the rule, a manager sets it
    const managerPage = (await as(t, manager).get('/jobs/approvals').expect(200)).text;
    expect(managerPage).toContain('data-api="/api/jobs/approval-rules" data-method="PUT"');
    expect(managerPage).toMatch(/value="printer" data-type="array" checked/);
    expect(managerPage).not.toMatch(/value="laser" data-type="array" checked/);
    await as(t, maker.token).get('/jobs/approvals').expect(403);
    await as(t, maker.token).post(`/api/jobs/${job.id}/approve`).expect(403);

    // Approved by the trainer: queued, the maker told; then sent to the machine (once, after the approval).
    const approved = await as(t, trainer.token).post(`/api/jobs/${job.id}/approve`, { note: 'Bon fichier.' }).expect(201);
    expect(approved.body).toMatchObject({ status: 'queued', approvedBy: trainer.id, queuePosition: 1 });
    expect(await statusInDb(job.id)).toBe('queued');
    await waitUntil(async () => mailsTo(maker.email).length > 0);
    expect(mailsTo(maker.email)[0].subject).toContain('approuvé');
    const startsBefore = bridge.received.filter((m) => m.payload?.type === 'start_job' && m.payload.jobId === job.id).length;
    expect(startsBefore).toBe(0);
    const cmd = bridge.waitFor((_, p) => p.type === 'start_job' && p.jobId === job.id);
    await as(t, maker.token).post(`/api/jobs/${job.id}/start`).expect(201);
    await cmd;
    expect(await statusInDb(job.id)).toBe('dispatched');
    await as(t, manager).post(`/api/jobs/${job.id}/cancel`).expect(201);
  });

  it('refuses with a reason the maker reads (API, page, mail)', async () => {
    mail.sent.length = 0;
    const res = await uploadJob(t, maker.token, await sampleGcode('prusaslicer'), { machineId: printer.id, material: 'PLA' }, 'fragile.gcode').expect(201);
    const job = await jobWhen(t, maker.token, res.body.id, analysed);
    expect(job.status).toBe('awaiting_approval');
    const empty = await as(t, trainer.token).post(`/api/jobs/${job.id}/refuse`, { message: '' }).expect(400);
    expect(JSON.stringify(empty.body)).toContain('raison');
    await as(t, trainer.token).post(`/api/jobs/${job.id}/refuse`, { message: 'Parois de 0,2 mm : trop fines pour cette buse' }).expect(201);
    const seen = (await as(t, maker.token).get(`/api/jobs/${job.id}`).expect(200)).body;
    expect(seen.status).toBe('rejected');
    expect(seen.reason).toContain('Parois de 0,2 mm');
    expect(await statusInDb(job.id)).toBe('rejected');
    expect((await as(t, maker.token).get('/jobs').expect(200)).text).toContain('Parois de 0,2 mm');
    await waitUntil(async () => mailsTo(maker.email).length > 0);
    expect(mailsTo(maker.email)[0].text).toContain('Parois de 0,2 mm');
    // Nothing more to decide on it.
    expect((await as(t, trainer.token).post(`/api/jobs/${job.id}/approve`).expect(409)).body.code).toBe('not_awaiting_approval');
  });

  it('asks for changes: the maker answers, then sends a new version, which awaits approval again', async () => {
    mail.sent.length = 0;
    const res = await uploadJob(t, maker.token, await sampleGcode('prusaslicer'), { machineId: printer.id, material: 'PLA' }, 'pont.gcode').expect(201);
    const job = await jobWhen(t, maker.token, res.body.id, analysed);
    // Through the approvals page's form.
    await as(t, trainer.token)
      .post(`/jobs/${job.id}/review`)
      .type('form')
      .send({ decision: 'changes', message: 'Ajoutez des supports sous le pont' })
      .expect(303);
    expect(await statusInDb(job.id)).toBe('changes_requested');
    const page = (await as(t, maker.token).get('/jobs').expect(200)).text;
    expect(page).toContain('Changements demandés');
    expect(page).toContain('Ajoutez des supports sous le pont');
    await waitUntil(async () => mailsTo(maker.email).length > 0);
    expect(mailsTo(maker.email)[0].subject).toContain('demande des changements');
    // Only its maker answers; then it awaits approval again, the approvers told.
    await as(t, manager).post(`/api/jobs/${job.id}/answer`, { message: 'Je préfère sans' }).expect(403);
    mail.sent.length = 0;
    const answered = await as(t, maker.token).post(`/api/jobs/${job.id}/answer`, { message: 'Le pont tient sans supports (testé)' }).expect(201);
    expect(answered.body).toMatchObject({ status: 'awaiting_approval', makerAnswer: 'Le pont tient sans supports (testé)' });
    await waitUntil(async () => mailsTo(trainer.email).length > 0);
    expect(mailsTo(trainer.email)[0].text).toContain('Le pont tient sans supports');
    // Asked again; this time a new file version.
    await as(t, trainer.token).post(`/api/jobs/${job.id}/request-changes`, { message: 'Des supports quand même, svp' }).expect(201);
    const sent = await t
      .http()
      .post(`/api/jobs/${job.id}/version`)
      .set('Authorization', `Bearer ${maker.token}`)
      .attach('file', Buffer.from(await sampleGcode('prusaslicer', { thumbnail: true })), 'pont-v2.gcode')
      .expect(201);
    expect(sent.body).toMatchObject({ status: 'analysing', fileVersion: 2, fileName: 'pont-v2.gcode' });
    const again = await jobWhen(t, maker.token, job.id, analysed);
    expect(again.status).toBe('awaiting_approval');
    expect((await db.query(`SELECT "fileVersion" FROM fab_jobs WHERE id = '${job.id}'`))[0].fileVersion).toBe(2);
    await as(t, manager).post(`/api/jobs/${job.id}/approve`).expect(201);
    expect(await statusInDb(job.id)).toBe('queued');
    await as(t, maker.token).post(`/api/jobs/${job.id}/cancel`).expect(201);
  });

  it('four eyes: a trainer cannot approve their own job; another approver can', async () => {
    const res = await uploadJob(t, trainer.token, await sampleGcode('prusaslicer'), { machineId: printer.id, material: 'PLA' }, 'mine.gcode').expect(201);
    const job = await jobWhen(t, trainer.token, res.body.id, analysed);
    expect(job.status).toBe('awaiting_approval');
    const own = await as(t, trainer.token).post(`/api/jobs/${job.id}/approve`).expect(403);
    expect(own.body.code).toBe('own_job');
    expect((await as(t, trainer.token).get('/jobs/approvals').expect(200)).text).toContain('Votre propre travail');
    expect(await statusInDb(job.id)).toBe('awaiting_approval');
    await as(t, manager).post(`/api/jobs/${job.id}/approve`).expect(201);
    expect(await statusInDb(job.id)).toBe('queued');
    await as(t, trainer.token).post(`/api/jobs/${job.id}/cancel`).expect(201);
  });
});
