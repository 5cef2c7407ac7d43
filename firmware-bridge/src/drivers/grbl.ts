import { EventEmitter } from 'node:events';
import type { Driver } from '../serial/device-port';
import { GrblParser, GrblMessage, GrblStatus } from './grbl-parser';
import { createLogger } from '../util/log';

export interface GrblOptions {
  /** Bytes kept free in the RX buffer for real-time commands and safety. */
  margin?: number;
  /** Status poll interval while a job runs; SERIAL-PROTOCOL says ≤ 5 Hz. */
  pollMs?: number;
  idlePollMs?: number;
  greetingTimeoutMs?: number;
  /** No byte at all for this long during a job → alarm, job failed. */
  silenceMs?: number;
}

type JobState = 'running' | 'paused' | 'draining' | 'done';

interface Job {
  lines: string[];
  next: number;
  /** Lines the board answered, `ok` or `error:` alike: the job ends when all are answered. */
  answered: number;
  /** Index (0-based) of the last line answered `ok`, -1 before the first. */
  lastOk: number;
  state: JobState;
  /** `?` requests sent after the last ok; only their answers can end the job. */
  pollsAfterLastOk: number;
}

/**
 * GRBL 1.1 driver with character-counting streaming (SERIAL-PROTOCOL, grbl row).
 * Emits: greeting, telemetry, alarm, job-progress, job-completed, job-failed, job-paused.
 */
export class GrblDriver extends EventEmitter implements Driver {
  readonly kind = 'grbl';
  private write?: (d: Buffer | string) => void;
  private parser = new GrblParser();
  /**
   * The board's RX buffer as GRBL's RX_BUFFER_SIZE: 128 on an ATmega328p, of which it holds 127
   * bytes; more when `Bf:` says so.
   */
  rxSize = 128;
  private readonly margin: number;
  /** Byte lengths (line + `\n`) of lines sent and not yet answered, oldest first. */
  private inFlight: { len: number; index: number }[] = [];
  private inFlightBytes = 0;
  private job?: Job;
  private pollTimer?: NodeJS.Timeout;
  private greetTimer?: NodeJS.Timeout;
  private ident?: string;
  private lastStatus?: GrblStatus;
  /** After an ALARM the machine stays locked until a person clears it ($X / $H). */
  locked = false;
  private log = createLogger('grbl');

  constructor(private readonly opts: GrblOptions = {}) {
    super();
    this.margin = opts.margin ?? 8;
    this.parser.on('message', (m: GrblMessage) => this.onMessage(m));
  }

  identity() {
    return this.ident;
  }
  status() {
    return this.lastStatus;
  }
  jobActive() {
    return !!this.job && this.job.state !== 'done';
  }

  attach(write: (d: Buffer | string) => void): void {
    this.write = write;
    this.ident = undefined; // a reopened port may be another board: learn it again
    this.parser.reset();
    this.resetCounting();
    // Wait for `Grbl 1.1x ['$' for help]`; if the board was already running (no reset on open,
    // hupcl false) it will not greet, so a `?` status answer counts as a greeting too.
    this.greetTimer = setTimeout(() => this.write?.('?'), this.opts.greetingTimeoutMs ?? 2000);
    this.schedulePoll();
  }

  detach(why = 'link to the machine lost'): void {
    this.write = undefined;
    clearTimeout(this.greetTimer);
    clearTimeout(this.pollTimer);
    if (this.jobActive()) this.failJob(why);
  }

  feed(chunk: Buffer): void {
    this.lastRx = Date.now();
    this.parser.feed(chunk);
  }

  private lastRx = 0;

  private resetCounting() {
    this.inFlight = [];
    this.inFlightBytes = 0;
  }

  private schedulePoll() {
    clearTimeout(this.pollTimer);
    if (!this.write) return; // detached: nothing to poll until attached again (a failed job's poll kept the process alive)
    const ms = this.jobActive() ? (this.opts.pollMs ?? 200) : (this.opts.idlePollMs ?? 1000);
    this.pollTimer = setTimeout(() => {
      if (!this.write) return;
      // `?` is a real-time byte: no newline, bypasses the RX buffer.
      this.write('?');
      if (this.job?.state === 'draining') this.job.pollsAfterLastOk++;
      // A board answers `?` even when busy: silence during a job means it is dead or hung.
      if (this.jobActive() && Date.now() - this.lastRx > (this.opts.silenceMs ?? 10_000)) {
        this.emit('alarm', { code: 'grbl_no_reply', message: 'GRBL stopped answering status requests' });
        this.resetCounting();
        this.failJob('controller stopped answering');
      }
      this.schedulePoll();
    }, ms);
  }

  /** Sends one line outside a job (e.g. `$X`), counted like any other. */
  sendLine(line: string): void {
    if (this.jobActive()) throw new Error("no line commands during a job (the RX buffer is the job's)");
    this.sendCounted(line, -1);
  }

  private sendCounted(line: string, index: number) {
    const len = Buffer.byteLength(line) + 1;
    this.inFlight.push({ len, index });
    this.inFlightBytes += len;
    this.write?.(line + '\n');
  }

  startJob(lines: string[]): void {
    if (this.jobActive()) throw new Error('a job is already running');
    if (this.locked) throw new Error('machine is in alarm: clear it ($X/$H) first');
    this.job = { lines, next: 0, answered: 0, lastOk: -1, state: 'running', pollsAfterLastOk: 0 };
    this.lastRx = Date.now();
    this.schedulePoll();
    this.pump();
  }

