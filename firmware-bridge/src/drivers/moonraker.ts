import { EventEmitter } from 'node:events';
import WebSocket from 'ws';
import type { JobPosition, Telemetry } from './gcode';
import { createLogger } from '../util/log';

/**
 * A Klipper printer reached over the network through Moonraker (its API server): JSON-RPC 2.0 on
 * the `/websocket` endpoint, file upload over HTTP. Method names and payloads as in Moonraker's
 * documentation (external_api/printer.md, file_manager.md, server.md, jsonrpc_notifications.md).
 *
 * Unlike a serial printer, the printer runs the file itself (Klipper's `virtual_sdcard`): a lost
 * link to Moonraker does not stop the print, so the job is kept and settled from the printer's own
 * `print_stats` once the link is back.
 *
 * Emits, as the serial controllers do: greeting, telemetry, alarm, job-progress, job-completed,
 * job-failed, job-paused (reason, source), job-resumed; and as a port does: online, offline;
 * `alarm-cleared` once Klipper is ready again after a shutdown; `link-error` (why a connection
 * attempt failed, for `--check`: the bridge itself just retries).
 */
export interface MoonrakerOptions {
  /** `http://host:7125` (or behind a proxy, `http://host`); the websocket is `ws://host:7125/websocket`. */
  url: string;
  /** Moonraker API key (`X-Api-Key` for HTTP, `api_key` of `server.connection.identify`). */
  apiKey?: string;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** A JSON-RPC request with no answer for this long fails (Moonraker itself applies no timeout). */
  requestTimeoutMs?: number;
  clientVersion?: string;
}

/** The printer objects we subscribe to (Klipper status reference), only the fields we read. */
const SUBSCRIBE = {
  print_stats: ['state', 'filename', 'message'],
  virtual_sdcard: ['progress', 'file_position', 'is_active'],
  extruder: ['temperature', 'target'],
  heater_bed: ['temperature', 'target'],
  webhooks: ['state', 'state_message'],
} as const;

type PrintState = 'standby' | 'printing' | 'paused' | 'complete' | 'cancelled' | 'error';

interface Job {
  filename: string;
  /** The uploaded text, to turn Klipper's byte position into a line of the file. */
  data: Buffer;
  phase: 'starting' | 'printing' | 'paused';
  /** print.pause / print.resume sent by us and not yet seen in print_stats. */
  expecting?: 'pause' | 'resume';
}

type Status = Record<string, Record<string, unknown>>;

export class MoonrakerDriver extends EventEmitter {
  readonly kind = 'moonraker';
  online = false;
  private ws?: WebSocket;
  private stopped = true;
  private backoff: number;
  private timer?: NodeJS.Timeout;
  private nextId = 1;
  private pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  private status: Status = {};
  private ident?: string;
  private klippyReady = false;
  private shutdownSaid = false;
  private job?: Job;
  private log = createLogger('moonraker');

  constructor(private readonly opts: MoonrakerOptions) {
    super();
    this.backoff = opts.minBackoffMs ?? 500;
  }

  identity() {
    return this.ident;
  }
  jobActive() {
    return !!this.job;
  }
  isReady() {
    return this.online && this.klippyReady;
  }

  // ---- connection ---------------------------------------------------------------------------

  private base() {
    return this.opts.url.endsWith('/') ? this.opts.url : this.opts.url + '/';
  }

