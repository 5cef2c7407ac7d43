import { ChildProcess, execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import type { TestApp } from '../e2e/harness';
import { freePort } from './mosquitto';

const ROOT = path.join(__dirname, '../..');
/** The server's TypeScript run as is (bench/register.js compiles it with swc), as `node dist/src/main.js` would. */
const NODE_TS = ['-r', path.join(ROOT, 'bench/register.js')];

/** One app instance in its own process, as a compose replica. */
export interface Instance {
  name: string;
  /** Enough of a TestApp for the API factories (they only use `http`). */
  api: TestApp;
  log: () => string;
  /** From spawn to answering /health. */
  startedInMs: number;
  /** SIGKILL: the instance dies without closing anything (no DISCONNECT, nothing flushed). */
  kill: () => Promise<void>;
  stop: () => Promise<void>;
}

/** `node src/cli/migrate.ts`: what the compose file's `migrate` service runs before the replicas. */
export async function migrate(env: Record<string, string>): Promise<void> {
  await promisify(execFile)(process.execPath, [...NODE_TS, path.join(ROOT, 'src/cli/migrate.ts')], { env: { ...process.env, ...env }, cwd: ROOT });
}

export async function startInstance(name: string, env: Record<string, string>, timeoutMs = 90_000): Promise<Instance> {
  const port = await freePort();
  const spawnedAt = Date.now();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `fablab-${name}-`));
  const proc: ChildProcess = spawn(process.execPath, [...NODE_TS, path.join(ROOT, 'src/main.ts')], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir },
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout!.on('data', (d) => (output += d));
  proc.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`${name} exited at start:\n${output}`);
    const ok = await request(url)
      .get('/health')
      .then(
        (r) => r.status === 200,
        () => false,
      );
    if (ok) break;
    if (Date.now() > end) throw new Error(`${name} not ready in ${timeoutMs} ms:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const api = { url, mqttUrl: env.MQTT_URL, http: () => request(url) } as unknown as TestApp;
  const stopWith = async (signal: NodeJS.Signals) => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    await exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  return { name, api, log: () => output, startedInMs: Date.now() - spawnedAt, kill: () => stopWith('SIGKILL'), stop: () => stopWith('SIGTERM') };
}
