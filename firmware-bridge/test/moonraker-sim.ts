import { createHash } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, WebSocket } from 'ws';

/**
 * An in-process Moonraker as its documentation describes it (external_api/printer.md, server.md,
 * file_manager.md, jsonrpc_notifications.md), in front of a simulated Klipper: JSON-RPC 2.0 on
 * `/websocket`, `POST /server/files/upload` (multipart), and `notify_*` notifications as the print
 * goes. The test drives the printer: `advance()`, `pauseAtPrinter()`, `shutdown()`, `dropClients()`.
 */
type Status = Record<string, Record<string, unknown>>;

interface Client {
  ws: WebSocket;
  authorized: boolean;
  /** printer.objects.subscribe: object → fields (null: all). */
  subscription: Record<string, string[] | null>;
}

export interface SimOptions {
  /** When set, HTTP requests need `X-Api-Key` and websockets the key (header, or identify's `api_key`). */
  apiKey?: string;
}

export class MoonrakerSim {
  readonly files = new Map<string, Buffer>();
  /** Every JSON-RPC method called, in order (the test reads what the bridge asked). */
  readonly calls: string[] = [];
  readonly uploads: Array<{ filename: string; root: string; checksum?: string; size: number }> = [];
  private http: Server;
  private wss: WebSocketServer;
  private clients = new Set<Client>();
  private accepting = true;
  private nextConnection = 1;
  klippyState: 'ready' | 'startup' | 'shutdown' | 'error' | 'disconnected' = 'ready';
  status: Status = MoonrakerSim.idleStatus();
  url = '';

  static idleStatus(): Status {
    return {
      webhooks: { state: 'ready', state_message: 'Printer is ready' },
      print_stats: { filename: '', state: 'standby', message: '', total_duration: 0, print_duration: 0, filament_used: 0 },
      virtual_sdcard: { file_path: null, progress: 0, is_active: false, file_position: 0, file_size: 0 },
      extruder: { temperature: 24.8, target: 0, power: 0 },
      heater_bed: { temperature: 23.1, target: 0, power: 0 },
      pause_resume: { is_paused: false },
    };
  }

