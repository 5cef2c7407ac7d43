import * as argon2 from 'argon2';
import { Worker } from 'node:worker_threads';

/**
 * Passwords are hashed with argon2id (OWASP's minimum: 19 MiB, 2 passes, 1 lane) by the native
 * `argon2` binding, which works on libuv's thread pool: the event loop that decides badges never
 * computes a hash. On a 2-core box a thread still competes for CPU, so at most HASH_CONCURRENCY
 * hashes run at once (the others wait their turn): the event loop keeps a core under a flood.
 * Hashes from before (bcrypt, `$2a$`/`$2b$`) are still verified, in a worker thread, and replaced
 * by argon2id at the next good login.
 */
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

let concurrency = 1;
let running = 0;
const waiting: Array<() => void> = [];

/** How many hashes may run at once (HASH_CONCURRENCY; 1 keeps a core for the event loop on a small box). */
export function setHashConcurrency(n: number): void {
  concurrency = Math.max(1, n);
}

async function inTurn<T>(work: () => Promise<T>): Promise<T> {
  if (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

export const hashPassword = (password: string): Promise<string> => inTurn(() => argon2.hash(password, ARGON2_OPTIONS));

const isBcrypt = (hash: string) => /^\$2[aby]\$/.test(hash);

/** A hash of nothing anyone knows: unknown e-mails are checked against it so they cost the same time. */
let decoy: Promise<string> | undefined;
const decoyHash = () => (decoy ??= argon2.hash(`decoy-${Math.random()}`, ARGON2_OPTIONS));

export interface PasswordCheck {
  ok: boolean;
  /** The stored hash is an old format or older parameters: hash the password again. */
  stale: boolean;
}

/** Checks a password against a stored hash; `null` (no such person, no password) costs a real check too. */
export async function checkPassword(hash: string | null, password: string): Promise<PasswordCheck> {
  if (hash && isBcrypt(hash)) return { ok: await inTurn(() => bcryptInWorker(hash, password)), stale: true };
  const stored = hash ?? (await decoyHash());
  const ok = await inTurn(() => argon2.verify(stored, password).catch(() => false));
  return { ok: ok && hash !== null, stale: ok && argon2.needsRehash(stored, ARGON2_OPTIONS) };
}

/** bcryptjs is plain JavaScript: it runs in a short-lived worker thread so it never holds the event loop. */
function bcryptInWorker(hash: string, password: string): Promise<boolean> {
  const code = `const { parentPort, workerData } = require('node:worker_threads');
parentPort.postMessage(require(workerData.bcryptjs).compareSync(workerData.password, workerData.hash));`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: { hash, password, bcryptjs: require.resolve('bcryptjs') } });
    worker.once('message', (ok: boolean) => resolve(ok === true));
    worker.once('error', reject);
  });
}
