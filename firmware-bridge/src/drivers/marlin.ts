import { EventEmitter } from 'node:events';
import type { Driver } from '../serial/device-port';
import { MarlinParser, MarlinMessage, numberedLine } from './marlin-parser';
import { createLogger } from '../util/log';

export interface MarlinOptions {
  greetingTimeoutMs?: number;
  /** No reply for this long → `M105` to provoke one (30 s; 3 s once `busy` is known). */
  replyTimeoutMs?: number;
  busyReplyTimeoutMs?: number;
  tempPollMs?: number;
  historySize?: number;
  rxSize?: number;
  margin?: number;
}

interface Sent {
  n: number;
  bytes: number;
  jobIndex?: number;
  gen: number;
}

interface Job {
  lines: string[];
  next: number;
  acked: number;
  /** Index (0-based) of the last job line the printer took (`ok`), -1 before the first. */
  lastOk: number;
  paused: boolean;
}

/**
 * Marlin 2.x host side (SERIAL-PROTOCOL, marlin row): numbered, checksummed lines, one line in
 * flight unless M115 reports ADVANCED_OK, resends from a history, busy keep-alive, temperatures.
 */
export class MarlinDriver extends EventEmitter implements Driver {
  readonly kind = 'marlin';
  private write?: (d: Buffer | string) => void;
  private parser = new MarlinParser();
  private ready = false;
  private ident?: string;
  private nextN = 1;
  private history = new Map<number, string>();
  private inFlight: Sent[] = [];
  private inFlightBytes = 0;
  private priority: string[] = [];
  private resendList: number[] = [];
  private resendCounts = new Map<number, number>();
  private lastRewind?: number;
  private gen = 0;
  private rejectNext = 0;
  advancedOk = false;
  autoreportTemp = false;
  private lastBufferFree?: number;
  private maxBufferFree = 0;
  private job?: Job;
  private busySeen = false;
  private provokes = 0;
  private replyTimer?: NodeJS.Timeout;
  private greetTimer?: NodeJS.Timeout;
  private tempTimer?: NodeJS.Timeout;
  private handshake: 'greeting' | 'm110' | 'm115' | 'done' = 'greeting';
  private halted = false;
  private log = createLogger('marlin');

  constructor(private readonly opts: MarlinOptions = {}) {
    super();
    this.parser.on('message', (m: MarlinMessage) => this.onMessage(m));
  }

  identity() {
    return this.ident;
  }
  jobActive() {
    return !!this.job;
  }
  isReady() {
    return this.ready;
  }

  attach(write: (d: Buffer | string) => void): void {
    this.write = write;
    this.parser.reset();
    this.resetLink();
    this.handshake = 'greeting';
    // Wait for `start`; a board that did not reset on open (hupcl false) stays silent, so
    // after a while we begin the handshake anyway.
    this.greetTimer = setTimeout(() => this.beginHandshake(), this.opts.greetingTimeoutMs ?? 3000);
  }

  detach(why = 'link to the printer lost'): void {
    this.write = undefined;
    this.ready = false;
    clearTimeout(this.greetTimer);
    clearTimeout(this.replyTimer);
    clearInterval(this.tempTimer);
    if (this.job) this.failJob(why);
  }

  feed(chunk: Buffer): void {
    this.parser.feed(chunk);
  }

  private resetLink() {
    this.inFlight = [];
    this.inFlightBytes = 0;
    this.priority = [];
    this.resendList = [];
    this.history.clear();
    this.resendCounts.clear();
    this.rejectNext = 0;
    this.lastRewind = undefined;
  }

  private beginHandshake() {
    if (this.handshake !== 'greeting' || !this.write) return;
    clearTimeout(this.greetTimer);
    this.handshake = 'm110';
    // `M110 N0` resets the line numbering; it goes out as line 0 itself.
    this.sendNumbered(0, 'M110 N0');
    this.nextN = 1;
  }

  private sendNumbered(n: number, gcode: string, jobIndex?: number) {
    const text = numberedLine(n, gcode);
    this.history.set(n, gcode);
    const max = this.opts.historySize ?? 256;
    if (this.history.size > max) this.history.delete(this.history.keys().next().value as number);
    const bytes = text.length + 1;
    this.inFlight.push({ n, bytes, jobIndex, gen: this.gen });
    this.inFlightBytes += bytes;
    this.write?.(text + '\n');
    this.armReplyTimer();
  }