  /**
   * Character counting: send the next line only while the sum of unanswered line lengths
   * stays under the RX buffer minus a margin.
   */
  private pump(): void {
    const job = this.job;
    if (!job || job.state !== 'running' || !this.write) return;
    // Never more than the buffer holds (one byte less than its size), whatever the margin.
    const limit = Math.min(this.rxSize - this.margin, this.rxSize - 1);
    while (job.next < job.lines.length) {
      const line = job.lines[job.next];
      const len = Buffer.byteLength(line) + 1;
      if (this.inFlightBytes + len > limit && this.inFlight.length > 0) break;
      this.sendCounted(line, job.next);
      job.next++;
    }
  }

  pauseJob(): void {
    if (!this.job || this.job.state === 'done') return;
    this.write?.('!');
    if (this.job.state === 'running') this.job.state = 'paused';
  }

  resumeJob(): void {
    if (!this.job || this.job.state !== 'paused' || this.locked) return;
    this.write?.('~');
    this.job.state = this.job.answered === this.job.lines.length ? 'draining' : 'running';
    this.pump();
  }

  cancelJob(): void {
    if (!this.jobActive()) return;
    // Hold first so motion decelerates, then soft reset to empty the planner; the host's
    // byte count goes back to 0 with the reset.
    this.write?.('!');
    this.write?.(Buffer.from([0x18]));
    this.resetCounting();
    this.failJob('cancelled');
  }

  hold(): void {
    this.write?.('!');
  }
  resume(): void {
    this.write?.('~');
  }
  softReset(): void {
    this.write?.(Buffer.from([0x18]));
    this.resetCounting();
  }

  /** Where a job stands: lines answered, and the last one the board took (`ok`), 1-based, 0 for none. */
  jobPosition(): { done: number; total: number; lastAckedLine: number } | undefined {
    const job = this.job;
    return job && { done: job.answered, total: job.lines.length, lastAckedLine: job.lastOk + 1 };
  }

  private failJob(reason: string) {
    if (!this.job) return;
    const at = this.jobPosition();
    this.job.state = 'done';
    this.job = undefined;
    this.emit('job-failed', reason, at);
    this.schedulePoll();
  }

  private onMessage(m: GrblMessage): void {
    switch (m.kind) {
      case 'greeting':
        clearTimeout(this.greetTimer);
        // A greeting is a reset: whatever was in the buffers is gone.
        this.resetCounting();
        if (this.jobActive()) this.failJob('controller reset during the job');
        this.ident = m.version;
        this.emit('greeting', m.version);
        return;
      case 'ok':
      case 'error': {
        const freed = this.inFlight.shift();
        if (freed) this.inFlightBytes -= freed.len;
        const job = this.job;
        if (!job || !freed || freed.index < 0) return;
        // An errored line is answered too: without counting it the job streamed the rest after a
        // resume but never reached its end.
        job.answered++;
        if (m.kind === 'error') {
          // error:N during a job: feed hold at once, stop sending, pause and report the line
          // (lines already planned would otherwise go on running).
          this.write?.('!');
          job.state = 'paused';
          const reason = `error:${m.code} on line ${freed.index + 1}: ${job.lines[freed.index]}`;
          this.log.warn(reason);
          this.emit('job-paused', reason);
          return;
        }
        job.lastOk = freed.index;
        this.emit('job-progress', { done: job.answered, total: job.lines.length });
        if (job.answered === job.lines.length) {
          // The job ends when the machine reports Idle after the last ok.
          if (job.state === 'running') job.state = 'draining';
          job.pollsAfterLastOk = 0;
        } else this.pump();
        return;
      }
      case 'alarm': {
        // ALARM:N, asked or not: stop sending at once, fail the job, never resume it.
        this.locked = true;
        const message = `GRBL ALARM:${m.code}`;
        this.emit('alarm', { code: `grbl_alarm_${m.code}`, message });
        if (this.job) {
          const at = this.jobPosition();
          this.job.state = 'done';
          this.job = undefined;
          this.emit('job-failed', message, at);
        }
        this.resetCounting();
        return;
      }
      case 'status': {
        clearTimeout(this.greetTimer);
        if (!this.ident) {
          this.ident = 'Grbl (answered status)';
          this.emit('greeting', this.ident);
        }
        const s = m.status;
        this.lastStatus = s;
        if (s.state === 'Alarm') this.locked = true;
        else if (this.locked && (s.state === 'Idle' || s.state === 'Run')) this.locked = false;
        // A board with a bigger RX buffer says so in `Bf:` (free bytes, read with nothing in
        // flight). Stock GRBL reports 128 for a buffer that holds 127: take the figure as the
        // buffer's size, never as what it holds, so the window stays one byte under it.
        if (s.bf && this.inFlight.length === 0 && s.bf.rx > this.rxSize) this.rxSize = s.bf.rx;
        const pos = s.wpos ?? (s.mpos && s.wco ? [s.mpos[0] - s.wco[0], s.mpos[1] - s.wco[1], s.mpos[2] - s.wco[2]] : s.mpos);
        const job = this.job;
        this.emit('telemetry', {
          state: s.state,
          position: pos ? { x: pos[0], y: pos[1], z: pos[2] } : undefined,
          feed: s.feed,
          spindle: s.spindle,
          progress: job ? job.answered / job.lines.length : undefined,
        });
        if (job && job.state === 'draining' && job.pollsAfterLastOk > 0 && s.state === 'Idle') {
          job.state = 'done';
          this.job = undefined;
          this.emit('job-completed');
          this.schedulePoll();
        }
        return;
      }
      default:
        return;
    }
  }
}
