import { SerialPort } from 'serialport';
import type { Wire } from './wire';

export interface OpenOptions {
  path: string;
  baudRate: number;
  /** A serialport binding (MockBinding in tests); the native one otherwise. */
  binding?: any;
}

/**
 * Opens a serial port as a Wire. `hupcl: false` so that opening does not pulse DTR and
 * reset an Arduino-type board (SERIAL-PROTOCOL, "Opening a port can reset ... through DTR").
 */
export function openSerial(opts: OpenOptions): Promise<{ wire: Wire; port: SerialPort }> {
  return new Promise((resolve, reject) => {
    const base: any = { path: opts.path, baudRate: opts.baudRate, hupcl: false, autoOpen: false };
    if (opts.binding) base.binding = opts.binding;
    const port = new SerialPort(base);
    // Write errors after a close (USB unplugged) surface as 'error' events: never crash on them.
    port.on('error', () => undefined);
    port.open((err) => {
      if (err) return reject(err);
      const wire: Wire = {
        write: (data) => {
          if (port.isOpen) port.write(data);
        },
        onData: (cb) => {
          port.on('data', cb);
        },
        close: () =>
          new Promise<void>((r) => {
            if (!port.isOpen) return r();
            port.close(() => r());
          }),
      };
      resolve({ wire, port });
    });
  });
}