  constructor(private readonly opts: SimOptions = {}) {
    this.http = createServer((req, res) => void this.onHttp(req, res));
    this.wss = new WebSocketServer({ noServer: true });
    this.http.on('upgrade', (req, socket, head) => {
      if (!this.accepting || req.url?.split('?')[0] !== '/websocket') {
        socket.write('HTTP/1.1 503 Service Unavailable\r\n\r\n');
        socket.destroy();
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, req));
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((r) => this.http.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
    return this.url;
  }

  async close() {
    for (const c of this.clients) c.ws.terminate();
    this.wss.close();
    this.http.closeAllConnections();
    await new Promise<void>((r) => this.http.close(() => r()));
  }

  connections() {
    return this.clients.size;
  }

  // ---- HTTP ---------------------------------------------------------------------------------

  private keyOk(req: IncomingMessage) {
    return !this.opts.apiKey || req.headers['x-api-key'] === this.opts.apiKey;
  }

  private async onHttp(req: IncomingMessage, res: ServerResponse) {
    const send = (code: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(code, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (!this.keyOk(req)) return send(401, { error: { code: 401, message: 'Unauthorized' } });
    const path = req.url?.split('?')[0];
    if (req.method === 'GET' && path === '/server/info') return send(200, { result: this.serverInfo() });
    if (req.method !== 'POST' || path !== '/server/files/upload') return send(404, { error: { code: 404, message: 'Not Found' } });
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let form: FormData;
    try {
      form = await new Response(Buffer.concat(chunks), { headers: { 'content-type': String(req.headers['content-type']) } }).formData();
    } catch {
      return send(400, { error: { code: 400, message: 'Bad multipart/form-data' } });
    }
    const file = form.get('file');
    const root = String(form.get('root') ?? 'gcodes');
    if (!(file instanceof Blob) || !('name' in file)) return send(400, { error: { code: 400, message: 'No file Uploaded' } });
    if (root !== 'gcodes' && root !== 'config') return send(400, { error: { code: 400, message: `Invalid root request: ${root}` } });
    const data = Buffer.from(await file.arrayBuffer());
    const name = String((file as File).name);
    const checksum = form.get('checksum');
    if (typeof checksum === 'string' && createHash('sha256').update(data).digest('hex') !== checksum.toLowerCase())
      return send(422, { error: { code: 422, message: 'File checksum mismatch' } });
    this.uploads.push({ filename: name, root, checksum: typeof checksum === 'string' ? checksum : undefined, size: data.length });
    this.files.set(name, data);
    const item = { path: name, root, modified: Date.now() / 1000, size: data.length, permissions: 'rw' };
    this.broadcast('notify_filelist_changed', [{ item, action: 'create_file' }]);
    send(201, { result: { item, print_started: false, print_queued: false, action: 'create_file' } }, { location: `${this.url}/server/files/${root}/${name}` });
  }

  // ---- websocket ----------------------------------------------------------------------------

  private onConnection(ws: WebSocket, req: IncomingMessage) {
    const c: Client = { ws, authorized: this.keyOk(req), subscription: {} };
    this.clients.add(c);
    ws.on('close', () => this.clients.delete(c));
    ws.on('message', (raw) => {
      let msg: any;
      try {
        msg = JSON.parse(raw.toString());
      } catch {
        return ws.send(JSON.stringify({ jsonrpc: '2.0', error: { code: -32700, message: 'Parse error' }, id: null }));
      }
      const reply = (result: unknown) => ws.send(JSON.stringify({ jsonrpc: '2.0', result, id: msg.id }));
      const fail = (code: number, message: string) => ws.send(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: msg.id }));
      this.calls.push(msg.method);
      try {
        const r = this.handle(c, msg.method, msg.params ?? {});
        reply(r);
      } catch (e) {
        const err = e as Error & { code?: number };
        fail(err.code ?? 400, err.message);
      }
    });
  }

  private handle(c: Client, method: string, params: Record<string, any>): unknown {
    if (method === 'server.connection.identify') {
      if (this.opts.apiKey && params.api_key === this.opts.apiKey) c.authorized = true;
      if (!c.authorized) throw Object.assign(new Error('Unauthorized'), { code: 401 });
      return { connection_id: this.nextConnection++ };
    }
    if (!c.authorized) throw Object.assign(new Error('Unauthorized'), { code: 401 });
    if (method === 'server.info') return this.serverInfo();
    // Klippy shut down still answers queries (frontends show its message that way).
    const query = method === 'printer.info' || (method === 'printer.objects.query' && this.klippyState === 'shutdown');
    if (method.startsWith('printer.') && this.klippyState !== 'ready' && !query)
      throw Object.assign(new Error(this.klippyState === 'disconnected' ? 'Klippy Disconnected' : `Klippy ${this.klippyState}`), { code: 503 });
    switch (method) {
      case 'printer.info':
        if (this.klippyState === 'disconnected') throw Object.assign(new Error('Klippy Disconnected'), { code: 503 });
        return {
          state: this.klippyState,
          state_message: String(this.status.webhooks.state_message),
          hostname: 'sim-printer',
          software_version: 'v0.12.0-sim',
          cpu_info: 'simulated',
        };
      case 'printer.objects.list':
        return { objects: Object.keys(this.status) };
      case 'printer.objects.query':
        return { eventtime: this.eventtime(), status: this.pick(params.objects ?? {}) };
      case 'printer.objects.subscribe':
        c.subscription = params.objects ?? {};
        return { eventtime: this.eventtime(), status: this.pick(c.subscription) };
      case 'printer.print.start': {
        const filename = String(params.filename ?? '');
        if (!this.files.has(filename)) throw new Error(`File not found: ${filename}`);
        const state = this.status.print_stats.state;
        if (state === 'printing' || state === 'paused') throw new Error('Print already in progress');
        this.update({
          print_stats: { filename, state: 'printing', message: '' },
          virtual_sdcard: { file_path: `/gcodes/${filename}`, progress: 0, is_active: true, file_position: 0, file_size: this.files.get(filename)!.length },
          extruder: { target: 210 },
          heater_bed: { target: 60 },
        });
        return 'ok';
      }
      case 'printer.print.pause':
        if (this.status.print_stats.state !== 'printing') throw new Error('Print is not in progress');
        this.pauseAtPrinter();
        return 'ok';
      case 'printer.print.resume':
        if (this.status.print_stats.state !== 'paused') throw new Error('Print is not paused, resume aborted');
        this.resumeAtPrinter();
        return 'ok';
      case 'printer.print.cancel':
        if (!['printing', 'paused'].includes(String(this.status.print_stats.state))) throw new Error('No print in progress');
        this.update({
          print_stats: { state: 'cancelled' },
          virtual_sdcard: { is_active: false },
          pause_resume: { is_paused: false },
          extruder: { target: 0 },
          heater_bed: { target: 0 },
        });
        return 'ok';
      default:
        throw Object.assign(new Error('Method not found'), { code: -32601 });
    }
  }

  private serverInfo() {
    return {
      klippy_connected: this.klippyState !== 'disconnected',
      klippy_state: this.klippyState,
      components: ['file_manager', 'klippy_apis', 'data_store', 'job_state'],
      failed_components: [],
      registered_directories: ['config', 'logs', 'gcodes'],
      warnings: [],
      websocket_count: this.clients.size,
      moonraker_version: 'v0.9.3-sim',
      api_version: [1, 5, 0],
      api_version_string: '1.5.0',
    };
  }

  private eventtime() {
    return process.uptime();
  }

  private pick(objects: Record<string, string[] | null>): Status {
    const out: Status = {};
    for (const [obj, fields] of Object.entries(objects)) {
      const s = this.status[obj];
      if (!s) continue; // an unknown object is left out, no error (as documented)
      out[obj] = fields ? Object.fromEntries(fields.filter((f) => f in s).map((f) => [f, s[f]])) : { ...s };
    }
    return out;
  }

  private broadcast(method: string, params?: unknown[]) {
    const text = JSON.stringify({ jsonrpc: '2.0', method, ...(params ? { params } : {}) });
    for (const c of this.clients) if (c.authorized) c.ws.send(text);
  }

  /** Changes the printer's status and sends each subscriber what changed of what it subscribed to. */
  update(delta: Status) {
    for (const [obj, fields] of Object.entries(delta)) this.status[obj] = { ...(this.status[obj] ?? {}), ...fields };
    if (this.klippyState !== 'ready') return;
    for (const c of this.clients) {
      const changed: Status = {};
      for (const [obj, fields] of Object.entries(delta)) {
        if (!(obj in c.subscription)) continue;
        const want = c.subscription[obj];
        const f = want ? Object.fromEntries(Object.entries(fields).filter(([k]) => want.includes(k))) : fields;
        if (Object.keys(f).length) changed[obj] = f;
      }
      if (Object.keys(changed).length) c.ws.send(JSON.stringify({ jsonrpc: '2.0', method: 'notify_status_update', params: [changed, this.eventtime()] }));
    }
  }

  // ---- the printer, driven by the test ------------------------------------------------------

  /** The print goes on by `fraction` of the file (temperatures reached); at 1 it is complete. */
  advance(fraction: number) {
    const size = Number(this.status.virtual_sdcard.file_size) || 0;
    const progress = Math.min(1, Number(this.status.virtual_sdcard.progress) + fraction);
    const delta: Status = {
      virtual_sdcard: { progress, file_position: Math.round(progress * size) },
      extruder: { temperature: 209.6 },
      heater_bed: { temperature: 59.8 },
    };
    if (progress >= 1)
      Object.assign(delta, {
        print_stats: { state: 'complete' },
        virtual_sdcard: { progress: 1, file_position: size, is_active: false },
        extruder: { temperature: 209.6, target: 0 },
        heater_bed: { temperature: 59.8, target: 0 },
      });
    this.update(delta);
  }

  /** PAUSE from the printer's screen (or a filament runout). */
  pauseAtPrinter() {
    this.update({ print_stats: { state: 'paused' }, pause_resume: { is_paused: true } });
  }

  resumeAtPrinter() {
    this.update({ print_stats: { state: 'printing' }, pause_resume: { is_paused: false } });
  }

  /** Klipper shuts down (a heater fault, an MCU lost): `notify_klippy_shutdown`, the print stops. */
  shutdown(message: string, order: 'notify-first' | 'status-first' = 'notify-first') {
    const stop = { print_stats: { state: 'error', message }, virtual_sdcard: { is_active: false } };
    if (order === 'status-first') this.update(stop);
    this.klippyState = 'shutdown';
    this.status.webhooks = { state: 'shutdown', state_message: message };
    this.broadcast('notify_klippy_shutdown');
    if (order === 'notify-first') this.update(stop);
  }

  /** FIRMWARE_RESTART: Klippy leaves, comes back ready with nothing loaded. */
  firmwareRestart() {
    this.klippyState = 'disconnected';
    this.broadcast('notify_klippy_disconnected');
    this.status = MoonrakerSim.idleStatus();
    this.klippyState = 'ready';
    for (const c of this.clients) c.subscription = {};
    this.broadcast('notify_klippy_ready');
  }

  /** The network goes: every websocket is cut, and new ones are refused until `acceptClients()`. */
  dropClients() {
    this.accepting = false;
    for (const c of this.clients) c.ws.terminate();
  }

  acceptClients() {
    this.accepting = true;
  }
}
