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
