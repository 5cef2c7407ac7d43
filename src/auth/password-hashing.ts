import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';

/**
 * Passwords are hashed with argon2id (OWASP's minimum: 19 MiB, 2 passes, 1 lane) in worker threads,
 * never on the event loop that decides badges. On a 2-core box a busy thread still takes CPU from
 * the event loop, so the workers lower their own priority (Linux `nice` is per thread) and there are
 * only HASH_CONCURRENCY of them (default 1): under a flood of wrong passwords the logins queue up
 * and slow down, the badge decisions do not. argon2id comes from hash-wasm (WebAssembly: nothing to
 * compile, same PHC strings as the C library). Hashes from before (bcrypt, `$2a$`/`$2b$`) are still
 * verified, in the same workers, and replaced by argon2id at the next good login.
 */
export const ARGON2 = { memorySize: 19456, iterations: 2, parallelism: 1, hashLength: 32 } as const;
/** PASSWORD_HASH=fast-for-tests (NODE_ENV=test only, checked by the config): still argon2id, ~16× cheaper. */
const ARGON2_FOR_TESTS = { memorySize: 1024, iterations: 1, parallelism: 1, hashLength: 32 } as const;
let params: { memorySize: number; iterations: number; parallelism: number; hashLength: number } = ARGON2;

/** The argon2id parameters new hashes use (the config has refused the test profile outside tests). */
export function setHashProfile(profile: 'owasp' | 'fast-for-tests'): void {
  params = profile === 'fast-for-tests' ? ARGON2_FOR_TESTS : ARGON2;
}

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const os = require('node:os');
const { argon2id, argon2Verify } = require(workerData.hashWasm);
const bcrypt = require(workerData.bcryptjs);
if (process.platform === 'linux') { try { os.setPriority(0, 19); } catch {} }
parentPort.on('message', async ({ id, op, password, hash, salt, params }) => {
  try {
    let result;
    if (op === 'hash') result = await argon2id({ password, salt: Buffer.from(salt, 'base64'), ...params, outputType: 'encoded' });
    else if (op === 'verify') result = await argon2Verify({ password, hash });
    else result = bcrypt.compareSync(password, hash);
    parentPort.postMessage({ id, result });
  } catch (err) {
    parentPort.postMessage({ id, error: String(err && err.message || err) });
  }
});`;

interface Job {
  op: 'hash' | 'verify' | 'bcrypt';
  password: string;
  params?: typeof params;
  hash?: string;
  salt?: string;
}

/** A few long-lived workers; a job goes to the first free one, or waits its turn. */
class HashPool {
  private size = 1;
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: Array<{ job: Job; resolve: (v: unknown) => void; reject: (e: Error) => void }> = [];
  private seq = 0;

  resize(size: number): void {
    this.size = Math.max(1, size);
  }

  run<T>(job: Job): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ job, resolve: resolve as (v: unknown) => void, reject });
      this.next();
    });
  }

  private next(): void {
    if (this.queue.length === 0) return;
    const worker = this.idle.pop() ?? (this.all.length < this.size ? this.spawn() : undefined);
    if (!worker) return;
    const { job, resolve, reject } = this.queue.shift()!;
    const id = ++this.seq;
    const onMessage = (msg: { id: number; result?: unknown; error?: string }) => {
      if (msg.id !== id) return;
      worker.off('message', onMessage);
      this.idle.push(worker);
      if (msg.error !== undefined) reject(new Error(msg.error));
      else resolve(msg.result);
      this.next();
    };
    worker.on('message', onMessage);
    worker.postMessage({ id, ...job });
  }

  private spawn(): Worker {
    const worker = new Worker(WORKER, {
      eval: true,
      workerData: { hashWasm: require.resolve('hash-wasm'), bcryptjs: require.resolve('bcryptjs') },
    });
    worker.unref(); // an idle hasher must not keep a CLI or a test process alive
    worker.on('error', () => this.drop(worker));
    worker.on('exit', () => this.drop(worker));
    this.all.push(worker);
    return worker;
  }

  private drop(worker: Worker): void {
    for (const list of [this.all, this.idle]) {
      const i = list.indexOf(worker);
      if (i >= 0) list.splice(i, 1);
    }
  }
}

const pool = new HashPool();

/** How many hashes may run at once (HASH_CONCURRENCY; 1 keeps a core for the event loop on a small box). */
export function setHashConcurrency(n: number): void {
  pool.resize(n);
}

export const hashPassword = (password: string): Promise<string> => pool.run<string>({ op: 'hash', password, salt: randomBytes(16).toString('base64'), params });

const isBcrypt = (hash: string) => /^\$2[aby]\$/.test(hash);

/** Whether an argon2id string was made with today's parameters. */
function current(hash: string): boolean {
  const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(hash);
  return !!m && Number(m[1]) === params.memorySize && Number(m[2]) === params.iterations && Number(m[3]) === params.parallelism;
}

/** A hash of nothing anyone knows: unknown e-mails are checked against it so they cost the same time. */
const decoys = new Map<number, Promise<string>>();
/** One per strength in use, so an unknown e-mail always costs what a known one does. */
function decoyHash(): Promise<string> {
  let decoy = decoys.get(params.memorySize);
  if (!decoy) decoys.set(params.memorySize, (decoy = hashPassword(randomBytes(24).toString('base64'))));
  return decoy;
}

export interface PasswordCheck {
  ok: boolean;
  /** The stored hash is an old format or older parameters: hash the password again. */
  stale: boolean;
}

/** Checks a password against a stored hash; `null` (no such person, no password) costs a real check too. */
export async function checkPassword(hash: string | null, password: string): Promise<PasswordCheck> {
  if (hash && isBcrypt(hash)) return { ok: await pool.run<boolean>({ op: 'bcrypt', password, hash }), stale: true };
  const stored = hash ?? (await decoyHash());
  const ok = await pool.run<boolean>({ op: 'verify', password, hash: stored }).catch(() => false);
  return { ok: ok && hash !== null, stale: ok && !current(stored) };
}
