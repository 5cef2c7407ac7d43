import { readFileSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { slug } from './mqtt/schemas';

export const DRIVERS = ['rdm6300', 'pn532', 'usb-relay', 'fablab-board', 'marlin', 'grbl', 'moonraker'] as const;
export type DriverName = (typeof DRIVERS)[number];

const DEFAULT_BAUD: Record<DriverName, number> = {
  rdm6300: 9600,
  pn532: 115200,
  'usb-relay': 9600,
  'fablab-board': 115200,
  marlin: 115200,
  grbl: 115200,
  moonraker: 0, // a network printer: no serial port
};

const DeviceSchema = z
  .object({
    name: z
      .string()
      .regex(/^[a-zA-Z0-9_-]+$/)
      .optional(),
    driver: z.enum(DRIVERS),
    /** Serial devices: the port (`/dev/serial/by-id/…`). */
    port: z.string().min(1).optional(),
    /** moonraker: the printer's Moonraker address, `http://192.168.1.50:7125`. */
    url: z
      .string()
      .regex(/^https?:\/\/[^\s/]+/, 'an http(s):// URL such as http://192.168.1.50:7125')
      .optional(),
    /** moonraker: its API key (Mainsail/Fluidd « API key », or `~/moonraker.secrets`), when Moonraker asks for one. */
    apiKey: z.string().min(1).optional(),
    baudRate: z.number().int().positive().optional(),
    machine: slug,
    /** usb-relay: which channel switches this machine. */
    channel: z.number().int().min(1).max(255).optional(),
    /** fablab-board: its character display, 2 lines of 16 (default) or 4 lines of 20. */
    display: z.enum(['16x2', '20x4']).default('16x2'),
  })
  .superRefine((d, ctx) => {
    if (d.driver === 'moonraker') {
      if (!d.url) ctx.addIssue({ code: 'custom', path: ['url'], message: 'a moonraker printer needs url (http://host:7125)' });
    } else if (!d.port) ctx.addIssue({ code: 'custom', path: ['port'], message: `a ${d.driver} device needs port (/dev/serial/by-id/…)` });
  });

const MachineSchema = z.object({
  /** Name of the device that switches the machine's power (usb-relay or fablab-board). */
  relay: z.string().optional(),
  idleTimeoutSeconds: z.number().positive().default(900),
  powerThresholdMa: z.number().nonnegative().default(200),
  graceSeconds: z.number().nonnegative().default(60),
  /** End the session when the card leaves the reader (rdm6300/pn532/board BADGE_REMOVED). */
  endSessionOnBadgeRemoved: z.boolean().default(true),
  /** Power below the threshold for this long (after being above) ends the session. */
  powerOffSeconds: z.number().positive().default(30),
});

export const ConfigSchema = z.object({
  server: z
    .object({
      mqttUrl: z.string().regex(/^(mqtts?|wss?|tcp):\/\//, 'an MQTT URL such as mqtt://host:1883'),
      site: slug,
      bridge: slug,
      /** Also the MQTT client id (the broker refuses any other). */
      username: z.string().min(1),
      password: z.string(),
      publicKey: z.string().includes('BEGIN PUBLIC KEY', { message: 'a PEM (SPKI) public key' }).optional(),
      publicKeyFile: z.string().optional(),
      httpBaseUrl: z.string().regex(/^https?:\/\//, 'an http(s):// URL'),
    })
    .refine((s) => s.publicKey || s.publicKeyFile, { message: 'publicKey or publicKeyFile is required', path: ['publicKey'] }),
  dataDir: z.string().min(1),
  /**
   * May be empty: a bridge whose devices the server serves (MQTT contract, "Bridge
   * configuration") starts with none and waits for them.
   */
  devices: z.array(DeviceSchema).default([]),
  machines: z.record(slug, MachineSchema).default({}),
  /** No `access` answer within this time → offline allow-list. */
  accessTimeoutMs: z.number().positive().default(2000),
  /** A heartbeat (version, uptime) every this many seconds while connected; the server flags a bridge silent after 2 minutes without one. */
  heartbeatSeconds: z.number().positive().max(3600).default(60),
});

export type Config = z.infer<typeof ConfigSchema>;
export type DeviceConfig = z.infer<typeof DeviceSchema> & { name: string; baudRate: number; port: string };
export type MachineConfig = z.infer<typeof MachineSchema>;

export interface LoadedConfig extends Omit<Config, 'devices'> {
  devices: DeviceConfig[];
  publicKeyPem: string;
}

export class ConfigError extends Error {}

/** Reads a YAML or JSON file and validates it; errors name the field at fault. */
export function loadConfig(file: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read config ${file}: ${(e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = /\.json$/i.test(file) ? JSON.parse(text) : YAML.parse(text);
  } catch (e) {
    throw new ConfigError(`config ${file} is not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'}: ${(e as Error).message}`);
  }
  return parseConfig(raw, dirname(resolve(file)));
}

export function parseConfig(raw: unknown, baseDir = process.cwd()): LoadedConfig {
  const r = ConfigSchema.safeParse(raw);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(`invalid config:\n${lines.join('\n')}`);
  }
  const c = r.data;
  const names = new Set<string>();
  const devices = c.devices.map((d, i) => {
    const name = d.name ?? `${d.driver}-${i}`;
    if (names.has(name)) throw new ConfigError(`invalid config:\n  - devices.${i}.name: "${name}" is used twice`);
    names.add(name);
    // A network printer's « port », in logs and checks, is its address.
    return { ...d, name, port: d.port ?? d.url ?? '', baudRate: d.baudRate ?? DEFAULT_BAUD[d.driver] };
  });
  const machines = { ...c.machines };
  for (const d of devices) machines[d.machine] ??= MachineSchema.parse({});
  for (const [m, mc] of Object.entries(machines)) {
    if (mc.relay && !devices.some((d) => d.name === mc.relay && d.machine === m))
      throw new ConfigError(`invalid config:\n  - machines.${m}.relay: no device named "${mc.relay}" for this machine`);
  }
  let publicKeyPem = c.server.publicKey ?? '';
  if (!publicKeyPem && c.server.publicKeyFile) {
    try {
      publicKeyPem = readFileSync(resolve(baseDir, c.server.publicKeyFile), 'utf8');
    } catch (e) {
      throw new ConfigError(`invalid config:\n  - server.publicKeyFile: ${(e as Error).message}`);
    }
  }
  return { ...c, devices, machines, publicKeyPem, dataDir: resolve(baseDir, c.dataDir) };
}
