import { EventEmitter } from 'node:events';
import type { Driver } from '../serial/device-port';

export interface Rdm6300Options {
  /** The card counts as removed when no frame came for this long (the module repeats frames). */
  removalMs?: number;
}

/** Decodes one 14-byte frame; returns the 10-hex-char tag id (version + tag) or a reason. */
export function decodeRdm6300Frame(frame: Buffer): { uid: string } | { error: string } {
  if (frame.length !== 14 || frame[0] !== 0x02 || frame[13] !== 0x03) return { error: 'bad framing' };
  const ascii = frame.subarray(1, 13).toString('latin1');
  if (!/^[0-9A-Fa-f]{12}$/.test(ascii)) return { error: 'not hex' };
  const data = Buffer.from(ascii.slice(0, 10), 'hex');
  const cs = parseInt(ascii.slice(10, 12), 16);
  // checksum = XOR of the 5 data bytes
  const x = data.reduce((a, b) => a ^ b, 0);
  if (x !== cs) return { error: 'checksum' };
  return { uid: ascii.slice(0, 10).toUpperCase() };
}

export function encodeRdm6300Frame(uid10: string): Buffer {
  const data = Buffer.from(uid10, 'hex');
  const cs = data.reduce((a, b) => a ^ b, 0);
  const ascii = uid10.toUpperCase() + cs.toString(16).toUpperCase().padStart(2, '0');
  return Buffer.concat([Buffer.from([0x02]), Buffer.from(ascii, 'latin1'), Buffer.from([0x03])]);
}

/**
 * RDM6300 125 kHz reader (SERIAL-PROTOCOL, rdm6300 row): frames repeat while a card is there,
 * so one `badge` per presentation and `removed` when frames stop.
 */
export class Rdm6300Driver extends EventEmitter implements Driver {
  readonly kind = 'rdm6300';
  private buf = Buffer.alloc(0);
  private current?: string;
  private removalTimer?: NodeJS.Timeout;
  badFrames = 0;

  constructor(private readonly opts: Rdm6300Options = {}) {
    super();
  }

  identity() {
    // The module never talks unless a card is shown; an open port is all we can know.
    return 'RDM6300 (silent until a card is shown)';
  }

  attach(): void {
    this.buf = Buffer.alloc(0);
    this.emit('greeting', this.identity());
  }

  detach(): void {
    clearTimeout(this.removalTimer);
    if (this.current) this.cardGone();
  }

  feed(chunk: Buffer): void {
    this.buf = Buffer.concat([this.buf, chunk]);
    for (;;) {
      const start = this.buf.indexOf(0x02);
      if (start < 0) {
        this.buf = Buffer.alloc(0);
        return;
      }
      if (start > 0) this.buf = this.buf.subarray(start);
      if (this.buf.length < 14) return;
      const r = decodeRdm6300Frame(this.buf.subarray(0, 14));
      if ('error' in r) {
        this.badFrames++;
        this.buf = this.buf.subarray(1); // resynchronise on the next STX
        continue;
      }
      this.buf = this.buf.subarray(14);
      this.onTag(r.uid);
    }
  }

  private onTag(uid: string) {
    clearTimeout(this.removalTimer);
    this.removalTimer = setTimeout(() => this.cardGone(), this.opts.removalMs ?? 500);
    if (this.current === uid) return; // de-bounce the repeats
    if (this.current) this.emit('removed', this.current);
    this.current = uid;
    this.emit('badge', uid);
  }

  private cardGone() {
    const uid = this.current;
    this.current = undefined;
    if (uid) this.emit('removed', uid);
  }
}