  private wsUrl() {
    const u = new URL('websocket', this.base());
    u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
    return u.toString();
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  private connect() {
    if (this.stopped) return;
    const ws = new WebSocket(this.wsUrl(), { headers: this.opts.apiKey ? { 'X-Api-Key': this.opts.apiKey } : {} });
    this.ws = ws;
    ws.on('open', () => void this.onOpen(ws));
    ws.on('message', (data) => this.onMessage(data.toString()));
    ws.on('error', (e) => {
      this.log.debug('websocket error', e);
      this.emit('link-error', `cannot connect: ${e.message}`);
    });
    ws.on('close', () => this.onClose(ws));
  }

  private async onOpen(ws: WebSocket) {
    try {
      // Identifies the connection (and authenticates it with the API key, as Moonraker documents).
      await this.rpc('server.connection.identify', {
        client_name: 'fablab-bridge',
        version: this.opts.clientVersion ?? '1.0.0',
        type: 'other',
        url: 'https://github.com/fablab-ops',
        ...(this.opts.apiKey ? { api_key: this.opts.apiKey } : {}),
      });
      const info = await this.rpc('server.info');
      if (ws !== this.ws) return;
      this.backoff = this.opts.minBackoffMs ?? 500;
      this.online = true;
      this.emit('online');
      if (info?.klippy_state === 'ready') await this.onKlippyReady();
      else if (info?.klippy_state === 'shutdown') await this.onKlippyShutdown();
    } catch (e) {
      this.log.warn(`moonraker at ${this.opts.url}: ${(e as Error).message}`);
      this.emit('link-error', `Moonraker refused the connection: ${(e as Error).message}${this.opts.apiKey ? '' : ' (apiKey needed?)'}`);
      ws.close();
    }
  }

  private onClose(ws: WebSocket) {
    if (ws !== this.ws) return;
    this.ws = undefined;
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error('connection to Moonraker lost'));
    }
    this.pending.clear();
    this.klippyReady = false;
    if (this.online) {
      this.online = false;
      // The print goes on without us (Klipper runs the file): the job is kept, settled on return.
      this.emit('offline');
    }
    if (this.stopped) return;
    clearTimeout(this.timer);
    const delay = this.backoff;
    this.backoff = Math.min(this.backoff * 2, this.opts.maxBackoffMs ?? 30000);
    this.timer = setTimeout(() => this.connect(), delay);
  }

  /** Closes the link. A job still tracked fails with `why` (the printer may finish it unseen). */
  async stop(why = 'bridge stopped'): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.job) this.failJob(why);
    const ws = this.ws;
    if (!ws) return;
    await new Promise<void>((resolve) => {
      ws.once('close', () => resolve());
      ws.close();
      setTimeout(() => {
        ws.terminate();
        resolve();
      }, 2000).unref();
    });
  }

  private rpc(method: string, params?: Record<string, unknown>): Promise<any> {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return Promise.reject(new Error('printer unreachable (Moonraker not connected)'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method}: no answer from Moonraker`));
      }, this.opts.requestTimeoutMs ?? 30000);
      this.pending.set(id, { resolve, reject, timer });
      ws.send(JSON.stringify({ jsonrpc: '2.0', method, ...(params ? { params } : {}), id }));
    });
  }

  private onMessage(text: string) {
    let msg: any;
    try {
      msg = JSON.parse(text);
    } catch {
      this.log.warn('not JSON from Moonraker');
      return;
    }
    if (msg && typeof msg.id === 'number' && this.pending.has(msg.id)) {
      const p = this.pending.get(msg.id)!;
      this.pending.delete(msg.id);
      clearTimeout(p.timer);
      if (msg.error) p.reject(new Error(String(msg.error.message ?? 'Moonraker error')));
      else p.resolve(msg.result);
      return;
    }
    switch (msg?.method) {
      case 'notify_status_update':
        if (Array.isArray(msg.params) && msg.params[0] && typeof msg.params[0] === 'object') this.apply(msg.params[0]);
        return;
      case 'notify_klippy_ready':
        void this.onKlippyReady().catch((e) => this.log.warn('subscribe failed', e));
        return;
      case 'notify_klippy_shutdown':
        void this.onKlippyShutdown();
        return;
      case 'notify_klippy_disconnected':
        this.klippyReady = false;
        // Klipper's host process went away (restart, crash): it held the print.
        if (this.job) this.failJob('Klipper disconnected from Moonraker during the job (restarted?)');
        return;
      default:
        return;
    }
  }

  private async onKlippyReady() {
    const wasShutdown = this.shutdownSaid;
    this.shutdownSaid = false;
    const info = await this.rpc('printer.info').catch(() => undefined);
    this.ident = `Klipper ${info?.software_version ?? '?'} via Moonraker`;
    // The subscription's answer is the full status: it settles a job left while we were away.
    const sub = await this.rpc('printer.objects.subscribe', { objects: SUBSCRIBE });
    this.klippyReady = true;
    this.status = {};
    this.emit('greeting', this.ident);
    if (wasShutdown) this.emit('alarm-cleared');
    this.apply(sub?.status ?? {}, true);
  }

  private async onKlippyShutdown() {
    if (this.shutdownSaid) return; // the notification and print_stats `error` both lead here
    this.shutdownSaid = true;
    this.klippyReady = false;
    let message = 'Klipper shutdown';
    try {
      const q = await this.rpc('printer.objects.query', { objects: { webhooks: ['state', 'state_message'] } });
      const m = q?.status?.webhooks?.state_message;
      if (typeof m === 'string' && m.trim()) message = `Klipper shutdown: ${m.trim()}`;
    } catch {
      // Moonraker may refuse queries once Klippy is down: the bare reason is enough.
    }
    this.status.webhooks = { state: 'shutdown', state_message: message };
    this.emit('alarm', { code: 'klipper_shutdown', message });
    if (this.job) this.failJob(message);
  }

  // ---- printer status -----------------------------------------------------------------------

  /** Merges a (partial) status and acts on what changed; `full`: the whole status after (re)subscribing. */
  private apply(delta: Status, full = false) {
    for (const [obj, fields] of Object.entries(delta)) {
      if (fields && typeof fields === 'object') this.status[obj] = { ...(this.status[obj] ?? {}), ...fields };
    }
    this.telemetry(delta);
    const job = this.job;
    if (!job) return;
    const ps = this.status.print_stats ?? {};
    const state = ps.state as PrintState | undefined;
    const sameFile = ps.filename === job.filename;
    if (job.phase === 'starting' && !sameFile) return; // still the previous print's stats
    if (!sameFile) {
      // Another file (or none) is loaded: ours is gone, Klipper restarted or someone reset it.
      if (full || delta.print_stats?.filename !== undefined)
        this.failJob('the printer is no longer printing this file (Klipper restarted, or another print was started)');
      return;
    }
    if (delta.virtual_sdcard?.progress !== undefined || full) {
      const p = Number(this.status.virtual_sdcard?.progress);
      if (Number.isFinite(p) && (state === 'printing' || state === 'paused')) this.emit('job-progress', { done: Math.round(p * 1000), total: 1000 });
    }
    if (delta.print_stats?.state === undefined && !full) return;
    switch (state) {
      case 'printing':
        if (job.phase === 'paused') {
          const asked = job.expecting === 'resume';
          job.expecting = undefined;
          job.phase = 'printing';
          this.emit('job-resumed', asked ? 'command' : 'printer');
        } else job.phase = 'printing';
        return;
      case 'paused':
        if (job.phase !== 'paused') {
          const asked = job.expecting === 'pause';
          job.expecting = undefined;
          job.phase = 'paused';
          this.emit('job-paused', asked ? undefined : 'paused at the printer', asked ? 'command' : 'printer');
        }
        return;
      case 'complete':
        this.job = undefined;
        this.emit('job-progress', { done: 1000, total: 1000 });
        this.emit('job-completed');
        return;
      case 'cancelled':
        this.failJob('cancelled');
        return;
      case 'error':
        void this.onPrintError(String(ps.message ?? ''));
        return;
      case 'standby':
        if (job.phase !== 'starting') this.failJob('the print was stopped on the printer');
        return;
      default:
        return;
    }
  }

  /** print_stats `error`: a Klipper shutdown said so (whichever arrives first), else the print's own error. */
  private async onPrintError(message: string) {
    const q = await this.rpc('printer.objects.query', { objects: { webhooks: ['state', 'state_message'] } }).catch(() => undefined);
    if (q?.status?.webhooks?.state === 'shutdown') return this.onKlippyShutdown();
    this.failJob(`printer error: ${message || 'unknown'}`);
  }

  private telemetry(delta: Status) {
    if (!delta.extruder && !delta.heater_bed && !delta.virtual_sdcard) return;
    const temps: NonNullable<Telemetry['temps']> = {};
    for (const [obj, name] of [
      ['extruder', 'hotend'],
      ['heater_bed', 'bed'],
    ] as const) {
      const s = this.status[obj];
      if (s && typeof s.temperature === 'number') temps[name] = { actual: Math.round(s.temperature * 10) / 10, target: Number(s.target ?? 0) };
    }
    const t: Telemetry = {};
    if (Object.keys(temps).length) t.temps = temps;
    const p = this.status.virtual_sdcard?.progress;
    if (this.job && typeof p === 'number') t.progress = Math.round(p * 1000) / 1000;
    if (t.temps || t.progress !== undefined) this.emit('telemetry', t);
  }

  // ---- jobs ---------------------------------------------------------------------------------

  /** Uploads the file (HTTP multipart, with its SHA-256 for Moonraker to check) and starts it. */
  async startFile(file: { name: string; data: Buffer; sha256: string }): Promise<void> {
    if (this.job) throw new Error('a job is already running');
    if (!this.online) throw new Error('printer unreachable (Moonraker not connected)');
    if (!this.klippyReady)
      throw new Error(`Klipper not ready (${String(this.status.webhooks?.state_message ?? this.status.webhooks?.state ?? 'not connected')})`);
    const state = this.status.print_stats?.state;
    if (state === 'printing' || state === 'paused') throw new Error('the printer is already printing');
    this.job = { filename: file.name, data: file.data, phase: 'starting' };
    try {
      const form = new FormData();
      form.append('root', 'gcodes');
      form.append('checksum', file.sha256);
      form.append('file', new Blob([new Uint8Array(file.data)], { type: 'application/octet-stream' }), file.name);
      const res = await fetch(new URL('server/files/upload', this.base()), {
        method: 'POST',
        headers: this.opts.apiKey ? { 'X-Api-Key': this.opts.apiKey } : {},
        body: form,
      });
      if (!res.ok) throw new Error(`upload to the printer failed: HTTP ${res.status}`);
      await this.rpc('printer.print.start', { filename: file.name });
    } catch (e) {
      this.job = undefined;
      throw e;
    }
  }

  /** For the JobController contract: the lines, joined, are the file. */
  startJob(lines: string[]): void {
    throw new Error(`moonraker printers take a file (startFile), not ${lines.length} lines`);
  }

  async pauseJob(): Promise<void> {
    const job = this.job;
    if (!job) return;
    job.expecting = 'pause';
    await this.rpc('printer.print.pause');
  }

  async resumeJob(): Promise<void> {
    const job = this.job;
    if (!job) return;
    job.expecting = 'resume';
    await this.rpc('printer.print.resume');
  }

  /** Cancels on the printer; the job ends when print_stats says `cancelled`. */
  async cancelJob(): Promise<void> {
    if (!this.job) return;
    await this.rpc('printer.print.cancel');
  }

  /** Where the printer stood: its byte position in the file, as a line of the uploaded text. */
  private position(): JobPosition | undefined {
    const job = this.job;
    if (!job) return undefined;
    const pos = Number(this.status.print_stats?.filename === job.filename ? this.status.virtual_sdcard?.file_position : 0) || 0;
    const upto = job.data.subarray(0, Math.min(pos, job.data.length));
    let line = 0;
    for (const b of upto) if (b === 10) line++;
    const p = Number(this.status.virtual_sdcard?.progress) || 0;
    return { done: Math.round(p * 1000), total: 1000, lastAckedLine: line };
  }

  private failJob(reason: string) {
    if (!this.job) return;
    const at = this.job.phase === 'starting' ? undefined : this.position();
    this.job = undefined;
    this.emit('job-failed', reason, at);
  }
}
