import { MockBinding } from '@serialport/binding-mock';
import type { Wire } from './wire';

/**
 * Wraps serialport's MockBinding so that a simulator can sit at the far end of a mock port:
 * what the driver writes reaches the simulator, what the simulator writes is emitted as data.
 * Returns the binding to give to `openSerial` and the device-side Wire.
 */
export function createMockLink(path: string): { binding: any; device: Wire } {
  MockBinding.createPort(path, { echo: false, record: false });
  const listeners: Array<(b: Buffer) => void> = [];
  let current: any = null;
  const pendingToHost: Buffer[] = [];
  const binding: any = {
    ...MockBinding,
    async open(options: any) {
      const pb: any = await MockBinding.open(options);
      const origWrite = pb.write.bind(pb);
      pb.write = async (buf: Buffer) => {
        await origWrite(buf);
        const copy = Buffer.from(buf);
        setImmediate(() => listeners.forEach((l) => l(copy)));
      };
      const origClose = pb.close.bind(pb);
      pb.close = async () => {
        current = null;
        return origClose();
      };
      current = pb;
      while (pendingToHost.length) pb.emitData(pendingToHost.shift()!);
      return pb;
    },
  };
  const device: Wire = {
    write: (data) => {
      const b = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
      if (current && current.isOpen) current.emitData(b);
      else pendingToHost.push(b);
    },
    onData: (cb) => listeners.push(cb),
    close: async () => undefined,
  };
  return { binding, device };
}
