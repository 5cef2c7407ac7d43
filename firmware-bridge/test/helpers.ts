import { EventEmitter } from 'node:events';
import { createPtyPair, PtyPair } from '../src/serial/pty';
import { openSerial } from '../src/serial/open';
import { createMockLink } from '../src/serial/mock-link';
import type { Wire } from '../src/serial/wire';
import type { Driver } from '../src/serial/device-port';

process.env.FABLAB_LOG ??= 'silent';

export type Transport = 'pty' | 'mock';

export interface Link {
  host: Wire;
  device: Wire;
  close(): Promise<void>;
}

let mockN = 0;

/** A host/device byte pipe over a socat pty pair or over serialport's MockBinding. */
export async function makeLink(kind: Transport): Promise<Link> {
  if (kind === 'pty') {
    const pair: PtyPair = await createPtyPair();
    const host = (await openSerial({ path: pair.a, baudRate: 115200 })).wire;
    const device = (await openSerial({ path: pair.b, baudRate: 115200 })).wire;
    return {
      host,
      device,
      close: async () => {
        await host.close();
        await device.close();
        await pair.close();
      },
    };
  }
  const path = `/dev/mock${++mockN}`;
  const { binding, device } = createMockLink(path);
  const host = (await openSerial({ path, baudRate: 115200, binding })).wire;
  return { host, device, close: () => host.close() };
}

export function attach(driver: Driver, link: Link) {
  link.host.onData((c) => driver.feed(c));
  driver.attach((d) => link.host.write(d));
}

export function once<T = unknown>(em: EventEmitter, ev: string, timeoutMs = 20000): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timeout waiting for ${ev}`)), timeoutMs);
    em.once(ev, (v: T) => {
      clearTimeout(t);
      resolve(v);
    });
  });
}

export async function waitFor(pred: () => boolean, timeoutMs = 20000, what = 'condition') {
  const start = Date.now();
  while (!pred()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timeout waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
