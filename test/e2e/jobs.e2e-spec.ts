import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { JobMachineEventsService } from '../../src/jobs/job-machine-events.service';
import { JobsService } from '../../src/jobs/jobs.service';
import { SkillEvidence } from '../../src/skills/entities/skill-evidence.entity';
import { MailService } from '../../src/infra/mail/mail.service';
import { FakeBridge } from '../factories/bridge-client';
import { adminToken, as, createManager, createMachine, createSite, createTraining, isoDaysAgo, recordPass, registerBridge } from '../factories/api.factory';
import { sampleGcode } from '../factories/gcode.factory';
import { skillsOf } from '../factories/skills.factory';
import { createMaker, jobWhen, uploadJob } from '../factories/jobs.factory';
import { waitUntil } from '../factories/wait';
import { startTestApp, TestApp } from './harness';

jest.setTimeout(120_000);

describe(`fabrication jobs (${process.env.TEST_DB})`, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fablab-jobs-e2e-'));
  let t: TestApp;
  let manager: string;
  let maker: Awaited<ReturnType<typeof createMaker>>;
  let untrained: Awaited<ReturnType<typeof createMaker>>;
  let printer: { id: string; slug: string };
  let laser: { id: string; slug: string };
  let siteId: string;
  let bridge: FakeBridge;
  let bridgeId: string;
  const notDone = (j: any) => j.status !== 'analysing';

  beforeAll(async () => {
    t = await startTestApp({ DATA_DIR: dataDir, JOBS_MAX_FILE_MB: '1' });
    const admin = await adminToken(t);
    const site = await createSite(t, admin);
    siteId = site.id;
    manager = (await createManager(t, admin, site.id)).token;
    printer = await createMachine(t, manager, site.id, {
      name: 'Prusa MK4',
      type: 'printer',
      slug: 'prusa-1',
      profile: { workArea: { x: 250, y: 210, z: 220 }, materials: ['PLA', 'PETG'], nozzleMm: 0.4, controller: 'marlin' },
    });
    laser = await createMachine(t, manager, site.id, {
      name: 'Laser',
      type: 'laser',
      slug: 'laser-1',
      profile: { workArea: { x: 600, y: 400 }, materials: ['contreplaqué'] },
    });
    const training = await createTraining(t, manager, site.id, { name: 'Impression 3D', machineTypes: ['printer'] });
    maker = await createMaker(t, manager, site.id, 'Amina');
    untrained = await createMaker(t, manager, site.id, 'Bruno');
    await recordPass(t, manager, maker.person.id, training.id, isoDaysAgo(3));
    const reg = await registerBridge(t, admin, site.id, [printer.slug, laser.slug]);
    bridgeId = reg.bridge.id;
    bridge = await FakeBridge.connect(t.mqttUrl, reg.credentials, site.slug, reg.bridge.slug, { will: false });
    await bridge.serve(printer.slug);
    await bridge.status(true, [printer.slug, laser.slug]);
    await waitUntil(async () => (await as(t, manager).get('/api/bridges')).body.some((b: any) => b.id === bridgeId && b.online));
  });

  afterAll(async () => {
    await bridge?.end();
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('analyses an uploaded PrusaSlicer file and queues it with its estimate and thumbnail', async () => {
    const res = await uploadJob(t, maker.token, await sampleGcode('prusaslicer', { thumbnail: true }), { machineId: printer.id, material: 'PLA' }).expect(201);
    expect(res.body.status).toBe('analysing');
    const job = await jobWhen(t, maker.token, res.body.id, notDone);
    expect(job.status).toBe('queued');
    expect(job.analysis).toMatchObject({ slicer: 'prusaslicer', estimatedSeconds: 3723, filamentG: 3.69, thumbnail: 'slicer', layers: 5 });
    expect(job.queuePosition).toBe(1);
    expect(typeof job.estimatedStartAt).toBe('string');
    const thumb = await as(t, maker.token).get(`/api/jobs/${job.id}/thumbnail`).expect(200);
    expect(thumb.headers['content-type']).toContain('image/webp');
    await as(t, maker.token).post(`/api/jobs/${job.id}/cancel`).expect(201);
  });

  it('refuses a file that is not G-code, in plain words, and stores nothing', async () => {
    const before = fs.existsSync(path.join(dataDir, 'files')) ? fs.readdirSync(path.join(dataDir, 'files')).length : 0;
    const res = await uploadJob(t, maker.token, 'Bonjour, ceci est une lettre.\nÀ bientôt.\n', { machineId: printer.id }, 'lettre.txt').expect(400);
    expect(res.body.message).toContain("n'est pas du G-code");
    const after = fs.existsSync(path.join(dataDir, 'files')) ? fs.readdirSync(path.join(dataDir, 'files')).length : 0;
    expect(after).toBe(before);
  });

  const incoming = () => {
    const dir = path.join(dataDir, 'files', 'incoming');
    return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  };

  it('refuses a file over the size limit from the configuration, while it arrives, and keeps no partial file', async () => {
    const big = Buffer.from('G1 X1 Y1\n'.repeat(130_000)); // ~1.1 MB with a 1 MB limit
    const res = await uploadJob(t, maker.token, big, { machineId: printer.id }).expect(413);
    expect(res.body.message).toBe('Fichier trop gros (1 Mo au plus). File too large.');
    expect(incoming()).toEqual([]);
  });

  it('checks the whole file, not its beginning: G-code followed by something else is refused', async () => {
    const head = (await sampleGcode('cura')) + 'G1 X10 Y10 E0.1\n'.repeat(6000); // ~100 KB of real G-code
    const letter = Buffer.from(head + 'Bonjour, voici aussi ma lettre de motivation.\n'.repeat(6000));
    const binary = Buffer.concat([Buffer.from(head), Buffer.alloc(50_000, 0)]);
    for (const file of [letter, binary]) {
      const res = await uploadJob(t, maker.token, file, { machineId: printer.id }).expect(400);
      expect(res.body.message).toContain("n'est pas du G-code");
    }
    expect(incoming()).toEqual([]);
  });

  it('refuses, with the reason, a part too big for the work area', async () => {
    const res = await uploadJob(t, maker.token, await sampleGcode('prusaslicer', { size: 300, at: 0 }), { machineId: printer.id, material: 'PLA' }).expect(201);
    const job = await jobWhen(t, maker.token, res.body.id, notDone);
    expect(job.status).toBe('rejected');
    expect(job.reason).toContain('trop grand pour la zone de travail');
  });

  it('refuses a material the machine does not take', async () => {
    const res = await uploadJob(t, maker.token, await sampleGcode('cura'), { machineId: printer.id, material: 'ABS' }).expect(201);
    const job = await jobWhen(t, maker.token, res.body.id, notDone);
    expect(job.status).toBe('rejected');
    expect(job.reason).toContain('matériau « ABS » non accepté');
  });

  it('refuses a file sliced for another nozzle', async () => {
    const res = await uploadJob(t, maker.token, await sampleGcode('prusaslicer', { nozzleMm: 0.6 }), { machineId: printer.id }).expect(201);
    const job = await jobWhen(t, maker.token, res.body.id, notDone);
    expect(job.status).toBe('rejected');
    expect(job.reason).toContain('buse de 0.6 mm');
  });

  it('refuses a maker without the training that covers the machine', async () => {
    const res = await uploadJob(t, untrained.token, await sampleGcode('cura'), { machineId: printer.id, material: 'PLA' }).expect(201);
    const job = await jobWhen(t, untrained.token, res.body.id, notDone);
    expect(job.status).toBe('rejected');
    expect(job.reason).toContain('formation requise : Impression 3D');
  });

  it('places a job addressed to a machine type, and lets a manager reorder, hold, release and cancel', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await uploadJob(t, maker.token, await sampleGcode('orcaslicer'), { machineType: 'printer', material: 'PETG' }).expect(201);
      ids.push((await jobWhen(t, maker.token, res.body.id, notDone)).id);
    }
    for (const id of ids) expect((await as(t, maker.token).get(`/api/jobs/${id}`)).body).toMatchObject({ status: 'queued', machineId: printer.id });
    const order = async () =>
      (await as(t, manager).get('/api/jobs/queue').expect(200)).body.find((m: any) => m.machine.id === printer.id).waiting.map((j: any) => j.id);
    expect(await order()).toEqual(ids);
    await as(t, maker.token).post(`/api/jobs/${ids[2]}/move`, { position: 1 }).expect(403);
    await as(t, manager).post(`/api/jobs/${ids[2]}/move`, { position: 1 }).expect(201);
    expect(await order()).toEqual([ids[2], ids[0], ids[1]]);
    const third = (await as(t, maker.token).get(`/api/jobs/${ids[1]}`)).body;
    expect(third.queuePosition).toBe(3);
    // Two 2h00m30s jobs ahead: the estimated start is about 4 hours away.
    expect(new Date(third.estimatedStartAt).getTime() - Date.now()).toBeGreaterThan(4 * 3600_000);
    await as(t, manager).post(`/api/jobs/${ids[2]}/hold`).expect(201);
    expect((await as(t, maker.token).get(`/api/jobs/${ids[2]}`)).body.status).toBe('held');
    await as(t, manager).post(`/api/jobs/${ids[2]}/release`).expect(201);
    for (const id of ids) await as(t, manager).post(`/api/jobs/${id}/cancel`).expect(201);
    expect(await order().catch(() => [])).toEqual([]);
  });

  it('dispatches on the manager’s confirmation, follows the bridge events once each, and records the finished job', async () => {
    // "1 print completed → printer level 1": the finished job is evidence in the maker's skills log.
    const printerSkill = (await skillsOf(t, manager, siteId)).skill('machine:printer');
    await as(t, manager)
      .post(`/api/skills/rules?siteId=${siteId}`, { skillId: printerSkill.id, level: 1, source: 'fab_jobs', machineType: 'printer', minCount: 1 })
      .expect(201);
    const res = await uploadJob(t, maker.token, await sampleGcode('prusaslicer'), { machineId: printer.id, material: 'PLA', quantity: 2 }).expect(201);
    const job = await jobWhen(t, maker.token, res.body.id, notDone);
    expect(job.status).toBe('queued');
    // The maker is not at the machine (no badge-in session): refused.
    const refused = await as(t, maker.token).post(`/api/jobs/${job.id}/start`).expect(409);
    expect(refused.body.code).toBe('not_at_machine');
    const cmd = bridge.waitFor((_, p) => p.type === 'start_job' && p.jobId === job.id);
    await as(t, manager).post(`/api/jobs/${job.id}/start`).expect(201);
    const { payload } = await cmd;
    expect(payload).toMatchObject({ url: `api/jobs/${job.id}/file`, sha256: job.fileSha256 });
    // The bridge downloads with its token; without it, or with another, nothing.
    await t.http().get(`/api/jobs/${job.id}/file`).expect(401);
    await t.http().get(`/api/jobs/${job.id}/file`).set('Authorization', 'Bearer nope').expect(401);
    const file = await t.http().get(`/api/jobs/${job.id}/file`).set('Authorization', `Bearer ${payload.token}`).expect(200);
    expect(file.text).toContain('generated by PrusaSlicer');

    await bridge.event(printer.slug, 'job.started', { jobId: job.id, lines: 100 });
    await jobWhen(t, maker.token, job.id, (j) => j.status === 'running', 10_000);
    const completedId = await bridge.event(printer.slug, 'job.completed', { jobId: job.id });
    const done = await jobWhen(t, maker.token, job.id, (j) => j.status === 'completed', 10_000);
    expect(done.progress).toBe(1);
    expect(done.actualMaterialG).toBe(7.38);
    // The material goes to the charges as a consumable (grams of the job's material).
    const uses = await t.app.get(DataSource).query(`SELECT consumable, quantity FROM consumable_uses WHERE "personId" = '${maker.person.id}'`);
    expect(uses.map((u: any) => [u.consumable, Number(u.quantity)])).toEqual([['PLA', 7]]);
    expect(typeof done.actualSeconds).toBe('number');
    // Logged by the job's completion itself (reading the evidence through the API would apply the rules too).
    const evidence = t.app.get(DataSource).getRepository(SkillEvidence);
    await waitUntil(async () => (await evidence.countBy({ personId: maker.person.id })) > 0);
    expect(await evidence.findBy({ personId: maker.person.id })).toEqual([
      expect.objectContaining({ skillId: printerSkill.id, level: 1, source: 'fab_jobs', note: '1 ≥ 1' }),
    ]);
    // A duplicate (same eventId) and a late failure change nothing.
    await bridge.event(printer.slug, 'job.completed', { jobId: job.id }, completedId);
    await bridge.event(printer.slug, 'job.failed', { jobId: job.id, reason: 'late' });
    const flag = await uploadJob(t, maker.token, await sampleGcode('cura'), { machineId: printer.id, material: 'PLA' }).expect(201);
    await jobWhen(t, maker.token, flag.body.id, notDone); // a round trip later, the events are handled
    expect((await as(t, maker.token).get(`/api/jobs/${job.id}`)).body).toMatchObject({ status: 'completed', reason: null, finishedAt: done.finishedAt });
    // The link is spent once the job started.
    await t.http().get(`/api/jobs/${job.id}/file`).set('Authorization', `Bearer ${payload.token}`).expect(401);
    const mails = t.app
      .get(MailService)
      .sent.filter((m: any) => m.to === maker.email)
      .map((m: any) => m.subject);
    expect(mails.some((s: string) => s.includes('a démarré'))).toBe(true);
    expect(mails.some((s: string) => s.includes('est terminé'))).toBe(true);
    await as(t, manager).post(`/api/jobs/${flag.body.id}/cancel`).expect(201);
  });

  it('a job event whose application fails is rolled back whole, then applied when the bridge sends it again', async () => {
    const res = await uploadJob(t, maker.token, await sampleGcode('prusaslicer'), { machineId: printer.id, material: 'PLA' }).expect(201);
    const job = await jobWhen(t, maker.token, res.body.id, notDone);
    const cmd = bridge.waitFor((_, p) => p.type === 'start_job' && p.jobId === job.id);
    await as(t, manager).post(`/api/jobs/${job.id}/start`).expect(201);
    await cmd;
    await bridge.event(printer.slug, 'job.started', { jobId: job.id, lines: 100 });
    await jobWhen(t, maker.token, job.id, (j) => j.status === 'running', 10_000);
    const materials = async () => (await t.app.get(DataSource).query(`SELECT id FROM consumable_uses WHERE "personId" = '${maker.person.id}'`)).length;
    const before = await materials();
    // The job and its material are written, then the database fails before the end.
    const jobs = t.app.get(JobMachineEventsService);
    const real = jobs.onMachineEvent.bind(jobs) as (...args: unknown[]) => Promise<unknown>;
    let failed = 0;
    const spy = jest.spyOn(jobs, 'onMachineEvent').mockImplementationOnce((async (...args: unknown[]) => {
      await real(...args);
      failed++;
      throw new Error('connexion à la base perdue');
    }) as never);
    const completedId = await bridge.event(printer.slug, 'job.completed', { jobId: job.id });
    await waitUntil(() => failed === 1, 10_000);
    await new Promise((r) => setTimeout(r, 300));
    expect((await as(t, maker.token).get(`/api/jobs/${job.id}`)).body.status).toBe('running');
    expect(await materials()).toBe(before);
    spy.mockRestore();

    await bridge.event(printer.slug, 'job.completed', { jobId: job.id }, completedId); // sent again: not acknowledged
    await jobWhen(t, maker.token, job.id, (j) => j.status === 'completed', 10_000);
    expect(await materials()).toBe(before + 1);
  });

  it('marks a job "bridge lost" while its bridge is offline, sends nothing to that machine, and applies what the bridge replays once back', async () => {
    const res = await uploadJob(t, maker.token, await sampleGcode('cura'), { machineId: printer.id, material: 'PLA' }).expect(201);
    const job = await jobWhen(t, maker.token, res.body.id, notDone);
    const next = await jobWhen(
      t,
      maker.token,
      (await uploadJob(t, maker.token, await sampleGcode('cura'), { machineId: printer.id, material: 'PLA' }).expect(201)).body.id,
      notDone,
    );
    await as(t, manager).post(`/api/jobs/${job.id}/start`).expect(201);
    await bridge.event(printer.slug, 'job.started', { jobId: job.id, lines: 10 });
    await bridge.event(printer.slug, 'job.progress', { jobId: job.id, progress: 0.2 });
    await jobWhen(t, maker.token, job.id, (j) => j.status === 'running' && j.progress === 0.2, 10_000);

    // The Last Will: offline. The printer may well go on printing: not "interrupted".
    await bridge.status(false);
    const lost = await jobWhen(t, maker.token, job.id, (j) => j.status !== 'running', 10_000);
    expect(lost.status).toBe('bridge_lost');
    expect(lost.reason).toContain('Passerelle injoignable');
    expect(await t.app.get(JobsService).interruptStalled(new Date(Date.now() + 60 * 60_000))).toBe(0); // waits for the bridge, not a timer
    const requeue = await as(t, maker.token).post(`/api/jobs/${job.id}/requeue`).expect(409);
    expect(requeue.body).toMatchObject({ code: 'bridge_lost' });
    expect(requeue.body.message).toContain('Passerelle injoignable');
    const queuePage = await t.http().get('/jobs/queue').set('Authorization', `Bearer ${manager}`).expect(200);
    expect(queuePage.text).toContain('Passerelle injoignable');
    const board = await as(t, manager).get(`/api/dashboard?siteId=${siteId}`).expect(200);
    expect(board.body.tiles.find((x: any) => x.machineId === printer.id).job).toMatchObject({ id: job.id, status: 'bridge_lost' });
    const boardPage = await t.http().get(`/dashboard?siteId=${siteId}`).set('Authorization', `Bearer ${manager}`).expect(200);
    expect(boardPage.text).toContain('passerelle injoignable');
    // Nothing goes to a machine whose state is unknown.
    const refused = await as(t, manager).post(`/api/jobs/${next.id}/start`).expect(409);
    expect(refused.body.code).toBe('machine_unknown');

    // Back: the bridge replays from its journal what happened meanwhile, in order.
    await bridge.status(true, [printer.slug, laser.slug]);
    await bridge.event(printer.slug, 'job.progress', { jobId: job.id, progress: 0.6 });
    const back = await jobWhen(t, maker.token, job.id, (j) => j.status === 'running', 10_000);
    expect(back).toMatchObject({ progress: 0.6, reason: null });
    const stillPrinting = await as(t, maker.token).post(`/api/jobs/${job.id}/requeue`).expect(409);
    expect(stillPrinting.body.code).toBe('still_running');
    await as(t, manager).post(`/api/jobs/${next.id}/start`).expect(409); // busy

    // Lost again, and the bridge comes back saying the print ended meanwhile.
    await bridge.status(false);
    await jobWhen(t, maker.token, job.id, (j) => j.status === 'bridge_lost', 10_000);
    await bridge.status(true, [printer.slug, laser.slug]);
    await bridge.event(printer.slug, 'job.completed', { jobId: job.id });
    const done = await jobWhen(t, maker.token, job.id, (j) => j.status === 'completed', 10_000);
    expect(done).toMatchObject({ progress: 1, reason: null });
    // The other job waits first in the queue for the next test.
    expect((await as(t, maker.token).get(`/api/jobs/${next.id}`)).body).toMatchObject({ status: 'queued', queuePosition: 1 });
  });

  it('sends nothing to a machine whose bridge is offline', async () => {
    const first = (await as(t, manager).get('/api/jobs/queue').expect(200)).body.find((m: any) => m.machine.id === printer.id).waiting[0].id;
    await bridge.status(false);
    await waitUntil(async () => !(await as(t, manager).get('/api/bridges')).body.find((b: any) => b.id === bridgeId).online);
    const refused = await as(t, manager).post(`/api/jobs/${first}/start`).expect(409);
    expect(refused.body).toMatchObject({ code: 'bridge_offline' });
    expect(refused.body.message).toContain('hors ligne');
    await bridge.status(true, [printer.slug, laser.slug]);
    await waitUntil(async () => (await as(t, manager).get('/api/bridges')).body.find((b: any) => b.id === bridgeId).online);
  });

  it('marks a job failed, with the machine’s words, when the bridge refuses the start_job command', async () => {
    const res = await uploadJob(t, maker.token, await sampleGcode('cura'), { machineId: printer.id, material: 'PLA' }).expect(201);
    const job = await jobWhen(t, maker.token, res.body.id, notDone);
    const waitCmd = bridge.waitFor((_, p) => p.type === 'start_job' && p.jobId === job.id);
    await as(t, manager).post(`/api/jobs/${job.id}/start`).expect(409); // the waiting job of the previous test is first
    const ahead = (await as(t, manager).get('/api/jobs/queue').expect(200)).body.find((m: any) => m.machine.id === printer.id).waiting[0].id;
    await as(t, manager).post(`/api/jobs/${ahead}/cancel`).expect(201);
    await as(t, manager).post(`/api/jobs/${job.id}/start`).expect(201);
    const { payload } = await waitCmd;
    await bridge.event(printer.slug, 'cmd.ack', { commandId: payload.commandId, ok: false, error: 'job_already_running' });
    const failed = await jobWhen(t, maker.token, job.id, (j) => j.status !== 'dispatched', 10_000);
    expect(failed.status).toBe('failed');
    expect(failed.reason).toContain('job_already_running');
    await as(t, maker.token).post(`/api/jobs/${job.id}/requeue`).expect(201);
    await as(t, manager).post(`/api/jobs/${job.id}/start`).expect(201);
    await bridge.event(printer.slug, 'job.started', { jobId: job.id, lines: 10 });
    await jobWhen(t, maker.token, job.id, (j) => j.status === 'running', 10_000);
    const pause = bridge.waitFor((_, p) => p.type === 'pause_job' && p.jobId === job.id);
    await as(t, manager).post(`/api/jobs/${job.id}/pause`).expect(201);
    await pause;
    const cancel = bridge.waitFor((_, p) => p.type === 'cancel_job' && p.jobId === job.id);
    await as(t, maker.token).post(`/api/jobs/${job.id}/cancel`).expect(201);
    await cancel;
  });

  it('a print that failed mid-file says where it stopped and restarts from a chosen line once the precautions are read; a cut never does', async () => {
    const res = await uploadJob(t, maker.token, await sampleGcode('cura'), { machineId: printer.id, material: 'PLA' }).expect(201);
    const job = await jobWhen(t, maker.token, res.body.id, notDone);
    const waiting = (await as(t, manager).get('/api/jobs/queue').expect(200)).body.find((m: any) => m.machine.id === printer.id).waiting;
    for (const w of waiting.filter((w: any) => w.id !== job.id)) await as(t, manager).post(`/api/jobs/${w.id}/cancel`).expect(201);
    const first = bridge.waitFor((_, p) => p.type === 'start_job' && p.jobId === job.id);
    await as(t, manager).post(`/api/jobs/${job.id}/start`).expect(201);
    const firstCmd = (await first).payload;
    expect(firstCmd.fromLine).toBeUndefined();
    await bridge.event(printer.slug, 'job.started', { jobId: job.id, lines: 500 });
    await jobWhen(t, maker.token, job.id, (j) => j.status === 'running', 10_000);
    await bridge.event(printer.slug, 'job.failed', { jobId: job.id, reason: 'link to the machine lost', lastAckedLine: 1234, progress: 0.45 });
    const failed = await jobWhen(t, maker.token, job.id, (j) => j.status === 'failed', 10_000);
    expect(failed).toMatchObject({ lastAckedLine: 1234, progress: 0.45, restartFromLine: true });
    const page = (await t.http().get('/jobs').set('Authorization', `Bearer ${maker.token}`).expect(200)).text;
    expect(page).toContain('Arrêté à la ligne 1234 du fichier (45 %).');
    expect(page).toContain('Reprendre à cette ligne');
    expect(page).toContain('value="1234"');

    // Not without the precautions read, nor from a line that is not one.
    const unread = await as(t, maker.token).post(`/api/jobs/${job.id}/requeue`, { fromLine: 1200 }).expect(400);
    expect(unread.body).toMatchObject({ code: 'warnings_not_read' });
    expect(unread.body.message).toContain('précautions');
    const zero = await as(t, maker.token).post(`/api/jobs/${job.id}/requeue`, { fromLine: 0, warningsRead: true }).expect(400);
    expect(JSON.stringify(zero.body)).toContain('La ligne commence à 1');
    await t.http().post(`/jobs/${job.id}/restart`).set('Authorization', `Bearer ${maker.token}`).type('form').send({ fromLine: '1200' }).expect(400);
    expect((await as(t, maker.token).get(`/api/jobs/${job.id}`)).body.status).toBe('failed');

    // The page's form, box ticked: back at the head of the queue, sent with the line.
    await t
      .http()
      .post(`/jobs/${job.id}/restart`)
      .set('Authorization', `Bearer ${maker.token}`)
      .type('form')
      .send({ fromLine: '1200', warningsRead: 'true' })
      .expect(303)
      .expect('Location', '/jobs');
    expect((await as(t, maker.token).get(`/api/jobs/${job.id}`)).body).toMatchObject({ status: 'queued', startLine: 1200, lastAckedLine: null });
    const again = bridge.waitFor((_, p) => p.type === 'start_job' && p.jobId === job.id && p.commandId !== firstCmd.commandId);
    await as(t, manager).post(`/api/jobs/${job.id}/start`).expect(201);
    expect((await again).payload.fromLine).toBe(1200);
    await bridge.event(printer.slug, 'job.started', { jobId: job.id, lines: 300, fromLine: 1200 });
    await bridge.event(printer.slug, 'job.completed', { jobId: job.id });
    await jobWhen(t, maker.token, job.id, (j) => j.status === 'completed', 10_000);
    expect((await t.http().get('/jobs').set('Authorization', `Bearer ${maker.token}`).expect(200)).text).toContain('Repris à partir de la ligne 1200.');

    // A failed laser cut starts again from the top only.
    const cut = await uploadJob(t, maker.token, await sampleGcode('grbl'), { machineId: laser.id, material: 'contreplaqué' }).expect(201);
    await jobWhen(t, maker.token, cut.body.id, notDone);
    await t.app.get(DataSource).query(`UPDATE fab_jobs SET status = 'failed', "lastAckedLine" = 12 WHERE id = '${cut.body.id}'`);
    expect((await as(t, maker.token).get(`/api/jobs/${cut.body.id}`)).body.restartFromLine).toBe(false);
    const refused = await as(t, maker.token).post(`/api/jobs/${cut.body.id}/requeue`, { fromLine: 10, warningsRead: true }).expect(400);
    expect(refused.body).toMatchObject({ code: 'restart_not_allowed' });
    expect(refused.body.message).toContain('impression 3D');
    await as(t, maker.token).post(`/api/jobs/${cut.body.id}/requeue`).expect(201);
    expect((await as(t, maker.token).get(`/api/jobs/${cut.body.id}`)).body).toMatchObject({ status: 'queued', startLine: null });
    await as(t, maker.token).post(`/api/jobs/${cut.body.id}/cancel`).expect(201);
  });

  it('hides one maker’s job from another maker, and a site’s jobs from other sites', async () => {
    const res = await uploadJob(t, maker.token, await sampleGcode('grbl'), { machineId: laser.id, material: 'contreplaqué' }).expect(201);
    await as(t, untrained.token).get(`/api/jobs/${res.body.id}`).expect(404);
    // Another site's manager: as if it did not exist, and no sending to this site's machines.
    const admin = await adminToken(t);
    const other = await createSite(t, admin);
    const otherManager = (await createManager(t, admin, other.id)).token;
    await as(t, otherManager).get(`/api/jobs/${res.body.id}`).expect(404);
    await as(t, otherManager).post(`/api/jobs/${res.body.id}/move`, { position: 1 }).expect(404);
    await uploadJob(t, otherManager, await sampleGcode('grbl'), { machineId: laser.id }).expect(404);
    await waitUntil(async () => (await as(t, maker.token).get(`/api/jobs/${res.body.id}`)).body.status !== 'analysing', 30_000);
  });
});

