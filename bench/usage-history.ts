/**
 * bench/usage-history: the usage-history API and its CSV export on a year of a busy lab.
 * Seeds one site with BENCH_MACHINES machines (default 20), BENCH_PEOPLE people (default 500)
 * and BENCH_SESSIONS ended sessions (default 20000) over 365 days (SQLite in a temporary folder,
 * or PostgreSQL when DATABASE_URL is set: a fresh database is created and dropped), then times,
 * over 7 runs each: the whole site's history (capped at 10 000 rows) as JSON rows and as CSV,
 * one machine's history, one person's history, one month of the site.
 * Last line: `site_csv_p50_ms=… machine_p50_ms=… person_p50_ms=… month_p50_ms=…`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';

const MACHINES = Number(process.env.BENCH_MACHINES ?? 20);
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 500);
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 20000);
const RUNS = 7;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const t0 = performance.now();
  const result = await fn();
  return { ms: performance.now() - t0, result };
}

async function main() {
  let dropDb = async () => undefined as unknown;
  let dbLabel = 'sqlite (temporary folder)';
  if (process.env.DATABASE_URL) {
    const name = `fablab_bench_${randomBytes(5).toString('hex')}`;
    const admin = new URL(process.env.DATABASE_URL);
    admin.pathname = '/postgres';
    const run = async (sql: string) => {
      const c = new Client({ connectionString: admin.toString() });
      await c.connect();
      try {
        await c.query(sql);
      } finally {
        await c.end();
      }
    };
    await run(`CREATE DATABASE ${name}`);
    const u = new URL(process.env.DATABASE_URL);
    u.pathname = `/${name}`;
    process.env.DATABASE_URL = u.toString();
    dropDb = () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    dbLabel = `postgresql (${name}, dropped at the end)`;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fablab-bench-'));
  const { createApp } = require('../src/app.factory') as typeof import('../src/app.factory');
  const { AppConfig } = require('../src/config/app-config') as typeof import('../src/config/app-config');
  const { SitesService } = require('../src/sites/sites.service') as typeof import('../src/sites/sites.service');
  const { MachinesService } = require('../src/machines/machines.service') as typeof import('../src/machines/machines.service');
  const { PeopleService } = require('../src/people/people.service') as typeof import('../src/people/people.service');
  const { UsageHistoryService, historyCsv } = require('../src/access/usage-history.service') as typeof import('../src/access/usage-history.service');
  const { UsageSession } = require('../src/access/entities/usage-session.entity') as typeof import('../src/access/entities/usage-session.entity');
  const { DataSource } = require('typeorm') as typeof import('typeorm');

  const config = AppConfig.fromEnv({
    ...process.env,
    NODE_ENV: 'production',
    DATA_DIR: dataDir,
    PORT: '0',
    MQTT_PORT: '0',
    MQTT_HOST: '127.0.0.1',
    MQTT_URL: undefined,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    QUEUE_PREFIX: `bench${randomBytes(4).toString('hex')}`,
  });
  const app = await createApp(config);
  try {
    const admin = { id: randomUUID(), role: 'admin' as const, siteId: null, displayName: 'Bench', locale: 'fr' };
    const site = await app.get(SitesService).create({ slug: 'bench-lab', name: 'Bench lab' });
    const machineIds: string[] = [];
    for (let i = 0; i < MACHINES; i++) {
      machineIds.push((await app.get(MachinesService).create(admin, { siteId: site.id, slug: `m-${i}`, name: `Machine ${i}`, type: 'laser' })).id);
    }
    const personIds: string[] = [];
    for (let i = 0; i < PEOPLE; i++) {
      personIds.push((await app.get(PeopleService).create(admin, { siteId: site.id, firstName: `Personne${i}`, lastName: 'Test' })).id);
    }
    const manager = { id: personIds[0], role: 'manager' as const, siteId: site.id, displayName: 'Bench', locale: 'fr' };
    const repo = app.get(DataSource).getRepository(UsageSession);
    const now = Date.now();
    const seed0 = performance.now();
    const rows = Array.from({ length: SESSIONS }, (_, i) => {
      const startedAt = new Date(now - Math.floor((i / SESSIONS) * 365 * 86400_000) - 3600_000);
      const endedAt = new Date(startedAt.getTime() + (5 + (i % 115)) * 60_000);
      return {
        id: randomUUID(),
        siteId: site.id,
        machineId: machineIds[i % MACHINES],
        personId: personIds[(i * 7) % PEOPLE],
        badgeId: null,
        startedAt,
        until: new Date(startedAt.getTime() + 8 * 3600_000),
        endedAt,
        endReason: 'badge_out' as const,
      };
    });
    for (let i = 0; i < rows.length; i += 500) await repo.insert(rows.slice(i, i + 500));
    console.log(`database: ${dbLabel}`);
    console.log(`seeded ${MACHINES} machines, ${PEOPLE} people, ${SESSIONS} sessions in ${((performance.now() - seed0) / 1000).toFixed(1)} s`);

    const history = app.get(UsageHistoryService);
    const monthAgo = new Date(now - 30 * 86400_000).toISOString().slice(0, 10);
    const cases: Array<[string, () => Promise<unknown>]> = [
      ['site_json', () => history.history(manager, {})],
      ['site_csv', async () => historyCsv(await history.history(manager, {}), await history.zoneFor(manager))],
      ['machine', () => history.history(manager, { machineId: machineIds[3] })],
      ['person', () => history.history(manager, { personId: personIds[7] })],
      ['month', () => history.history(manager, { from: monthAgo })],
    ];
    const p50: Record<string, number> = {};
    for (const [name, fn] of cases) {
      await fn(); // warm-up
      const times: number[] = [];
      let size = 0;
      for (let r = 0; r < RUNS; r++) {
        const { ms, result } = await time(fn);
        times.push(ms);
        size = typeof result === 'string' ? result.length : (result as unknown[]).length;
      }
      p50[name] = median(times);
      console.log(
        `${name.padEnd(10)} p50 ${p50[name].toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms (${typeof size === 'number' ? size : 0} ${name === 'site_csv' ? 'characters' : 'rows'})`,
      );
    }
    console.log(
      `site_csv_p50_ms=${p50.site_csv.toFixed(1)} machine_p50_ms=${p50.machine.toFixed(1)} person_p50_ms=${p50.person.toFixed(1)} month_p50_ms=${p50.month.toFixed(1)}`,
    );
  } finally {
    await app.close();
    await dropDb();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
