import { spawn, ChildProcess } from 'node:child_process';

export interface PtyPair {
  /** The end the driver (the bridge) opens. */
  a: string;
  /** The end the simulated device opens. */
  b: string;
  close(): Promise<void>;
  process: ChildProcess;
}

/**
 * Creates a linked pseudo-terminal pair with
 * `socat -d -d pty,raw,echo=0 pty,raw,echo=0` and reads both `/dev/pts/N` paths
 * from socat's stderr ("N PTY is /dev/pts/N").
 */
export function createPtyPair(timeoutMs = 10000, links?: { a: string; b: string }): Promise<PtyPair> {
  return new Promise((resolve, reject) => {
    // `links`: stable symlink names, as udev gives a USB adapter (/dev/serial/by-id/…).
    const end = (l?: string) => (l ? `pty,raw,echo=0,link=${l}` : 'pty,raw,echo=0');
    const child = spawn('socat', ['-d', '-d', end(links?.a), end(links?.b)], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    const paths: string[] = [];
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`socat did not report two ptys: ${stderr}`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      const found = [...stderr.matchAll(/PTY is (\/dev\/\S+)/g)].map((m) => m[1]);
      if (found.length >= 2 && paths.length === 0) {
        paths.push(links?.a ?? found[0], links?.b ?? found[1]);
        clearTimeout(timer);
        // "starting data transfer loop" means both ends are ready.
        const ready = () =>
          resolve({
            a: paths[0],
            b: paths[1],
            process: child,
            close: () =>
              new Promise<void>((r) => {
                if (child.exitCode !== null || child.signalCode) return r();
                child.once('exit', () => r());
                child.kill('SIGTERM');
              }),
          });
        if (/starting data transfer loop/.test(stderr)) ready();
        else {
          const onMore = () => {
            if (/starting data transfer loop/.test(stderr)) {
              child.stderr!.off('data', onMore);
              ready();
            }
          };
          child.stderr!.on('data', onMore);
        }
      }
    });
  });
}
