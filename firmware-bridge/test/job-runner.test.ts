import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { JobRunner, printState } from '../src/jobs/job-runner';

/** A controller double that keeps the lines it was given; the test fails or ends the job. */
class Controller extends EventEmitter {
  lines: string[] = [];
  running = false;
  constructor(readonly kind: 'marlin' | 'grbl') {
    super();
  }
  startJob(lines: string[]) {
    this.lines = lines;
    this.running = true;
  }
  pauseJob() {}
  resumeJob() {}
  cancelJob() {}
  jobActive() {
    return this.running;
  }
}

// A file with comments and blank lines: the streamed lines are 2, 4, 5, 7 and 8 of the file.
const FILE = ['; tranche 0.2 mm', 'G28', '', 'G1 X1 ; premier', 'G1 X2', '(pause)', 'G1 X3', 'G1 X4'].join('\n');
const sha256 = createHash('sha256').update(FILE).digest('hex');

function runner(kind: 'marlin' | 'grbl') {
  const ctl = new Controller(kind);
  const events: Array<{ type: string } & Record<string, unknown>> = [];
  const jobs = new JobRunner(
    ctl,
    { fetch: async () => Buffer.from(FILE) },
    { event: (type, f) => events.push({ type, ...f }), onChange: () => {}, onFinished: () => {} },
  );
  return { ctl, events, jobs };
}

describe('JobRunner', () => {
  it('says where a failed job stopped, in the file’s own line numbers, and how far it was', async () => {
    const { ctl, events, jobs } = runner('grbl');
    await jobs.start({ jobId: 'j1', url: '/f', sha256 });
    expect(ctl.lines).toEqual(['G28', 'G1 X1', 'G1 X2', 'G1 X3', 'G1 X4']);
    // The controller took 3 of 5 lines (the third streamed is the file's line 5), then the link went.
    ctl.emit('job-failed', 'link to the machine lost', { done: 3, total: 5, lastAckedLine: 3 });
    expect(events.find((e) => e.type === 'job.failed')).toEqual({
      type: 'job.failed',
      jobId: 'j1',
      reason: 'link to the machine lost',
      lastAckedLine: 5,
      progress: 0.6,
    });
  });

  it('says line 0 when nothing was taken yet', async () => {
    const { ctl, events, jobs } = runner('marlin');
    await jobs.start({ jobId: 'j0', url: '/f', sha256 });
    ctl.emit('job-failed', 'printer restarted during the job', { done: 0, total: 5, lastAckedLine: 0 });
    expect(events.find((e) => e.type === 'job.failed')).toMatchObject({ lastAckedLine: 0, progress: 0 });
  });

  it('restarts a print from a chosen file line, and says so in job.started', async () => {
    const { ctl, events, jobs } = runner('marlin');
    await jobs.start({ jobId: 'j2', url: '/f', sha256, fromLine: 6 });
    // What the skipped part had set comes first (here only the default modes), then the file from line 7.
    expect(ctl.lines).toEqual(['G90', 'M82', 'G92 E0', 'G1 X3', 'G1 X4']);
    expect(events[0]).toEqual({ type: 'job.started', jobId: 'j2', lines: 5, fromLine: 7 });
    // Positions stay in file lines after a restart.
    ctl.emit('job-failed', 'cancelled', { done: 4, total: 5, lastAckedLine: 4 });
    expect(events.find((e) => e.type === 'job.failed')).toMatchObject({ lastAckedLine: 7, progress: 0.8 });
  });

  it('sets again what the skipped part of a print had set: temperatures (waited for), modes, extruder position; never a homing', () => {
    const skipped = ['M140 S60', 'M104 S215', 'M190 S60', 'M109 S215', 'G28', 'G90', 'M82', 'G92 E0', 'G1 X10 Y10 E1.25', 'G1 X20 E2.5', 'G1 Z0.4 F600'];
    expect(printState(skipped)).toEqual(['M140 S60', 'M104 S215', 'M190 S60', 'M109 S215', 'G90', 'M82', 'G92 E2.5']);
    // Relative extrusion: no extruder position to restore.
    expect(printState(['M104 S200', 'M83', 'G1 X1 E0.4'])).toEqual(['M104 S200', 'M109 S200', 'G90', 'M83']);
    expect(printState(['G28', 'G1 Z5'])).not.toContain('G28');
  });

  it('never restarts a CNC or laser job mid-file, and refuses a line past the end', async () => {
    const cnc = runner('grbl');
    await expect(cnc.jobs.start({ jobId: 'j3', url: '/f', sha256, fromLine: 5 })).rejects.toThrow('restart_not_allowed');
    expect(cnc.ctl.running).toBe(false);
    expect(cnc.events).toEqual([{ type: 'job.failed', jobId: 'j3', reason: 'restart_not_allowed' }]);
    const printer = runner('marlin');
    await expect(printer.jobs.start({ jobId: 'j4', url: '/f', sha256, fromLine: 99 })).rejects.toThrow('restart_line_past_end');
    expect(printer.ctl.running).toBe(false);
  });

  it('says job.paused and job.resumed once per change: pause_job, and a GRBL error:N hold (an alarm too)', async () => {
    const { ctl, events, jobs } = runner('grbl');
    await jobs.start({ jobId: 'jp', url: '/f', sha256 });
    await jobs.pause('jp');
    await jobs.pause('jp');
    expect(events.filter((e) => e.type === 'job.paused')).toEqual([{ type: 'job.paused', jobId: 'jp' }]);
    await jobs.resume('jp');
    expect(events.filter((e) => e.type === 'job.resumed')).toEqual([{ type: 'job.resumed', jobId: 'jp' }]);
    // error:N mid-job: the driver holds and pauses by itself, with the reason.
    ctl.emit('job-paused', 'error:20 on line 4: G1 X3');
    expect(events.slice(-2)).toEqual([
      { type: 'alarm', code: 'job_paused', message: 'error:20 on line 4: G1 X3', jobId: 'jp' },
      { type: 'job.paused', jobId: 'jp', reason: 'error:20 on line 4: G1 X3' },
    ]);
    await jobs.resume('jp');
    expect(events.filter((e) => e.type === 'job.resumed')).toHaveLength(2);
  });
});
