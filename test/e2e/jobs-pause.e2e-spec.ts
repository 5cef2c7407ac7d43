import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JobsService } from '../../src/jobs/jobs.service';
import { adminToken, as, createManager, createMachine, createSite, registerBridge } from '../factories/api.factory';
import { FakeBridge } from '../factories/bridge-client';
import { sampleGcode } from '../factories/gcode.factory';
import { createMaker, jobWhen, uploadJob } from '../factories/jobs.factory';
import { waitUntil } from '../factories/wait';
import { startTestApp, TestApp } from './harness';

jest.setTimeout(120_000);

/** job.paused / job.resumed from a bridge (a Marlin, GRBL or Moonraker machine) are job states, shown everywhere. */
describe(`paused jobs (${process.env.TEST_DB})`, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fablab-jobs-pause-'));
  let t: TestApp;
  let bridge: FakeBridge;

  afterAll(async () => {
    await bridge?.end();
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('a job paused by its bridge is « en pause » on the maker’s pages, the queue and the dashboard, until job.resumed', async () => {
    t = await startTestApp({ DATA_DIR: dataDir, JOBS_STALL_MINUTES: '15' });
    const admin = await adminToken(t);
    const site = await createSite(t, admin);
    const manager = (await createManager(t, admin, site.id)).token;
    const printer = await createMachine(t, manager, site.id, {
      name: 'Voron',
      type: 'printer',
      slug: 'voron-1',
      profile: { workArea: { x: 300, y: 300, z: 300 } },
    });
    const maker = await createMaker(t, manager, site.id, 'Chloé');
    const reg = await registerBridge(t, admin, site.id, [printer.slug]);
    bridge = await FakeBridge.connect(t.mqttUrl, reg.credentials, site.slug, reg.bridge.slug, { will: false });
    await bridge.serve(printer.slug);
    await bridge.status(true, [printer.slug]);
    await waitUntil(async () => (await as(t, manager).get('/api/bridges')).body.some((b: any) => b.online));

    const res = await uploadJob(t, maker.token, await sampleGcode('prusaslicer'), { machineId: printer.id }, 'boitier.gcode').expect(201);
    const job = await jobWhen(t, maker.token, res.body.id, (j) => j.status !== 'analysing');
    await as(t, manager).post(`/api/jobs/${job.id}/start`).expect(201);
    await bridge.event(printer.slug, 'job.started', { jobId: job.id, lines: 100 });
    await jobWhen(t, maker.token, job.id, (j) => j.status === 'running', 10_000);

    // Resume is for a paused job only; pause asks the bridge, the state follows what it says.
    expect((await as(t, manager).post(`/api/jobs/${job.id}/resume`).expect(409)).body.code).toBe('not_paused');
    const pauseCmd = bridge.waitFor((_, p) => p.type === 'pause_job' && p.jobId === job.id);
    await as(t, manager).post(`/api/jobs/${job.id}/pause`).expect(201);
    await pauseCmd;
    expect((await as(t, maker.token).get(`/api/jobs/${job.id}`)).body.status).toBe('running');
    await bridge.event(printer.slug, 'job.progress', { jobId: job.id, progress: 0.3 });
    await bridge.event(printer.slug, 'job.paused', { jobId: job.id });
    const paused = await jobWhen(t, maker.token, job.id, (j) => j.status === 'paused', 10_000);
    expect(paused).toMatchObject({ status: 'paused', reason: null, progress: 0.3 });

    // Lines already in the printer's buffer still report progress: the job stays paused.
    await bridge.event(printer.slug, 'job.progress', { jobId: job.id, progress: 0.32 });
    await jobWhen(t, maker.token, job.id, (j) => j.progress === 0.32, 10_000);
    expect((await as(t, maker.token).get(`/api/jobs/${job.id}`)).body.status).toBe('paused');
    // A pause waits for a person: no « no news » interruption, however long.
    expect(await t.app.get(JobsService).interruptStalled(new Date(Date.now() + 60 * 60_000))).toBe(0);
    expect((await as(t, manager).post(`/api/jobs/${job.id}/pause`).expect(409)).body.code).toBe('not_running');
    // Nothing else is sent to the machine while its job is paused: it is still on it.
    const other = await uploadJob(t, maker.token, await sampleGcode('cura'), { machineId: printer.id }, 'clip.gcode').expect(201);
    await jobWhen(t, maker.token, other.body.id, (j) => j.status === 'queued');
    expect((await as(t, manager).post(`/api/jobs/${other.body.id}/start`).expect(409)).body.code).toBe('machine_busy');

    // The maker's pages, the queue and the dashboard say « En pause ».
    const mine = await t.http().get('/jobs').set('Authorization', `Bearer ${maker.token}`).expect(200);
    expect(mine.text).toMatch(new RegExp(`data-job="${job.id}" data-status="paused"[\\s\\S]*?En pause</strong> — <span data-role="progress">32 %`));
    const me = await t.http().get('/me').set('Authorization', `Bearer ${maker.token}`).expect(200);
    expect(me.text).toMatch(/boitier\.gcode<\/strong><br><span class="muted">En pause/);
    const queue = await t.http().get('/jobs/queue').set('Authorization', `Bearer ${manager}`).expect(200);
    expect(queue.text).toMatch(new RegExp(`data-job="${job.id}" data-status="paused"><strong>En pause</strong> : boitier.gcode`));
    expect(queue.text).toContain(`action="/jobs/${job.id}/resume"`);
    expect(queue.text).not.toContain(`action="/jobs/${job.id}/pause"`);
    const dash = (await as(t, manager).get(`/api/dashboard?siteId=${site.id}`).expect(200)).body;
    expect(dash.tiles.find((x: any) => x.machineId === printer.id).job).toMatchObject({ id: job.id, status: 'paused', fileName: 'boitier.gcode' });
    const dashPage = await t.http().get(`/dashboard?siteId=${site.id}`).set('Authorization', `Bearer ${manager}`).expect(200);
    // The page's data island: the tile's job is paused, and dashboard.js has the words for it.
    const island = JSON.parse(/<script type="application\/json" id="dashboard-data">(.*?)<\/script>/s.exec(dashPage.text)![1]);
    expect(JSON.stringify(island)).toContain('"dash.job.paused":"en pause"');
    expect(JSON.stringify(island)).toContain(`"id":"${job.id}","fileName":"boitier.gcode","status":"paused"`);

    // The queue page's button resumes (resume_job to the bridge); job.resumed makes it run again.
    const resumeCmd = bridge.waitFor((_, p) => p.type === 'resume_job' && p.jobId === job.id);
    await t.http().post(`/jobs/${job.id}/resume`).set('Authorization', `Bearer ${manager}`).type('form').send({}).expect(303);
    await resumeCmd;
    await bridge.event(printer.slug, 'job.resumed', { jobId: job.id });
    await jobWhen(t, maker.token, job.id, (j) => j.status === 'running', 10_000);
    const running = await t.http().get('/jobs/queue').set('Authorization', `Bearer ${manager}`).expect(200);
    expect(running.text).toContain(`action="/jobs/${job.id}/pause"`);

    // Paused at the machine itself (its screen, a filament runout): said with why.
    await bridge.event(printer.slug, 'job.paused', { jobId: job.id, reason: 'paused at the printer' });
    const atPrinter = await jobWhen(t, maker.token, job.id, (j) => j.status === 'paused', 10_000);
    expect(atPrinter.reason).toContain('Mis en pause à la machine');
    const queue2 = await t.http().get('/jobs/queue').set('Authorization', `Bearer ${manager}`).expect(200);
    expect(queue2.text).toContain('Mis en pause à la machine');

    // A paused job may end from there (cancelled at the printer, or finished once resumed).
    await bridge.event(printer.slug, 'job.failed', { jobId: job.id, reason: 'cancelled', lastAckedLine: 40, progress: 0.32 });
    const failed = await jobWhen(t, maker.token, job.id, (j) => j.status === 'failed', 10_000);
    expect(failed).toMatchObject({ reason: 'cancelled', lastAckedLine: 40 });
    // A late job.resumed for a finished job changes nothing.
    await bridge.event(printer.slug, 'job.resumed', { jobId: job.id });
    await bridge.event(printer.slug, 'job.paused', { jobId: job.id });
    const flag = await uploadJob(t, maker.token, await sampleGcode('cura'), { machineId: printer.id }, 'flag.gcode').expect(201);
    await jobWhen(t, maker.token, flag.body.id, (j) => j.status !== 'analysing'); // a round trip later, the events are handled
    expect((await as(t, maker.token).get(`/api/jobs/${job.id}`)).body.status).toBe('failed');
  });
});