  /** Sends a G-code outside the job (temperature polls, manual commands). */
  command(gcode: string) {
    this.priority.push(gcode);
    this.pump();
  }

  startJob(lines: string[]) {
    if (this.job) throw new Error('a job is already running');
    if (this.halted) throw new Error('printer halted: restart it first');
    // M400 waits for the last moves to finish, so its ok means the print is over.
    this.job = { lines: [...lines, 'M400'], next: 0, acked: 0, lastOk: -1, paused: false };
    this.pump();
  }

  pauseJob() {
    if (this.job) this.job.paused = true;
  }
  resumeJob() {
    if (this.job && !this.halted) {
      this.job.paused = false;
      this.pump();
    }
  }
  cancelJob() {
    if (!this.job) return;
    this.failJob('cancelled');
    this.command('M104 S0');
    this.command('M140 S0');
  }

  /** Where a job stands: lines taken, and the last one taken (`ok`), 1-based, 0 for none (M400 not counted). */
  jobPosition(): { done: number; total: number; lastAckedLine: number } | undefined {
    const job = this.job;
    if (!job) return undefined;
    const total = job.lines.length - 1;
    return { done: Math.min(job.acked, total), total, lastAckedLine: Math.min(job.lastOk + 1, total) };
  }

  private failJob(reason: string) {
    if (!this.job) return;
    const at = this.jobPosition();
    this.job = undefined;
    this.emit('job-failed', reason, at);
  }

  private canSend(bytes: number): boolean {
    if (!this.ready || !this.write) return false;
    if (this.inFlight.length === 0) return true;
    if (!this.advancedOk) return false; // one line in flight, as OctoPrint does
    // `ok N P B`: B free command-queue slots, so (most B seen − B) of the oldest unanswered
    // lines have left the serial RX buffer; only the others still occupy it. The estimate
    // only grows staler in the safe direction (more lines reach the queue as time passes).
    const queued = Math.min(this.inFlight.length, Math.max(0, this.maxBufferFree - (this.lastBufferFree ?? this.maxBufferFree)));
    let rxBytes = this.inFlightBytes;
    for (let i = 0; i < queued; i++) rxBytes -= this.inFlight[i].bytes;
    const rx = (this.opts.rxSize ?? 128) - (this.opts.margin ?? 8);
    return rxBytes + bytes <= rx;
  }

  private pump() {
    for (;;) {
      if (this.resendList.length) {
        const n = this.resendList[0];
        const gcode = this.history.get(n)!;
        if (!this.canSend(numberedLine(n, gcode).length + 1)) return;
        this.resendList.shift();
        const jobIndex = this.jobIndexOf.get(n);
        this.sendNumbered(n, gcode, jobIndex);
        continue;
      }
      let gcode: string | undefined;
      let jobIndex: number | undefined;
      if (this.priority.length) gcode = this.priority[0];
      else if (this.job && !this.job.paused && this.job.next < this.job.lines.length) {
        jobIndex = this.job.next;
        gcode = this.job.lines[jobIndex];
      }
      if (gcode === undefined) return;
      const n = this.nextN;
      if (!this.canSend(numberedLine(n, gcode).length + 1)) return;
      if (jobIndex === undefined) this.priority.shift();
      else this.job!.next++;
      this.nextN++;
      if (jobIndex !== undefined) this.jobIndexOf.set(n, jobIndex);
      if (this.jobIndexOf.size > 512) this.jobIndexOf.delete(this.jobIndexOf.keys().next().value as number);
      this.sendNumbered(n, gcode, jobIndex);
    }
  }

  private jobIndexOf = new Map<number, number>();

  private armReplyTimer() {
    clearTimeout(this.replyTimer);
    if (this.inFlight.length === 0 || !this.write) return;
    const ms = this.busySeen ? (this.opts.busyReplyTimeoutMs ?? 3000) : (this.opts.replyTimeoutMs ?? 30000);
    this.replyTimer = setTimeout(() => this.onReplyTimeout(), ms);
  }

  private onReplyTimeout() {
    this.provokes++;
    if (this.provokes > 5) {
      this.emit('alarm', { code: 'marlin_no_reply', message: 'Marlin stopped answering' });
      this.inFlight = [];
      this.inFlightBytes = 0;
      this.failJob('printer stopped answering');
      return;
    }
    // An unnumbered M105 provokes an `ok` that frees a lost reply.
    this.write?.('M105\n');
    this.armReplyTimer();
  }

