/** PN532 HSU framing: `00 00 FF LEN LCS TFI PD… DCS 00`, ACK `00 00 FF 00 FF 00`. */
export const PN532_ACK = Buffer.from([0x00, 0x00, 0xff, 0x00, 0xff, 0x00]);
export const HOST_TO_PN532 = 0xd4;
export const PN532_TO_HOST = 0xd5;

export function encodePn532Frame(tfi: number, payload: number[] | Buffer): Buffer {
  const data = Buffer.from([tfi, ...payload]);
  const len = data.length;
  const lcs = (0x100 - len) & 0xff;
  const dcs = (0x100 - (data.reduce((a, b) => a + b, 0) & 0xff)) & 0xff;
  return Buffer.concat([Buffer.from([0x00, 0x00, 0xff, len, lcs]), data, Buffer.from([dcs, 0x00])]);
}

export type Pn532Frame = { kind: 'ack' } | { kind: 'nack' } | { kind: 'data'; tfi: number; payload: Buffer };

/**
 * Incremental frame decoder. Bytes that are not a valid frame (wrong length checksum,
 * wrong data checksum, noise) are skipped; the decoder resynchronises on the next `00 FF`.
 */
export class Pn532Decoder {
  private buf = Buffer.alloc(0);
  badFrames = 0;
  constructor(private readonly onFrame: (f: Pn532Frame) => void) {}

  feed(chunk: Buffer) {
    this.buf = Buffer.concat([this.buf, chunk]);
    for (;;) {
      const sop = this.findStart();
      if (sop < 0) {
        // keep a trailing 00 that may start the next frame
        this.buf = this.buf.subarray(Math.max(0, this.buf.length - 1));
        return;
      }
      this.buf = this.buf.subarray(sop);
      // buf starts with 00 FF
      if (this.buf.length < 4) return;
      const len = this.buf[2];
      const lcs = this.buf[3];
      if (len === 0x00 && lcs === 0xff) {
        this.onFrame({ kind: 'ack' });
        this.buf = this.buf.subarray(4);
        continue;
      }
      if (len === 0xff && lcs === 0x00) {
        this.onFrame({ kind: 'nack' });
        this.buf = this.buf.subarray(4);
        continue;
      }
      if (((len + lcs) & 0xff) !== 0 || len === 0) {
        this.badFrames++;
        this.buf = this.buf.subarray(2);
        continue;
      }
      if (this.buf.length < 4 + len + 1) return;
      const data = this.buf.subarray(4, 4 + len);
      const dcs = this.buf[4 + len];
      const sum = data.reduce((a, b) => a + b, 0) + dcs;
      this.buf = this.buf.subarray(4 + len + 1);
      if ((sum & 0xff) !== 0) {
        this.badFrames++;
        continue;
      }
      this.onFrame({ kind: 'data', tfi: data[0], payload: Buffer.from(data.subarray(1)) });
    }
  }

  private findStart(): number {
    for (let i = 0; i + 1 < this.buf.length; i++) if (this.buf[i] === 0x00 && this.buf[i + 1] === 0xff) return i;
    return -1;
  }
}
