import { EventEmitter } from 'node:events';
import type { Driver } from '../serial/device-port';

/** `A0 <channel> <0|1> <sum of the three>` (SERIAL-PROTOCOL, usb-relay row). */
export function relayFrame(channel: number, on: boolean): Buffer {
  const s = on ? 1 : 0;
  return Buffer.from([0xa0, channel, s, (0xa0 + channel + s) & 0xff]);
}

/** CH340 relay boards give no feedback: the driver tracks what it asked. */
export class UsbRelayDriver extends EventEmitter implements Driver {
  readonly kind = 'usb-relay';
  private write?: (d: Buffer | string) => void;
  readonly state = new Map<number, boolean>();

  constructor(private readonly defaultChannel = 1) {
    super();
  }

  identity() {
    return this.write ? 'USB relay (no feedback)' : undefined;
  }
  attach(write: (d: Buffer | string) => void) {
    this.write = write;
    // After a reopen, put the relays back to what we believe they are.
    for (const [ch, on] of this.state) write(relayFrame(ch, on));
    this.emit('greeting', this.identity());
  }
  detach() {
    this.write = undefined;
  }
  feed(): void {
    // The board sends nothing; anything received is noise and ignored.
  }
  set(on: boolean, channel = this.defaultChannel) {
    this.state.set(channel, on);
    this.write?.(relayFrame(channel, on));
  }
  isOn(channel = this.defaultChannel) {
    return this.state.get(channel) ?? false;
  }
}
