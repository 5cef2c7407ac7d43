import type { Wire } from '../serial/wire';

/**
 * A pty has no baud rate, so the simulated device paces what it accepts to the link's rate
 * (115200 baud 8N1 = 11,520 bytes/s) and delivers bytes in order, as a UART would.
 */
export class PacedReceiver {
  private queue: Buffer[] = [];
  private queued = 0;
  private timer?: NodeJS.Timeout;
  private credit = 0;
  private last = 0;
  constructor(
    private readonly bytesPerSecond: number,
    private readonly deliver: (byte: number) => boolean | void,
    private readonly tickMs = 2,
  ) {}

  push(chunk: Buffer) {
    this.queue.push(chunk);
    this.queued += chunk.length;
    if (!this.timer) {
      this.last = performance.now();
      this.credit = 0;
      this.timer = setInterval(() => this.tick(), this.tickMs);
    }
  }

  private tick() {
    const now = performance.now();
    this.credit += ((now - this.last) * this.bytesPerSecond) / 1000;
    this.last = now;
    while (this.credit >= 1 && this.queue.length) {
      const head = this.queue[0];
      let i = 0;
      while (i < head.length && this.credit >= 1) {
        // `false` means the receiver cannot take it now (e.g. not ready): keep it for later.
        if (this.deliver(head[i]) === false) {
          this.credit = 0;
          break;
        }
        i++;
        this.credit--;
      }
      if (i === head.length) this.queue.shift();
      else {
        this.queue[0] = head.subarray(i);
        if (this.credit < 1) break;
        break;
      }
    }
    this.queued = this.queue.reduce((s, b) => s + b.length, 0);
    if (this.queue.length === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  stop() {
    clearInterval(this.timer);
    this.timer = undefined;
    this.queue = [];
  }
}

/** Writes from the device back to the host, paced too (an `ok` costs 3 byte times). */
export function pacedWriter(wire: Wire, bytesPerSecond: number) {
  let busyUntil = 0;
  return (data: string | Buffer) => {
    const b = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    const now = performance.now();
    const start = Math.max(now, busyUntil);
    busyUntil = start + (b.length * 1000) / bytesPerSecond;
    const delay = busyUntil - now;
    if (delay < 1) wire.write(b);
    else setTimeout(() => wire.write(b), delay);
  };
}
