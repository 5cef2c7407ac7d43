import { createHash } from 'node:crypto';
import type { JobController } from '../sessions/ports';
import { gcodeProgram, JobPosition } from '../drivers/gcode';
import { createLogger } from '../util/log';

export interface JobSource {
  /** Downloads a job file: `Authorization: Bearer <token>`, relative URLs against the base. */
  fetch(url: string, token?: string): Promise<Buffer>;
}

export function httpJobSource(baseUrl: string): JobSource {
  return {
    async fetch(url, token) {
      const full = new URL(url, baseUrl.endsWith('/') ? baseUrl : baseUrl + '/').toString();
      const res = await fetch(full, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      if (!res.ok) throw new Error(`download failed: HTTP ${res.status}`);
      return Buffer.from(await res.arrayBuffer());
    },
  };
}

/** Controllers of 3D printers: only a print may restart from a line of its file. */
const PRINTERS = ['marlin', 'moonraker'];

interface Hooks {
  event(type: string, fields: Record<string, unknown>): void;
  onChange(): void;
  onFinished(): void;
}

interface Running {
  jobId: string;
  paused: boolean;
  lastProgressAt: number;
  total: number;
  /** The file's line number of each streamed line. */
  fileLines: number[];
  /** job.started said: progress and pauses are reported from then on. */
  started: boolean;
  /** The controller reports lines of the file itself (a whole file uploaded as is). */
  fileLineDirect: boolean;
}

/** Download, verify, stream, report (issue: start_job / pause_job / resume_job / cancel_job). */
export class JobRunner {
  private job?: Running;
  private starting = false;
  private log = createLogger('jobs');

  constructor(
    private readonly ctl: JobController,
    private readonly source: JobSource,
    private readonly hooks: Hooks,
  ) {
    ctl.on('job-progress', (p: { done: number; total: number }) => this.progress(p));
    ctl.on('job-completed', () => this.finish('job.completed'));
    ctl.on('job-failed', (reason: string, at?: JobPosition) => this.finish('job.failed', reason, at));
    ctl.on('job-paused', (reason: string | undefined, source: 'error' | 'printer' | 'command' = 'error') => {
      const j = this.job;
      if (!j || !j.started) return;
      // An error pause (GRBL error:N) is an alarm as well: someone must look before resuming.
      if (source === 'error') this.hooks.event('alarm', { code: 'job_paused', message: reason ?? 'paused', jobId: j.jobId });
      this.setPaused(true, reason);
    });
    ctl.on('job-resumed', () => {
      if (this.job?.started) this.setPaused(false);
    });
  }

  active() {
    return this.starting || !!this.job;
  }
  paused() {
    return !!this.job?.paused;
  }
  jobId() {
    return this.job?.jobId;
  }

  async start(cmd: { jobId: string; url: string; token?: string; sha256: string; fromLine?: number }) {
    if (this.active()) throw new Error('job_already_running');
    // Restarting mid-file is for prints only: a CNC or a laser resumed from a line cuts where
    // the tool is not (SERIAL-PROTOCOL.md); the server never offers it, the bridge refuses it too.
    if (cmd.fromLine !== undefined && !PRINTERS.includes(this.ctl.kind)) {
      this.hooks.event('job.failed', { jobId: cmd.jobId, reason: 'restart_not_allowed' });
      throw new Error('restart_not_allowed');
    }
    this.starting = true;
    try {
      let data: Buffer;
      try {
        data = await this.source.fetch(cmd.url, cmd.token);
      } catch (e) {
        this.hooks.event('job.failed', { jobId: cmd.jobId, reason: `download: ${(e as Error).message}` });
        throw e;
      }
      const digest = createHash('sha256').update(data).digest('hex');
      if (digest !== cmd.sha256.toLowerCase()) {
        this.hooks.event('job.failed', { jobId: cmd.jobId, reason: 'sha256_mismatch' });
        throw new Error('sha256_mismatch');
      }
      const program = restartFrom(gcodeProgram(data.toString('utf8')), cmd.fromLine);
      const { lines, fileLines } = program;
      if (lines.length === 0) {
        const reason = cmd.fromLine ? 'restart_line_past_end' : 'empty_file';
        this.hooks.event('job.failed', { jobId: cmd.jobId, reason });
        throw new Error(reason);
      }
      const started = { jobId: cmd.jobId, lines: lines.length, ...(cmd.fromLine ? { fromLine: fileLines[0] } : {}) };
      if (this.ctl.startFile) {
        // A network printer runs the file itself: the file as sent (or, restarted, the lines from
        // the restart on), under a name of its own so that an earlier print's stats never match.
        const upload = cmd.fromLine ? Buffer.from(lines.join('\n') + '\n') : data;
        const sha256 = cmd.fromLine ? createHash('sha256').update(upload).digest('hex') : digest;
        this.job = { jobId: cmd.jobId, paused: false, lastProgressAt: 0, total: lines.length, fileLines, started: false, fileLineDirect: !cmd.fromLine };
        try {
          await this.ctl.startFile({ name: `fablab-${cmd.jobId.replace(/[^A-Za-z0-9_-]/g, '')}-${Date.now()}.gcode`, data: upload, sha256 });
        } catch (e) {
          // Unless the controller already ended it (and job.failed was said with its reason).
          if (this.job?.jobId === cmd.jobId) {
            this.job = undefined;
            this.hooks.event('job.failed', { jobId: cmd.jobId, reason: (e as Error).message });
          }
          throw e;
        }
        if (this.job?.jobId !== cmd.jobId) return; // ended already (a tiny file, or a shutdown meanwhile)
        this.job.started = true;
        this.hooks.event('job.started', started);
        this.hooks.onChange();
        return;
      }
      this.job = { jobId: cmd.jobId, paused: false, lastProgressAt: 0, total: lines.length, fileLines, started: true, fileLineDirect: false };
      this.hooks.event('job.started', started);
      try {
        this.ctl.startJob(lines);
      } catch (e) {
        this.job = undefined;
        this.hooks.event('job.failed', { jobId: cmd.jobId, reason: (e as Error).message });
        throw e;
      }
      this.hooks.onChange();
    } finally {
      this.starting = false;
    }
  }

  private check(jobId?: string) {
    if (!this.job) throw new Error('no_job_running');
    if (jobId && jobId !== this.job.jobId) throw new Error('unknown_job');
  }

  /** `pause_job`: once the controller took it, `job.paused` (said once, whoever paused first). */
  async pause(jobId?: string) {
    this.check(jobId);
    await this.ctl.pauseJob();
    this.setPaused(true);
  }
  async resume(jobId?: string) {
    this.check(jobId);
    await this.ctl.resumeJob();
    this.setPaused(false);
  }
  async cancel(jobId?: string) {
    this.check(jobId);
    await this.ctl.cancelJob();
  }

  /** `job.paused` / `job.resumed` on a change only: a pause asked twice, or seen twice, is said once. */
  private setPaused(paused: boolean, reason?: string) {
    const j = this.job;
    if (!j || j.paused === paused) return;
    j.paused = paused;
    this.log.info(`${j.jobId}: ${paused ? 'paused' : 'resumed'}${reason ? ' (' + reason + ')' : ''}`);
    this.hooks.event(paused ? 'job.paused' : 'job.resumed', { jobId: j.jobId, ...(reason ? { reason } : {}) });
    this.hooks.onChange();
  }

  private progress(p: { done: number; total: number }) {
    const j = this.job;
    if (!j || !j.started) return;
    const now = Date.now();
    // job.progress at most once a second.
    if (now - j.lastProgressAt < 1000) return;
    j.lastProgressAt = now;
    const progress = Math.round((p.done / Math.max(1, p.total)) * 1000) / 1000;
    this.hooks.event('job.progress', { jobId: j.jobId, progress });
  }

  private finish(type: 'job.completed' | 'job.failed', reason?: string, at?: JobPosition) {
    const j = this.job;
    if (!j) return;
    this.job = undefined;
    this.log.info(`${j.jobId}: ${type}${reason ? ' (' + reason + ')' : ''}`);
    this.hooks.event(type, type === 'job.failed' ? { jobId: j.jobId, reason, ...failedAt(j, at) } : { jobId: j.jobId });
    this.hooks.onFinished();
  }
}

/**
 * Where a failed job stood, in the file's own line numbers: the last line the controller took and
 * the share done, so that a person (and the server, for a print) can pick a line to restart from.
 */
function failedAt(j: Running, at?: JobPosition): { lastAckedLine: number; progress: number } | Record<string, never> {
  if (!at) return {};
  const lastAckedLine = j.fileLineDirect ? at.lastAckedLine : at.lastAckedLine > 0 ? (j.fileLines[at.lastAckedLine - 1] ?? 0) : 0;
  return { lastAckedLine, progress: Math.round((at.done / Math.max(1, at.total)) * 1000) / 1000 };
}

/**
 * The program from a file line on (the first line to stream at or after it), preceded by what the
 * skipped part had set and the rest relies on: temperatures (heated and waited for), positioning
 * and extrusion modes, and the extruder's position. Never a homing move: where the nozzle stands
 * is for the person at the printer (the server's page lists the precautions).
 */
function restartFrom(p: { lines: string[]; fileLines: number[] }, fromLine?: number) {
  if (!fromLine) return p;
  const first = p.fileLines.findIndex((n) => n >= fromLine);
  if (first < 0) return { lines: [], fileLines: [] };
  const preamble = printState(p.lines.slice(0, first));
  // The preamble's lines carry the restart line's number: a failure there is « at the restart ».
  return { lines: [...preamble, ...p.lines.slice(first)], fileLines: [...preamble.map(() => p.fileLines[first]), ...p.fileLines.slice(first)] };
}

/** What the lines before a restart point left set on a Marlin printer, as the commands that set it again. */
export function printState(skipped: string[]): string[] {
  let nozzle: string | undefined;
  let bed: string | undefined;
  let positioning = 'G90';
  let extrusion = 'M82';
  let e = 0;
  for (const line of skipped) {
    const code = /^([GM]\d+)/i.exec(line)?.[1].toUpperCase();
    const word = (letter: string) => new RegExp(`${letter}(-?\\d+(?:\\.\\d+)?)`, 'i').exec(line.slice(code?.length ?? 0))?.[1];
    if (code === 'M104' || code === 'M109') nozzle = word('S') ?? nozzle;
    else if (code === 'M140' || code === 'M190') bed = word('S') ?? bed;
    else if (code === 'G90' || code === 'G91') positioning = code;
    else if (code === 'M82' || code === 'M83') extrusion = code;
    else if (code === 'G92' && word('E') !== undefined) e = Number(word('E'));
    else if ((code === 'G0' || code === 'G1') && extrusion === 'M82' && word('E') !== undefined) e = Number(word('E'));
  }
  const heat = [
    ...(bed ? [`M140 S${bed}`] : []),
    ...(nozzle ? [`M104 S${nozzle}`] : []),
    ...(bed ? [`M190 S${bed}`] : []),
    ...(nozzle ? [`M109 S${nozzle}`] : []),
  ];
  return [...heat, positioning, extrusion, ...(extrusion === 'M82' ? [`G92 E${e}`] : [])];
}