  private onMessage(m: MarlinMessage) {
    this.provokes = 0;
    if (this.inFlight.length) this.armReplyTimer();
    switch (m.kind) {
      case 'start':
        clearTimeout(this.greetTimer);
        if (this.job) this.failJob('printer restarted during the job');
        this.resetLink();
        this.ready = false;
        this.handshake = 'greeting';
        // Let the boot messages pass before numbering starts.
        this.greetTimer = setTimeout(() => this.beginHandshake(), 300);
        return;
      case 'firmware':
        this.ident = m.name;
        return;
      case 'cap':
        if (m.name === 'ADVANCED_OK') this.advancedOk = m.on;
        if (m.name === 'AUTOREPORT_TEMP') this.autoreportTemp = m.on;
        return;
      case 'busy':
        this.busySeen = true;
        this.armReplyTimer();
        return;
      case 'temps':
        this.emit('telemetry', { temps: m.temps });
        return;
      case 'fatal':
        this.onFatal(m.text);
        return;
      case 'error':
        this.log.warn('Marlin error', m.text);
        return;
      case 'resend':
        this.onResend(m.line);
        return;
      case 'ok':
        this.onOk(m);
        return;
      default:
        return;
    }
  }

  private onFatal(text: string) {
    if (this.halted) return;
    this.halted = true;
    // Emergency stop at once: the firmware has detected a thermal fault or was killed.
    this.write?.('M112\n');
    this.emit('alarm', { code: 'marlin_halted', message: text });
    this.failJob(`printer halted: ${text}`);
    this.inFlight = [];
    this.inFlightBytes = 0;
  }

  private onResend(n: number) {
    this.rejectNext++;
    const oldest = this.inFlight[0];
    // Lines sent before our last rewind are rejected one by one with the same Resend: they are
    // not new requests.
    if (this.lastRewind === n && oldest && oldest.gen < this.gen) return;
    if (!this.history.has(n)) {
      this.abortLink(`resend of line ${n} asked, no longer in history`);
      return;
    }
    const count = (this.resendCounts.get(n) ?? 0) + 1;
    this.resendCounts.set(n, count);
    if (count > 10) {
      this.abortLink(`line ${n} resent more than 10 times`);
      return;
    }
    this.gen++;
    this.lastRewind = n;
    const sent = [...this.history.keys()].filter((k) => k >= n && k < this.nextN).sort((a, b) => a - b);
    this.resendList = sent;
  }

  private abortLink(reason: string) {
    this.emit('alarm', { code: 'marlin_resend', message: reason });
    this.resendList = [];
    this.failJob(reason);
  }

  private onOk(m: Extract<MarlinMessage, { kind: 'ok' }>) {
    if (m.temps) this.emit('telemetry', { temps: m.temps });
    if (m.bufferFree !== undefined) {
      this.lastBufferFree = m.bufferFree;
      this.maxBufferFree = Math.max(this.maxBufferFree, m.bufferFree);
    }
    const done = this.inFlight.shift();
    if (done) this.inFlightBytes -= done.bytes;
    if (this.inFlight.length === 0) {
      clearTimeout(this.replyTimer);
      this.inFlightBytes = 0;
    }
    if (this.rejectNext > 0) {
      // The ok that follows `Resend:` closes the rejected line, it acknowledges nothing.
      this.rejectNext--;
      this.pump();
      return;
    }
    if (this.handshake === 'm110') {
      this.handshake = 'm115';
      this.ready = true;
      this.command('M115');
      return;
    }
    if (this.handshake === 'm115' && done && this.history.get(done.n) === 'M115') {
      this.handshake = 'done';
      if (!this.ident) this.ident = 'Marlin (no FIRMWARE_NAME)';
      this.emit('greeting', this.ident);
      if (this.autoreportTemp) this.command('M155 S2');
      else
        this.tempTimer = setInterval(() => {
          if (!this.priority.includes('M105')) this.command('M105');
        }, this.opts.tempPollMs ?? 2000);
    }
    const job = this.job;
    if (job && done && done.jobIndex !== undefined) {
      job.acked++;
      job.lastOk = Math.max(job.lastOk, done.jobIndex);
      const total = job.lines.length;
      if (job.acked >= total) {
        this.job = undefined;
        this.emit('job-progress', { done: total - 1, total: total - 1 });
        this.emit('job-completed');
      } else if (job.acked <= total - 1) this.emit('job-progress', { done: Math.min(job.acked, total - 1), total: total - 1 });
    }
    this.pump();
  }
}
