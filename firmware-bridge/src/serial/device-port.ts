import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { openSerial } from './open';
import type { Wire } from './wire';
import { createLogger } from '../util/log';

/** What every driver offers to the port that carries it. */
export interface Driver extends EventEmitter {
  readonly kind: string;
  /** Called once the port is open; the driver may start its handshake. */
  attach(write: (data: Buffer | string) => void): void;
  /** Bytes from the device. Must never throw, whatever the bytes. */
  feed(chunk: Buffer): void;
  /** The port went away; `why` says how (a running job fails with it). */
  detach(why?: string): void;
  /** The firmware's greeting / version once it answered, for `--check`. */
  identity(): string | undefined;
}

export interface DevicePortOptions {
  path: string;
  baudRate: number;
  binding?: any;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

/**
 * Keeps one serial device open: reopens with exponential back-off when the port disappears
 * (USB unplugged) and reports `online` / `offline` (SERIAL-PROTOCOL, "Behaviour every driver
 * shares"). A failing open never throws out of here.
 */
export class DevicePort extends EventEmitter {
  private wire?: Wire;
  private stopped = false;
  private backoff: number;
  private timer?: NodeJS.Timeout;
  private watch?: NodeJS.Timeout;
  private log;
  online = false;

  constructor(
    private readonly driver: Driver,
    private readonly opts: DevicePortOptions,
  ) {
    super();
    this.backoff = opts.minBackoffMs ?? 500;
    this.log = createLogger(`port:${opts.path}`);
  }

  start(): void {
    this.stopped = false;
    void this.tryOpen();
  }

  private async tryOpen(): Promise<void> {
    if (this.stopped) return;
    try {
      const { wire, port } = await openSerial(this.opts);
      if (this.stopped) {
        await wire.close();
        return;
      }
      this.wire = wire;
      this.backoff = this.opts.minBackoffMs ?? 500;
      this.online = true;
      port.on('close', () => this.onLost('closed'));
      // Not every disappearance gives a read error (a pty whose other end went away gives
      // none): a device node that no longer exists means the device is gone.
      if (!this.opts.binding) {
        clearInterval(this.watch);
        this.watch = setInterval(() => {
          if (!existsSync(this.opts.path)) {
            clearInterval(this.watch);
            void wire.close();
            this.onLost('device node gone');
          }
        }, 1000);
      }
      port.on('error', (e) => this.log.warn('port error', e));
      wire.onData((chunk) => {
        try {
          this.driver.feed(chunk);
        } catch (e) {
          // Garbage must never crash the bridge (issue: "Garbage on a serial line never crashes").
          this.log.warn('driver rejected bytes', e);
        }
      });
      this.driver.attach((d) => wire.write(d));
      this.emit('online');
    } catch (e) {
      this.log.debug('open failed', e);
      this.scheduleReopen();
    }
  }

  private onLost(why: string): void {
    clearInterval(this.watch);
    if (!this.online) return;
    this.online = false;
    this.wire = undefined;
    this.driver.detach(`USB link lost (${why}) on ${this.opts.path}`);
    this.log.warn(`device lost (${why})`);
    this.emit('offline');
    this.scheduleReopen();
  }

  private scheduleReopen(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    const delay = this.backoff;
    this.backoff = Math.min(this.backoff * 2, this.opts.maxBackoffMs ?? 30000);
    this.timer = setTimeout(() => void this.tryOpen(), delay);
  }

  /** `why`: what a job still running on this device fails with. */
  async stop(why = 'bridge stopped'): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.watch);
    const w = this.wire;
    this.wire = undefined;
    if (w) {
      this.online = false;
      this.driver.detach(why);
      await w.close();
    }
  }
}
