/**
 * A byte pipe between a driver (or a simulator) and whatever carries the bytes:
 * a real serial port, one end of a socat pty pair, or serialport's MockBinding.
 */
export interface Wire {
  write(data: Buffer | string): void;
  onData(cb: (chunk: Buffer) => void): void;
  close(): Promise<void>;
}
