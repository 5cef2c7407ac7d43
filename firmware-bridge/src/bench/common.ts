import { createPtyPair, PtyPair } from '../serial/pty';
import { openSerial } from '../serial/open';
import type { Wire } from '../serial/wire';
import { LineSplitter } from '../serial/line-splitter';
import { spawn, ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/**
 * The device simulator in its own process (as a real device is), on a socat pty pair; gives
 * the host end opened and a way to ask the simulator for its counters.
 */
export async function simProcess(
  kind: 'grbl' | 'marlin',
  args: string[],
): Promise<{
  host: Wire;
  stats(): Promise<{ dropped: number; resendsAsked: number }>;
  close(): Promise<void>;
}> {
  const child: ChildProcess = spawn(process.execPath, [join(__dirname, '..', 'sim.js'), kind, '--pty', ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  let waiter: (() => void) | undefined;
  let buf = '';
  child.stdout!.on('data', (d) => {
    buf += d.toString();
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      lines.push(buf.slice(0, i));
      buf = buf.slice(i + 1);
      waiter?.();
    }
  });
  const next = () =>
    new Promise<string>((resolve) => {
      const take = () => {
        if (lines.length) {
          waiter = undefined;
          resolve(lines.shift()!);
        } else waiter = take;
      };
      take();
    });
  const path = await next();
  const host = (await openSerial({ path, baudRate: 115200 })).wire;
  return {
    host,
    stats: async () => {
      child.stdin!.write('stats\n');
      return JSON.parse(await next());
    },
    close: async () => {
      await host.close();
      await new Promise<void>((r) => {
        child.once('exit', () => r());
        child.stdin!.end('quit\n');
      });
    },
  };
}

export const LINK_BYTES_PER_SECOND = 11520; // 115200 baud, 8N1

export async function ptyLink(): Promise<{ pair: PtyPair; host: Wire; device: Wire }> {
  const pair = await createPtyPair();
  const host = (await openSerial({ path: pair.a, baudRate: 115200 })).wire;
  const device = (await openSerial({ path: pair.b, baudRate: 115200 })).wire;
  return { pair, host, device };
}

/** The naive streamer: one line, wait for its `ok`/`error`, next line. */
export function naiveStream(host: Wire, lines: string[], isReply: (l: string) => boolean): Promise<number> {
  return new Promise((resolve) => {
    let i = 0;
    const t0 = performance.now();
    const splitter = new LineSplitter((l) => {
      if (!isReply(l)) return;
      i++;
      if (i === lines.length) resolve((performance.now() - t0) / 1000);
      else host.write(lines[i] + '\n');
    });
    host.onData((c) => splitter.feed(c));
    host.write(lines[0] + '\n');
  });
}

export function fmt(n: number, d = 3) {
  return n.toFixed(d);
}

export function intEnv(name: string, dflt: number) {
  const v = process.env[name];
  return v && /^\d+$/.test(v) ? Number(v) : dflt;
}
