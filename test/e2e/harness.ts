import { NestExpressApplication } from '@nestjs/platform-express';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { AppConfig } from '../../src/config/app-config';
import { MqttService } from '../../src/infra/mqtt/mqtt.service';

export const ADMIN = { email: 'admin@test.fablab', password: 'admin-password-1' };

/** The shared Redis, for files about several instances (they need it on both test projects). */
export const SHARED_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestApp {
  app: NestExpressApplication;
  url: string;
  mqttUrl: string;
  http: () => ReturnType<typeof request>;
  config: AppConfig;
  close: () => Promise<void>;
}

function adminUrl(url: string): { admin: string; name: string } {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  u.pathname = '/postgres';
  return { admin: u.toString(), name };
}

/** Runs SQL on the server of `url` (connected to its `postgres` database), given the name of `url`'s database. */
export async function pgAdmin(url: string, sql: (name: string) => string): Promise<void> {
  const { admin, name } = adminUrl(url);
  const c = new Client({ connectionString: admin });
  await c.connect();
  try {
    await c.query(sql(name));
  } finally {
    await c.end();
  }
}

/**
 * Boots the whole app as `npm start` does (migrations, embedded broker on a free port), on the
 * database this test project chose: a fresh SQLite file without Redis (the embedded default, jobs
 * in the database queue), or a fresh PostgreSQL database with REDIS_URL (test/setup/*.ts).
 */
export async function startTestApp(env: Record<string, string> = {}, opts: { existingDatabase?: boolean; keepDatabase?: boolean } = {}): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fablab-test-'));
  const pgUrl = process.env.DATABASE_URL;
  if (pgUrl && !opts.existingDatabase) await pgAdmin(pgUrl, (name) => `CREATE DATABASE ${name}`);
  const dropDb = async () => {
    if (pgUrl && !opts.keepDatabase) await pgAdmin(pgUrl, (name) => `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  };
  const config = AppConfig.fromEnv({
    ...process.env,
    NODE_ENV: 'test',
    // argon2id at test strength (config refuses it outside NODE_ENV=test): thousands of hashes per run.
    PASSWORD_HASH: 'fast-for-tests',
    DATA_DIR: dataDir,
    PORT: '0',
    MQTT_PORT: '0',
    MQTT_HOST: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    QUEUE_PREFIX: `t${randomBytes(4).toString('hex')}`,
    ...env,
  });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as import('node:net').AddressInfo;
  const url = `http://127.0.0.1:${address.port}`;
  const mqtt = app.get(MqttService);
  const mqttUrl = mqtt.embeddedPort ? `mqtt://127.0.0.1:${mqtt.embeddedPort}` : mqtt.brokerUrl;
  return {
    app,
    url,
    mqttUrl,
    config,
    http: () => request(app.getHttpServer()),
    close: async () => {
      await app.close();
      await dropDb();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
