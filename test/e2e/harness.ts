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

export interface TestApp {
  app: NestExpressApplication;
  url: string;
  mqttUrl: string;
  http: () => ReturnType<typeof request>;
  config: AppConfig;
  close: () => Promise<void>;
}

async function createPgDatabase(url: string): Promise<() => Promise<void>> {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  u.pathname = '/postgres';
  const admin = new Client({ connectionString: u.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return async () => {
    const c = new Client({ connectionString: u.toString() });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  };
}

/**
 * Boots the whole app as `npm start` does (migrations, embedded broker on a free port, Redis),
 * on the database this test project chose: a fresh SQLite file or a fresh PostgreSQL database.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  let dropDb: () => Promise<void> = async () => undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fablab-test-'));
  if (process.env.DATABASE_URL) dropDb = await createPgDatabase(process.env.DATABASE_URL);
  const config = AppConfig.fromEnv({
    ...process.env,
    NODE_ENV: 'test',
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
