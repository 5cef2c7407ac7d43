import type { DeviceConfig } from './config';
import type { Driver } from './serial/device-port';
import { Rdm6300Driver } from './drivers/rdm6300';
import { Pn532Driver } from './drivers/pn532';
import { UsbRelayDriver } from './drivers/usb-relay';
import { FablabBoardDriver } from './drivers/fablab-board';
import { MarlinDriver } from './drivers/marlin';
import { GrblDriver } from './drivers/grbl';

/** One driver instance per configured device. */
export function createDriver(d: DeviceConfig): Driver {
  switch (d.driver) {
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

export const isReader = (d: DeviceConfig) => d.driver === 'rdm6300' || d.driver === 'pn532' || d.driver === 'fablab-board';
export const isController = (d: DeviceConfig) => d.driver === 'marlin' || d.driver === 'grbl';
