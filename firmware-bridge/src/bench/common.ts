import { createPtyPair, PtyPair } from '../serial/pty';
import { openSerial } from '../serial/open';
import type { Wire } from '../serial/wire';
import { LineSplitter } from '../serial/line-splitter';

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
