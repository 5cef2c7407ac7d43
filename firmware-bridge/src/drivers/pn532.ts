import { EventEmitter } from 'node:events';
import type { Driver } from '../serial/device-port';
import { encodePn532Frame, HOST_TO_PN532, PN532_TO_HOST, Pn532Decoder, Pn532Frame } from './pn532-frame';
import { createLogger } from '../util/log';

export interface Pn532Options {
  pollMs?: number;
  responseTimeoutMs?: number;
  /** A card no longer listed for this long counts as removed. */
  removalMs?: number;
}

const CMD = { GetFirmwareVersion: 0x02, SAMConfiguration: 0x14, RFConfiguration: 0x32, InListPassiveTarget: 0x4a };

/**
 * PN532 over HSU (SERIAL-PROTOCOL, pn532 row): wake-up, SAMConfiguration, then polls
 * InListPassiveTarget for ISO 14443A cards and reports their 4, 7 or 10-byte UIDs.
 */
export class Pn532Driver extends EventEmitter implements Driver {
  readonly kind = 'pn532';
  private write?: (d: Buffer | string) => void;
  private decoder = new Pn532Decoder((f) => this.onFrame(f));
  private pending?: { code: number; resolve: (p: Buffer) => void; reject: (e: Error) => void; timer: NodeJS.Timeout };
  private ident?: string;
  private current?: string;
  private lastSeen = 0;
  private pollTimer?: NodeJS.Timeout;
  private running = false;
  private log = createLogger('pn532');

  constructor(private readonly opts: Pn532Options = {}) {
    super();
  }

  identity() {
    return this.ident;
  }

  attach(write: (d: Buffer | string) => void) {
    this.write = write;
    this.running = true;
    void this.loop();
  }

  detach() {
    this.running = false;
    this.write = undefined;
    clearTimeout(this.pollTimer);
    if (this.pending) {
      clearTimeout(this.pending.timer);
      this.pending.reject(new Error('detached'));
      this.pending = undefined;
    }
    if (this.current) {
      const uid = this.current;
      this.current = undefined;
      this.emit('removed', uid);
    }
  }

  feed(chunk: Buffer) {
    this.decoder.feed(chunk);
  }

  private onFrame(f: Pn532Frame) {
    if (f.kind !== 'data' || f.tfi !== PN532_TO_HOST || !this.pending) return;
    if (f.payload[0] !== this.pending.code + 1) return;
    const p = this.pending;
    this.pending = undefined;
    clearTimeout(p.timer);
    p.resolve(f.payload.subarray(1));
  }

  private command(code: number, params: number[], wake = false): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      if (!this.write) return reject(new Error('not attached'));
      const frame = encodePn532Frame(HOST_TO_PN532, [code, ...params]);
      // HSU wake-up: a long preamble of 0x55 then zeros before the first command.
      const pre = wake ? Buffer.from([0x55, 0x55, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]) : Buffer.alloc(0);
      const timer = setTimeout(() => {
        this.pending = undefined;
        reject(new Error(`no answer to 0x${code.toString(16)}`));
      }, this.opts.responseTimeoutMs ?? 1000);
      this.pending = { code, resolve, reject, timer };
      this.write(Buffer.concat([pre, frame]));
    });
  }

  private async setup() {
    await this.command(CMD.SAMConfiguration, [0x01, 0x14, 0x01], true); // normal mode, 1 s timeout, use IRQ
    const fw = await this.command(CMD.GetFirmwareVersion, []);
    this.ident = `PN5${fw[0].toString(16)} firmware ${fw[1]}.${fw[2]}`;
    // Finite passive-activation retries so that InListPassiveTarget answers "no card".
    await this.command(CMD.RFConfiguration, [0x05, 0xff, 0x01, 0x02]);
    this.emit('greeting', this.ident);
  }

  private async loop() {
    while (this.running) {
      try {
        if (!this.ident) await this.setup();
        const r = await this.command(CMD.InListPassiveTarget, [0x01, 0x00]); // 1 target, 106 kbps type A
        this.onList(r);
      } catch (e) {
        this.log.debug('pn532', e);
        this.ident = undefined; // start over with a wake-up
      }
      await new Promise((res) => (this.pollTimer = setTimeout(res, this.opts.pollMs ?? 150)));
    }
  }

  /** `NbTg [Tg SENS_RES(2) SEL_RES NFCIDLength NFCID…]` */
  private onList(r: Buffer) {
    const now = Date.now();
    let uid: string | undefined;
    if (r[0] >= 1 && r.length >= 6) {
      const len = r[5];
      if ([4, 7, 10].includes(len) && r.length >= 6 + len)
        uid = r
          .subarray(6, 6 + len)
          .toString('hex')
          .toUpperCase();
    }
    if (uid) {
      this.lastSeen = now;
      if (uid !== this.current) {
        if (this.current) this.emit('removed', this.current);
        this.current = uid;
        this.emit('badge', uid);
      }
    } else if (this.current && now - this.lastSeen >= (this.opts.removalMs ?? 500)) {
      const old = this.current;
      this.current = undefined;
      this.emit('removed', old);
    }
  }
}
