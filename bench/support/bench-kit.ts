/** Pieces the benches share: a throw-away PostgreSQL database, a bridge's MQTT client, percentiles. */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { MqttClient } from 'mqtt';
import { Client } from 'pg';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const uid = () => randomBytes(7).toString('hex').toUpperCase();
export const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);
export const f2 = (n: number) => n.toFixed(2);

/** A fresh database next to DATABASE_URL's; `drop` works even before it is fully created. */
export function benchPostgres(url: string) {
  const name = `fablab_bench_${randomBytes(5).toString('hex')}`;
  const adminUrl = new URL(url);
  adminUrl.pathname = '/postgres';
  const run = async (sql: string) => {
    const c = new Client({ connectionString: adminUrl.toString() });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    name,
    url: u.toString(),
    create: () => run(`CREATE DATABASE ${name}`),
    drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** One simulated bridge client: resolves waiters on `access` (by requestId) and `cmd` (by commandId). */
export class BenchBridge {
  private readonly waiting = new Map<string, (at: number, body: any) => void>();
  constructor(readonly client: MqttClient) {
    client.on('message', (_topic, buf) => {
      const at = performance.now();
      const body = JSON.parse(buf.toString());
      const key = body.requestId ?? body.commandId;
      const w = key && this.waiting.get(key);
      if (w) {
        this.waiting.delete(key);
        w(at, body);
      }
    });
  }
  wait(key: string, timeoutMs = 30_000): Promise<{ at: number; body: any }> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => (this.waiting.delete(key), reject(new Error(`no answer for ${key}`))), timeoutMs);
      this.waiting.set(key, (at, body) => (clearTimeout(t), resolve({ at, body })));
    });
  }
}

/**
 * The app's configuration for a bench: production mode, a throw-away DATA_DIR, free HTTP and
 * embedded-broker ports, its own Redis prefix. Call it after DATABASE_URL points at the bench's
 * database (column types follow it when the entities load).
 */
export function benchConfig(dataDir: string, admin: { email: string; password: string }, extra: Record<string, string> = {}) {
  const { AppConfig } = require('../../src/config/app-config') as typeof import('../../src/config/app-config');
  return AppConfig.fromEnv({
    ...process.env,
    NODE_ENV: 'production',
    DATA_DIR: dataDir,
    PORT: '0',
    MQTT_PORT: '0',
    MQTT_HOST: '127.0.0.1',
    MQTT_URL: undefined,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    QUEUE_PREFIX: `bench${randomBytes(4).toString('hex')}`,
    ...extra,
  });
}

/** One app process started by a bench, as a compose replica runs it (`node src/main.ts`). */
export interface BenchInstance {
  name: string;
  url: string;
  log: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts `src/main.ts` in its own process (compiled by bench/register.js), so that the load the
 * bench generates does not share the app's event loop. BENCH_CPU_PROF=1: the instance writes a
 * V8 CPU profile (`.cpuprofile`) into `profileDir` when it stops.
 */
export async function startBenchInstance(name: string, env: Record<string, string | undefined>, profileDir?: string): Promise<BenchInstance> {
  const { spawn } = require('node:child_process') as typeof import('node:child_process');
  const path = require('node:path') as typeof import('node:path');
  const net = require('node:net') as typeof import('node:net');
  const root = path.join(__dirname, '../..');
  const port = await new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as import('node:net').AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  const prof = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}.cpuprofile`] : [];
  const proc = spawn(process.execPath, [...prof, '-r', path.join(root, 'bench/register.js'), path.join(root, 'src/main.ts')], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout!.on('data', (d) => (output += d));
  proc.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const end = Date.now() + 180_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`${name} exited at start:\n${output}`);
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > end) throw new Error(`${name} not ready in 180 s:\n${output}`);
    await sleep(250);
  }
  return {
    name,
    url,
    log: () => output,
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      const killer = setTimeout(() => proc.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** Counters and gauges of an instance's /metrics, by their full name with labels as printed. */
export async function scrapeMetrics(url: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}
