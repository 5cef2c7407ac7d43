/**
 * `debug`-style namespaced logger. Lines go to stderr so stdout stays free for
 * machine-readable output (the simulator CLI prints its pty path there).
 * FABLAB_LOG=silent hides everything, FABLAB_LOG=debug shows debug lines.
 */
export interface Logger {
  debug(msg: string, extra?: unknown): void;
  info(msg: string, extra?: unknown): void;
  warn(msg: string, extra?: unknown): void;
  error(msg: string, extra?: unknown): void;
}

const level = () => process.env.FABLAB_LOG ?? 'info';

function write(ns: string, lvl: string, msg: string, extra?: unknown) {
  const l = level();
  if (l === 'silent') return;
  if (lvl === 'debug' && l !== 'debug') return;
  const tail = extra === undefined ? '' : ' ' + (extra instanceof Error ? extra.message : JSON.stringify(extra));
  process.stderr.write(`${new Date().toISOString()} ${lvl.toUpperCase()} fablab:${ns} ${msg}${tail}\n`);
}

export function createLogger(ns: string): Logger {
  return {
    debug: (m, e) => write(ns, 'debug', m, e),
    info: (m, e) => write(ns, 'info', m, e),
    warn: (m, e) => write(ns, 'warn', m, e),
    error: (m, e) => write(ns, 'error', m, e),
  };
}

/**
 * Says a repeated warning at growing intervals (1 s, 2 s, 4 s … up to 5 min) instead of each
 * time: one line per second while the server is down is too many for an admin to read.
 */
export class Throttle {
  private nextAt = 0;
  private interval: number;
  private held = 0;

  constructor(
    private readonly minMs = 1000,
    private readonly maxMs = 300_000,
  ) {
    this.interval = minMs;
  }

  /** `false` to stay silent now, else how many repeats were held back since the last line. */
  take(now = Date.now()): number | false {
    if (now < this.nextAt) {
      this.held++;
      return false;
    }
    const held = this.held;
    this.held = 0;
    this.nextAt = now + this.interval;
    this.interval = Math.min(this.interval * 2, this.maxMs);
    return held;
  }

  /** Things are fine again: the next trouble is said at once. Returns whether any was said. */
  reset(): boolean {
    const had = this.nextAt > 0;
    this.nextAt = 0;
    this.held = 0;
    this.interval = this.minMs;
    return had;
  }
}
