import type { DeviceConfig } from './config';
import type { Driver } from './serial/device-port';
import { Rdm6300Driver } from './drivers/rdm6300';
import { Pn532Driver } from './drivers/pn532';
import { UsbRelayDriver } from './drivers/usb-relay';
import { FablabBoardDriver } from './drivers/fablab-board';
import { MarlinDriver } from './drivers/marlin';
import { GrblDriver } from './drivers/grbl';
import { MoonrakerDriver } from './drivers/moonraker';

/** One driver instance per configured serial device. */
export function createDriver(d: DeviceConfig): Driver {
  switch (d.driver) {
    case 'moonraker':
      throw new Error('moonraker is a network printer: createNetworkPrinter');
    case 'rdm6300':
      return new Rdm6300Driver();
    case 'pn532':
      return new Pn532Driver();
    case 'usb-relay':
      return new UsbRelayDriver(d.channel ?? 1);
    case 'fablab-board':
      return new FablabBoardDriver();
    case 'marlin':
      return new MarlinDriver();
    case 'grbl':
      return new GrblDriver();
  }
}

/** A Klipper printer reached through Moonraker (no serial port). */
export function createNetworkPrinter(d: DeviceConfig, clientVersion?: string): MoonrakerDriver {
  return new MoonrakerDriver({ url: d.url!, apiKey: d.apiKey, clientVersion });
}

export const isNetwork = (d: DeviceConfig) => d.driver === 'moonraker';
export const isReader = (d: DeviceConfig) => d.driver === 'rdm6300' || d.driver === 'pn532' || d.driver === 'fablab-board';
export const isController = (d: DeviceConfig) => d.driver === 'marlin' || d.driver === 'grbl' || d.driver === 'moonraker';
