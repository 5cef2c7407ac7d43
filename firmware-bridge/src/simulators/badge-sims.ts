import type { Wire } from '../serial/wire';
import { encodeRdm6300Frame } from '../drivers/rdm6300';
import { encodePn532Frame, PN532_ACK, PN532_TO_HOST, Pn532Decoder } from '../drivers/pn532-frame';

/** RDM6300: repeats the frame of the card on the antenna every ~100 ms. */
export class Rdm6300Sim {
  private timer?: NodeJS.Timeout;
  constructor(
    private readonly wire: Wire,
    private readonly repeatMs = 100,
  ) {}
  /** `uid10`: 10 hex chars (version byte + 4-byte tag). */
  present(uid10: string) {
    this.remove();
    const frame = encodeRdm6300Frame(uid10);
    this.wire.write(frame);
    this.timer = setInterval(() => this.wire.write(frame), this.repeatMs);
  }
  remove() {
    clearInterval(this.timer);
    this.timer = undefined;
  }
  noise(bytes: Buffer) {
    this.wire.write(bytes);
  }
  stop() {
    this.remove();
  }
}

/** PN532 in HSU mode with one ISO 14443A card (or none) in the field. */
export class Pn532Sim {
  card?: Buffer;
  awake = false;
  commands: number[] = [];
  private decoder = new Pn532Decoder((f) => {
    if (f.kind !== 'data' || f.tfi !== 0xd4) return;
    this.onCommand(f.payload[0], f.payload.subarray(1));
  });
  constructor(private readonly wire: Wire) {
    wire.onData((c) => {
      if (c.includes(0x55)) this.awake = true;
      this.decoder.feed(c);
    });
  }
  present(uidHex: string) {
    this.card = Buffer.from(uidHex, 'hex');
  }
  remove() {
    this.card = undefined;
  }
  private reply(code: number, data: number[]) {
    this.wire.write(Buffer.concat([PN532_ACK, encodePn532Frame(PN532_TO_HOST, [code + 1, ...data])]));
  }
  private onCommand(code: number, _params: Buffer) {
    this.commands.push(code);
    if (!this.awake) return; // asleep until the 0x55 wake-up preamble
    switch (code) {
      case 0x14:
        return this.reply(code, []);
      case 0x02:
        return this.reply(code, [0x32, 0x01, 0x06, 0x07]);
      case 0x32:
        return this.reply(code, []);
      case 0x4a:
        if (!this.card) return this.reply(code, [0x00]);
        return this.reply(code, [0x01, 0x01, 0x00, 0x44, 0x00, this.card.length, ...this.card]);
      default:
        return this.reply(code, []);
    }
  }
  stop() {}
}

/** A CH340 relay board: decodes `A0 ch state sum`, remembers relay states. */
export class UsbRelaySim {
  readonly relays = new Map<number, boolean>();
  /** Told when a relay clicks (the CLI simulator prints it). */
  onCue?: (cue: string) => void;
  badFrames = 0;
  private buf = Buffer.alloc(0);
  constructor(wire: Wire) {
    wire.onData((c) => {
      this.buf = Buffer.concat([this.buf, c]);
      while (this.buf.length >= 4) {
        if (this.buf[0] !== 0xa0) {
          this.buf = this.buf.subarray(1);
          this.badFrames++;
          continue;
        }
        const [a, ch, s, sum] = this.buf;
        if (((a + ch + s) & 0xff) === sum && (s === 0 || s === 1)) {
          if (this.isOn(ch) !== (s === 1)) this.onCue?.(`[relais ${ch}] ${s === 1 ? 'ferme: machine alimentee' : 'ouvert: machine coupee'}`);
          this.relays.set(ch, s === 1);
          this.buf = this.buf.subarray(4);
        } else {
          this.badFrames++;
          this.buf = this.buf.subarray(1);
        }
      }
    });
  }
  isOn(ch = 1) {
    return this.relays.get(ch) ?? false;
  }
  stop() {}
}
