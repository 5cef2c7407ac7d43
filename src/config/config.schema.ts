import { z } from 'zod';
import { isTimeZone } from './time-zone';

/** Every setting comes from the environment; a bad value stops start-up with its name and why. */
const port = z.coerce.number().int().min(0).max(65535);
const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    `doit être une URL ${protocols.join(' ou ')}`,
  );
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => ['true', '1', 'yes'].includes(v));

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: port.default(3000),
  PUBLIC_URL: url(['http:', 'https:']).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  /**
   * SQLite only. `normal` (default): the WAL is written at each commit and synced at checkpoints,
   * so a crash of the app loses nothing and the file is never corrupted, but a power cut may lose
   * the last commits; `full`: synced at every commit (about 10× slower per write, each write
   * holding the one event loop). docs/benchmarks.md, issue 16.
   */
  SQLITE_SYNCHRONOUS: z.enum(['normal', 'full']).default('normal'),
  /**
   * Redis, for several app instances (queues on BullMQ, shared rate limits, pub/sub, socket.io).
   * Unset (the default): one instance, background jobs in the database, everything else in process.
   */
  REDIS_URL: url(['redis:', 'rediss:']).optional(),
  MQTT_URL: url(['mqtt:', 'mqtts:', 'tcp:', 'ws:', 'wss:']).optional(),
  MQTT_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  MQTT_HOST: z.string().default('0.0.0.0'),
  MQTT_USERNAME: z.string().optional(),
  MQTT_PASSWORD: z.string().optional(),
  /** With an external Mosquitto: manage bridges' credentials and topic rules through its dynamic-security plugin. */
  MQTT_DYNSEC: bool.default(false),
  /**
   * The broker address given to bridges and plugs at pairing (they run on other machines). Default:
   * PUBLIC_URL's host with the embedded broker's real port, or MQTT_URL with an external broker.
   */
  MQTT_PUBLIC_URL: url(['mqtt:', 'mqtts:', 'tcp:', 'ws:', 'wss:']).optional(),
  MQTT_SHARED_GROUP: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .default('fablab-api'),
  /** With an external broker: this instance's client id (default <MQTT_USERNAME>-<host>-<pid>), so instances can share one account. */
  MQTT_CLIENT_ID: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'lettres, chiffres, « _ . : - », 128 au plus')
    .optional(),
  ADMIN_EMAIL: z.string().email().optional(),
  /** Outgoing mail (expiry reminders, bookings): smtp://user:pass@host:587. Without it, mails are only logged. */
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  MAIL_FROM: z.string().min(3).default('Fablab <no-reply@fablab.local>'),
  ADMIN_PASSWORD: z
    .string()
    .min(12, 'au moins 12 caractères')
    .refine((v) => v.trim() !== '', 'pas seulement des espaces')
    .optional(),
  /** Password hashes computed at once (argon2id off the event loop); 1 keeps a core free on a 2-core box. */
  HASH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  /**
   * `owasp` (always in use): argon2id 19 MiB, 2 passes. `fast-for-tests`: argon2id 1 MiB, 1 pass,
   * refused unless NODE_ENV=test — the test suite hashes thousands of passwords on a 2-core box.
   */
  PASSWORD_HASH: z.enum(['owasp', 'fast-for-tests']).default('owasp'),
  /** Reverse proxies in front (their X-Forwarded-For is believed that many hops deep), so limits count the client's address. */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /** Requests per minute and address without a login (pages, login, reset); 0 lifts the limit. */
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: z.coerce.number().int().min(0).default(300),
  /** Login and password-reset requests per minute and address; 0 lifts the limit. */
  RATE_LIMIT_LOGIN_PER_MINUTE: z.coerce.number().int().min(0).default(60),
  /** Wrong passwords per account within 15 minutes before that account's logins wait; 0 lifts it. */
  LOGIN_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(0).default(10),
  /** Wrong passwords per address within 15 minutes before that address's logins wait; 0 lifts it. */
  LOGIN_FAILURES_PER_ADDRESS: z.coerce.number().int().min(0).default(50),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24 * 14),
  LEASE_SECONDS: z.coerce.number().int().min(10).max(3600).default(120),
  /**
   * The IANA zone of a new site given none, and of pages that concern no site (an admin's home):
   * unset, Europe/Paris for a new site and the first site's zone for such pages. A page about one
   * site always uses that site's.
   */
  APP_TIME_ZONE: z.string().refine(isTimeZone, 'fuseau horaire IANA attendu, par exemple Europe/Paris ou America/Cayenne').optional(),
  /** Lifetime of a bridge's signed offline allow-list (MQTT-PROTOCOL.md: 7 days unless the site sets another). */
  ALLOWLIST_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_PRETTY: bool.optional(),
  SECURE_COOKIES: bool.default(false),
  DEMO: bool.default(false),
  /** Largest fabrication job file accepted (G-code), in MB. */
  JOBS_MAX_FILE_MB: z.coerce.number().positive().max(2048).default(100),
  /** A dispatched or running job with no news from its bridge for this long is marked interrupted. */
  JOBS_STALL_MINUTES: z.coerce
    .number()
    .positive()
    .max(24 * 60)
    .default(15),
  /** Dashboard: a machine working with nobody's session on it for this long raises an alert. */
  UNATTENDED_ALERT_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  /** A bridge online but without a heartbeat (one a minute) for this long is flagged silent on the dashboard. */
  BRIDGE_SILENT_SECONDS: z.coerce.number().int().min(1).max(3600).default(120),
  /** Telemetry kept in the database: one sample per machine every this many seconds (0: none kept). */
  TELEMETRY_SAMPLE_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  /** Telemetry samples older than this are deleted (once a day). */
  TELEMETRY_KEEP_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** Redis key prefix for queues and realtime, so several deployments (or test runs) can share one Redis. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]+$/)
    .default('fablab'),
  /** Run background jobs in this process (false: only add them, a separate `npm run worker` runs them). */
  QUEUE_WORKERS: bool.default(true),
  /** Database queue (no REDIS_URL): how often idle workers look for due jobs, in ms. */
  QUEUE_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  /** Database queue: a job whose worker gave no sign of life for this long is run again elsewhere. */
  QUEUE_VISIBILITY_SECONDS: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 3600)
    .default(300),
  /** HelloAsso API client (association's own client: Mon compte > Intégrations et API). Unset: online payment is off. */
  HELLOASSO_CLIENT_ID: z.string().min(1).optional(),
  HELLOASSO_CLIENT_SECRET: z.string().min(1).optional(),
  /** true: HelloAsso's sandbox (api.helloasso-sandbox.com, test cards) instead of production. */
  HELLOASSO_SANDBOX: bool.default(false),
  /** Another API host serving the same endpoints (the tests' local stand-in); overrides HELLOASSO_SANDBOX. */
  HELLOASSO_API_URL: url(['http:', 'https:']).optional(),
  /** The association's slug on HelloAsso, for every site without its own below. */
  HELLOASSO_ORGANIZATION_SLUG: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .optional(),
  /** Per-site organisations: `site-slug=organization-slug,other-site=other-org`. */
  HELLOASSO_SITE_ORGANIZATIONS: z
    .string()
    .regex(/^([a-z0-9-]+=[a-z0-9-]+)(,[a-z0-9-]+=[a-z0-9-]+)*$/, 'site=organisation, séparés par des virgules')
    .optional(),
  /** Minutes a checkout stays open before another may be started for the same thing (HelloAsso's redirect lasts 15). */
  HELLOASSO_CHECKOUT_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(15),
});

export type RawConfig = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, string | undefined>): RawConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = configSchema.safeParse(cleaned);
  if (result.success && result.data.PASSWORD_HASH === 'fast-for-tests' && result.data.NODE_ENV !== 'test')
    throw new ConfigError(
      'Configuration invalide / invalid configuration:\n  PASSWORD_HASH: fast-for-tests seulement avec NODE_ENV=test (des mots de passe trop vite cassés)',
    );
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  throw new ConfigError(`Configuration invalide / invalid configuration:\n${lines.join('\n')}`);
}