describe(`fabrication job pages (${process.env.TEST_DB})`, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fablab-jobs-pages-'));
  let t: TestApp;

  afterAll(async () => {
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows a maker their jobs with the place in the queue, and the manager the queue with its buttons; stalled jobs are interrupted', async () => {
    t = await startTestApp({ DATA_DIR: dataDir, JOBS_STALL_MINUTES: '15' });
    const admin = await adminToken(t);
    const site = await createSite(t, admin);
    const manager = (await createManager(t, admin, site.id)).token;
    const printer = await createMachine(t, manager, site.id, { name: 'Prusa', type: 'printer', profile: { workArea: { x: 250, y: 210, z: 220 } } });
    const maker = await createMaker(t, manager, site.id);
    const reg = await registerBridge(t, admin, site.id, [printer.slug]);
    const bridge = await FakeBridge.connect(t.mqttUrl, reg.credentials, site.slug, reg.bridge.slug, { will: false });
    await bridge.status(true, [printer.slug]);
    await waitUntil(async () => (await as(t, manager).get('/api/bridges')).body.some((b: any) => b.online));
    const ids: string[] = [];
    for (const name of ['support.gcode', 'engrenage.gcode']) {
      const res = await uploadJob(t, maker.token, await sampleGcode('prusaslicer', { thumbnail: true }), { machineId: printer.id }, name).expect(201);
      ids.push((await jobWhen(t, maker.token, res.body.id, (j) => j.status !== 'analysing')).id);
    }
    const mine = await t.http().get('/jobs').set('Authorization', `Bearer ${maker.token}`).expect(200);
    expect(mine.text).toContain('engrenage.gcode');
    expect(mine.text).toContain('Place dans la file');
    expect(mine.text).toContain('/jobs/live.js');
    await t.http().get('/jobs/queue').set('Authorization', `Bearer ${maker.token}`).expect(403);
    const queue = await t.http().get('/jobs/queue?lang=en').set('Authorization', `Bearer ${manager}`).expect(200);
    expect(queue.text).toContain('Job queue');
    expect(queue.text).toContain(`action="/jobs/${ids[1]}/move"`);
    await t.http().post(`/jobs/${ids[1]}/move`).set('Authorization', `Bearer ${manager}`).type('form').send({ position: '1' }).expect(303);
    expect((await as(t, maker.token).get(`/api/jobs/${ids[1]}`)).body.queuePosition).toBe(1);
    await t
      .http()
      .get('/jobs/live.js')
      .expect(200)
      .expect('Content-Type', /javascript/);
    // The page's own form (multipart, machine type) sends a job and comes back to /jobs.
    await t
      .http()
      .post('/jobs')
      .set('Authorization', `Bearer ${maker.token}`)
      .field('machineType', 'printer')
      .field('quantity', '2')
      .attach('file', Buffer.from(await sampleGcode('cura')), 'clip.gcode')
      .expect(303)
      .expect('Location', '/jobs');
    const sent = (await as(t, maker.token).get('/api/jobs/mine').expect(200)).body.find((j: any) => j.fileName === 'clip.gcode');
    expect(sent).toMatchObject({ quantity: 2, machineType: 'printer' });
    const refused = await t
      .http()
      .post('/jobs')
      .set('Authorization', `Bearer ${maker.token}`)
      .field('machineType', 'laser')
      .field('material', 'Contreplaqué')
      .attach('file', Buffer.from('pas du g-code du tout'), 'note.txt')
      .expect(400);
    // The upload form again, not JSON: the reason above the button, the choices kept.
    expect(refused.type).toBe('text/html');
    expect(refused.text).toMatch(/<p class="form-message error" role="alert">[^<]*G-code/);
    expect(refused.text).toContain('<option value="laser" selected>');
    expect(refused.text).toContain('value="Contreplaqué"');

    // Dispatched, then no news at all from the machine: interrupted after JOBS_STALL_MINUTES.
    await as(t, manager).post(`/api/jobs/${ids[1]}/start`).expect(201);
    const jobs = t.app.get(JobsService);
    expect(await jobs.interruptStalled(new Date(Date.now() + 5 * 60_000))).toBe(0);
    expect(await jobs.interruptStalled(new Date(Date.now() + 16 * 60_000))).toBe(1);
    expect((await as(t, maker.token).get(`/api/jobs/${ids[1]}`)).body.status).toBe('interrupted');
    await bridge.end();
  });
});
