/**
 * Splits a byte stream into lines. Tolerates `\r\n`, `\n` and `\r`; drops empty lines.
 * A line longer than `maxLen` without a terminator is garbage and is discarded, so noise on
 * a serial line can never grow memory without bound.
 */
export class LineSplitter {
  private buf = '';
  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxLen = 512,
  ) {}

  feed(chunk: Buffer | string): void {
    this.buf += typeof chunk === 'string' ? chunk : chunk.toString('latin1');
    let idx: number;
    while ((idx = this.buf.search(/[\r\n]/)) >= 0) {
      const line = this.buf.slice(0, idx);
      this.buf = this.buf.slice(idx + 1);
      if (line.length > 0) this.onLine(line);
    }
    if (this.buf.length > this.maxLen) this.buf = '';
  }

  reset(): void {
    this.buf = '';
  }
}
