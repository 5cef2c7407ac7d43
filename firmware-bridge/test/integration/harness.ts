import { spawn, ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AddressInfo, createServer as netServer } from 'node:net';
import mqtt, { MqttClient } from 'mqtt';
import YAML from 'yaml';
import { createPtyPair, PtyPair } from '../../src/serial/pty';
import { openSerial } from '../../src/serial/open';
import type { Wire } from '../../src/serial/wire';

export const ROOT = join(__dirname, '..', '..');

export function uniqueSite() {
  return `it-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = netServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

/**
 * A device simulator on the far end of a socat pty pair; `path` is what the bridge opens. With
 * `stablePath` the bridge's end is a symlink there (as udev's /dev/serial/by-id/…), so that the
 * device can be unplugged (`close`) and plugged back (another `simulatedPort` on the same path).
 */
export async function simulatedPort(stablePath?: string): Promise<{ path: string; device: Wire; close(): Promise<void> }> {
  const pair: PtyPair = await createPtyPair(10000, stablePath ? { a: stablePath, b: `${stablePath}.device` } : undefined);
  const device = (await openSerial({ path: pair.b, baudRate: 115200 })).wire;
  return {
    path: pair.a,
    device,
    close: async () => {
      await device.close();
      await pair.close();
    },
  };
}

/** A private Mosquitto the test can kill and restart (persistence keeps the server's session). */
export class PrivateBroker {
  proc?: ChildProcess;
  readonly dir = mkdtempSync(join(tmpdir(), 'mosq-'));
  constructor(readonly port: number) {
    writeFileSync(
      join(this.dir, 'mosquitto.conf'),
      `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence true\npersistence_location ${this.dir}/\nautosave_interval 1\n`,
    );
  }
  async start() {
    const bin = existsSync('/usr/sbin/mosquitto') ? '/usr/sbin/mosquitto' : 'mosquitto';
    this.proc = spawn(bin, ['-c', join(this.dir, 'mosquitto.conf')], { stdio: 'ignore' });
    // wait until it accepts connections
    const { connect } = await import('node:net');
    for (let i = 0; i < 100; i++) {
      const ok = await new Promise<boolean>((r) => {
        const s = connect(this.port, '127.0.0.1', () => {
          s.end();
          r(true);
        });
        s.on('error', () => r(false));
      });
      if (ok) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('mosquitto did not start');
  }
  async stop(signal: NodeJS.Signals = 'SIGTERM') {
    const p = this.proc;
    if (!p || p.exitCode !== null) return;
    await new Promise((r) => {
      p.once('exit', r);
      p.kill(signal);
    });
  }
}

export interface BridgeProcess {
  proc: ChildProcess;
  logs: string[];
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export function writeConfig(dir: string, cfg: unknown): string {
  const file = join(dir, 'bridge.yaml');
  writeFileSync(file, YAML.stringify(cfg));
  return file;
}

/** Spawns `node dist/cli.js --config <file>` as the Raspberry Pi would run it. */
export function spawnBridge(configFile: string): BridgeProcess {
  const proc = spawn(process.execPath, [join(ROOT, 'dist', 'cli.js'), '--config', configFile], {
    env: { ...process.env, FABLAB_LOG: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  proc.stdout!.on('data', (d) => logs.push(d.toString()));
  proc.stderr!.on('data', (d) => logs.push(d.toString()));
  return {
    proc,
    logs,
    kill: (signal = 'SIGTERM') =>
      new Promise<void>((r) => {
        if (proc.exitCode !== null || proc.signalCode) return r();
        proc.once('exit', () => r());
        proc.kill(signal);
      }),
  };
}

export interface Received {
  topic: string;
  payload: any;
  retain: boolean;
}

/** The test's stand-in for the NestJS server: listens to a site, answers, commands. */
export class FakeServer {
  client!: MqttClient;
  received: Received[] = [];
  /** Decide badges: return undefined to stay silent. */
  decide?: (machine: string, badge: { requestId: string; uid: string }) => 'granted' | 'denied' | undefined;
  leaseSeconds = 120;
  /** Acknowledges each event on `acks`, as the server does once it applied it. */
  ackEvents = true;
  constructor(
    readonly url: string,
    readonly site: string,
    readonly clientOpts: mqtt.IClientOptions = {},
  ) {}

  async connect() {
    this.client = mqtt.connect(this.url, { clientId: `server-${this.site}`, reconnectPeriod: 300, ...this.clientOpts });
    await new Promise<void>((resolve, reject) => {
      this.client.once('connect', () => resolve());
      this.client.once('error', reject);
    });
    await this.client.subscribeAsync(`fablab/v1/${this.site}/#`, { qos: 1 });
    this.client.on('message', (topic, buf, packet) => {
      let payload: any;
      try {
        payload = JSON.parse(buf.toString());
      } catch {
        payload = buf.toString();
      }
      this.received.push({ topic, payload, retain: packet.retain });
      if (this.ackEvents && topic.endsWith('/events') && payload?.eventId) {
        this.client.publish(topic.replace(/events$/, 'acks'), JSON.stringify({ eventId: payload.eventId, result: 'applied' }), { qos: 1 });
      }
      const m = /machines\/([^/]+)\/badge$/.exec(topic);
      if (m && this.decide) {
        const d = this.decide(m[1], payload);
        if (d) this.answer(m[1], payload.requestId, d);
      }
    });
  }

  answer(machine: string, requestId: string, decision: 'granted' | 'denied') {
    const root = `fablab/v1/${this.site}/machines/${machine}`;
    if (decision === 'granted') {
      const sessionId = randomUUID();
      this.client.publish(
        `${root}/access`,
        JSON.stringify({
          requestId,
          decision,
          sessionId,
          until: new Date(Date.now() + 3600_000).toISOString(),
          person: { displayName: 'Amina K.' },
          message: { fr: 'Bonjour Amina, la découpeuse est à vous.', en: 'Hello Amina, the laser cutter is yours.' },
        }),
        { qos: 1 },
      );
      this.cmd(machine, { type: 'unlock', sessionId, leaseSeconds: this.leaseSeconds });
    } else {
      this.client.publish(
        `${root}/access`,
        JSON.stringify({ requestId, decision, reason: 'training_missing', message: { fr: 'Formation « Découpe laser » requise.', en: 'Training required.' } }),
        { qos: 1 },
      );
    }
  }

  cmd(machine: string, fields: Record<string, unknown>) {
    const commandId = randomUUID();
    this.client.publish(`fablab/v1/${this.site}/machines/${machine}/cmd`, JSON.stringify({ commandId, ts: new Date().toISOString(), ...fields }), { qos: 1 });
    return commandId;
  }

  events(machine?: string): any[] {
    return this.received.filter((r) => /\/events$/.test(r.topic) && (!machine || r.topic.includes(`/machines/${machine}/`))).map((r) => r.payload);
  }

  async waitFor<T>(pick: () => T | undefined | false, what: string, timeoutMs = 60000): Promise<T> {
    const start = Date.now();
    for (;;) {
      const v = pick();
      if (v) return v;
      if (Date.now() - start > timeoutMs) throw new Error(`timeout waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  waitEvent(type: string, pred: (e: any) => boolean = () => true, timeoutMs = 60000) {
    return this.waitFor(() => this.events().find((e) => e.type === type && pred(e)), `event ${type}`, timeoutMs);
  }

  async close() {
    await this.client.endAsync(true);
  }
}

/** A tiny HTTP server handing out one job file to a bearer token. */
export async function jobFileServer(body: string, token: string): Promise<{ url: string; sha256: string; server: Server; hits: number[] }> {
  const hits: number[] = [];
  const server = createServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${token}`) {
      hits.push(401);
      res.writeHead(401).end();
      return;
    }
    hits.push(200);
    res.writeHead(200, { 'content-type': 'text/plain' }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, sha256: createHash('sha256').update(body).digest('hex'), server, hits };
}
