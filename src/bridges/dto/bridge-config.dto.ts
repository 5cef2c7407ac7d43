import { ClassConstructor, plainToInstance, Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';
import { said } from '../../common/validation';

/** The serial drivers a firmware-bridge knows (firmware-bridge/src/config.ts, DRIVERS). */
export const BRIDGE_DRIVERS = ['rdm6300', 'pn532', 'usb-relay', 'fablab-board', 'marlin', 'grbl'] as const;
export const BOARD_DISPLAYS = ['16x2', '20x4'] as const;

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;
const DEVICE_NAME = /^[a-zA-Z0-9_-]{1,40}$/;

/**
 * A form sends its rows as `devices.0.port`, `devices.1.port`… (src/web/assets/forms.js): an
 * object by row number, made a list here in row order. Rows left wholly empty are no device.
 */
const rows =
  <T>(cls: ClassConstructor<T>) =>
  ({ obj, key }: { obj: Record<string, unknown>; key: string }) => {
    const value = obj[key];
    if (!value || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((row) => (row && typeof row === 'object' ? plainToInstance(cls, row as object) : row));
    const list = Object.keys(value)
      .filter((k) => /^\d{1,3}$/.test(k))
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => (value as Record<string, unknown>)[k])
      .filter((row) => !(row && typeof row === 'object' && Object.values(row).every((v) => v === undefined || v === '')));
    return plainToInstance(cls, list as object[]);
  };

/** One serial device of the bridge, as its config.yaml's `devices` says it. */
export class BridgeDeviceDto {
  /** @example "lecteur-laser" */
  @Matches(DEVICE_NAME, {
    message: said('nom de l’appareil : lettres, chiffres, - et _ (ex. lecteur-laser)', 'device name: letters, digits, - and _ (e.g. lecteur-laser)'),
  })
  name: string;
  /** @example "fablab-board" */
  @IsIn(BRIDGE_DRIVERS, {
    message: said(`pilote parmi : ${BRIDGE_DRIVERS.join(', ')}`, `driver among: ${BRIDGE_DRIVERS.join(', ')}`),
  })
  driver: (typeof BRIDGE_DRIVERS)[number];
  /** @example "/dev/serial/by-id/usb-fablab_board_B0042-if00" */
  @Matches(/^\/dev\/[A-Za-z0-9._:/+-]{1,200}$/, {
    message: said('port série : un chemin sous /dev (ex. /dev/ttyUSB0 ou /dev/serial/by-id/…)', 'serial port: a path under /dev (e.g. /dev/ttyUSB0)'),
  })
  port: string;
  /** @example 115200 */
  @IsOptional()
  @IsInt({ message: said('vitesse (bauds) : un nombre entier', 'baud rate: a whole number') })
  @Min(300, { message: said('vitesse (bauds) : 300 au moins', 'baud rate: 300 at least') })
  @Max(4_000_000, { message: said('vitesse (bauds) : 4 000 000 au plus', 'baud rate: 4,000,000 at most') })
  baudRate?: number;
  /** The machine this device serves (one of the bridge's). @example "laser-1" */
  @Matches(SLUG, { message: said('machine : l’identifiant d’une machine de la passerelle (ex. laser-1)', 'machine: a machine slug of this bridge') })
  machine: string;
  /** usb-relay: which channel switches the machine. @example 1 */
  @IsOptional()
  @IsInt({ message: said('canal du relais : un nombre entier', 'relay channel: a whole number') })
  @Min(1, { message: said('canal du relais : 1 au moins', 'relay channel: 1 at least') })
  @Max(255, { message: said('canal du relais : 255 au plus', 'relay channel: 255 at most') })
  channel?: number;
  /** fablab-board: its display. @example "16x2" */
  @IsOptional() @IsIn(BOARD_DISPLAYS, { message: said('afficheur : 16x2 ou 20x4', 'display: 16x2 or 20x4') }) display?: (typeof BOARD_DISPLAYS)[number];
}

/** A machine's session settings on the bridge, as its config.yaml's `machines` says them. */
export class BridgeMachineSettingsDto {
  /** @example "laser-1" */
  @Matches(SLUG, { message: said('machine : l’identifiant d’une machine de la passerelle (ex. laser-1)', 'machine: a machine slug of this bridge') })
  machine: string;
  /** The device that switches its power. @example "lecteur-laser" */
  @IsOptional()
  @IsString()
  @Matches(DEVICE_NAME, { message: said('relais : le nom d’un appareil de cette machine', 'relay: the name of one of this machine’s devices') })
  relay?: string;
  /** @example 900 */
  @IsOptional()
  @IsInt({ message: said('fin après inactivité (secondes) : un nombre entier', 'idle timeout (seconds): a whole number') })
  @Min(10, { message: said('fin après inactivité : 10 secondes au moins', 'idle timeout: 10 seconds at least') })
  @Max(86_400, { message: said('fin après inactivité : 24 heures au plus', 'idle timeout: 24 hours at most') })
  idleTimeoutSeconds?: number;
  /** @example 200 */
  @IsOptional()
  @IsInt({ message: said('seuil de courant (mA) : un nombre entier', 'current threshold (mA): a whole number') })
  @Min(0, { message: said('seuil de courant : 0 mA au moins', 'current threshold: 0 mA at least') })
  @Max(100_000, { message: said('seuil de courant : 100 000 mA au plus', 'current threshold: 100,000 mA at most') })
  powerThresholdMa?: number;
  /** @example 60 */
  @IsOptional()
  @IsInt({ message: said('délai de grâce (secondes) : un nombre entier', 'grace period (seconds): a whole number') })
  @Min(0, { message: said('délai de grâce : 0 seconde au moins', 'grace period: 0 seconds at least') })
  @Max(3600, { message: said('délai de grâce : une heure au plus', 'grace period: one hour at most') })
  graceSeconds?: number;
  /** @example true */
  @IsOptional() @IsBoolean({ message: said('fin au retrait du badge : oui ou non', 'end on badge removed: yes or no') }) endSessionOnBadgeRemoved?: boolean;
  /** @example 30 */
  @IsOptional()
  @IsInt({ message: said('fin après coupure (secondes) : un nombre entier', 'power-off delay (seconds): a whole number') })
  @Min(1, { message: said('fin après coupure : 1 seconde au moins', 'power-off delay: 1 second at least') })
  @Max(86_400, { message: said('fin après coupure : 24 heures au plus', 'power-off delay: 24 hours at most') })
  powerOffSeconds?: number;
}

/** The machine and device configuration the server serves a bridge (MQTT-PROTOCOL.md, `config`). */
export class BridgeConfigDto {
  /**
   * The serial devices; a form may send them as rows by number (`devices.0.port`).
   * @example [{"name": "carte-laser", "driver": "fablab-board", "port": "/dev/serial/by-id/usb-fablab_board_B0042-if00", "machine": "laser-1", "display": "16x2"}, {"name": "laser", "driver": "grbl", "port": "/dev/ttyUSB1", "baudRate": 115200, "machine": "laser-1"}]
   */
  @Transform(rows(BridgeDeviceDto))
  @IsArray({ message: said('appareils : une liste', 'devices: a list') })
  @ArrayMaxSize(64, { message: said('64 appareils au plus par passerelle', '64 devices at most per bridge') })
  @ValidateNested({ each: true })
  @Type(() => BridgeDeviceDto)
  devices: BridgeDeviceDto[];
  /**
   * Each machine's session settings (one entry per machine at most).
   * @example [{"machine": "laser-1", "relay": "carte-laser", "graceSeconds": 60, "idleTimeoutSeconds": 900}]
   */
  @IsOptional()
  @Transform(rows(BridgeMachineSettingsDto))
  @IsArray({ message: said('réglages des machines : une liste', 'machine settings: a list') })
  @ArrayMaxSize(64, { message: said('64 machines au plus par passerelle', '64 machines at most per bridge') })
  @ValidateNested({ each: true })
  @Type(() => BridgeMachineSettingsDto)
  machines?: BridgeMachineSettingsDto[];
  /** No answer from the server within this time: the offline allow-list decides. @example 2000 */
  @IsOptional()
  @IsInt({ message: said('attente de la réponse (ms) : un nombre entier', 'answer wait (ms): a whole number') })
  @Min(200, { message: said('attente de la réponse : 200 ms au moins', 'answer wait: 200 ms at least') })
  @Max(30_000, { message: said('attente de la réponse : 30 000 ms au plus', 'answer wait: 30,000 ms at most') })
  accessTimeoutMs?: number;
}
