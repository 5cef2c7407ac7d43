import * as os from 'node:os';
import * as path from 'node:path';
import { RawConfig, parseConfig } from './config.schema';
import { FALLBACK_TIME_ZONE } from './time-zone';

/** Typed configuration, built once at start from the environment. */
export class AppConfig {
  readonly env: RawConfig;
  readonly dataDir: string;
  readonly database: { type: 'sqlite'; file: string } | { type: 'postgres'; url: string };
  /** Embedded broker when MQTT_URL is unset; `explicitPort` says whether a taken port is fatal. */
  readonly mqtt:
    | { mode: 'embedded'; host: string; port: number; explicitPort: boolean }
    | { mode: 'external'; url: string; username?: string; password?: string; clientId: string };

  /**
   * `worker`: this process is `npm run worker` — it runs jobs and serves no HTTP nor socket, so
   * its live pushes go out through Redis to the web instances' browsers (LiveShare, RealtimeRelay).
   */
  readonly worker: boolean;

  constructor(env: RawConfig, opts: { worker?: boolean } = {}) {
    this.env = env;
    this.worker = opts.worker ?? false;
    this.dataDir = path.resolve(env.DATA_DIR);
    this.database = env.DATABASE_URL ? { type: 'postgres', url: env.DATABASE_URL } : { type: 'sqlite', file: path.join(this.dataDir, 'fablab.sqlite') };
    this.mqtt = env.MQTT_URL
      ? {
          mode: 'external',
          url: env.MQTT_URL,
          username: env.MQTT_USERNAME,
          password: env.MQTT_PASSWORD,
          clientId: env.MQTT_CLIENT_ID ?? instanceClientId(env.MQTT_USERNAME),
        }
      : { mode: 'embedded', host: env.MQTT_HOST, port: env.MQTT_PORT ?? 1883, explicitPort: env.MQTT_PORT !== undefined };
  }

  static fromEnv(env: Record<string, string | undefined> = process.env, opts: { worker?: boolean } = {}): AppConfig {
    return new AppConfig(parseConfig(env), opts);
  }

  /** The zone of a new site given none: APP_TIME_ZONE, else Europe/Paris. */
  get newSiteZone(): string {
    return this.env.APP_TIME_ZONE ?? FALLBACK_TIME_ZONE;
  }

  get publicUrl(): string {
    return this.env.PUBLIC_URL ?? `http://localhost:${this.env.PORT}`;
  }
}

/**
 * One client id per instance, so instances sharing one broker account do not take each other's
 * connection (a broker closes the older connection of a client id that connects again).
 */
export function instanceClientId(username = 'fablab-server', host = os.hostname(), pid = process.pid): string {
  const safeHost = host.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 40);
  return `${username}-${safeHost}-${pid}`.replace(/[^A-Za-z0-9_.:-]/g, '-');
}
