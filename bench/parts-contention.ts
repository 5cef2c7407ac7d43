/**
 * bench/parts-contention: BENCH_CLIENTS (50) clients each try, at the same moment, to use one unit
 * of a part that has BENCH_STOCK (20) in stock, through the HTTP API, BENCH_ROUNDS (20) times.
 * Then BENCH_DEVICES (10,000) devices are taken in through the API and exported as ORDS CSV.
 * Last line: `oversold=… used=… intake_per_s=… ords_export_s=…`.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const STOCK = Number(process.env.BENCH_STOCK ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const DEVICES = Number(process.env.BENCH_DEVICES ?? 10_000);
const INTAKE_CONCURRENCY = 20;
const ADMIN_EMAIL = 'bench-admin@bench.fablab';
const ADMIN_PASSWORD = 'bench-admin-password';
const CATEGORIES = ['laptop', 'desktop', 'phone', 'tablet', 'printer', 'small_appliance'];

async function freshPostgres(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `fablab_bench_${randomBytes(5).toString('hex')}`;
  const adminUrl = new URL(url);
  adminUrl.pathname = '/postgres';
  const c = new Client({ connectionString: adminUrl.toString() });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const d = new Client({ connectionString: adminUrl.toString() });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await d.end();
    },
  };
}

async function main() {
  if (!process.env.DATABASE_URL?.startsWith('postgres')) throw new Error('parts-contention runs on PostgreSQL (DATABASE_URL)');
  const pg = await freshPostgres(process.env.DATABASE_URL);
  // Must happen before any entity is loaded: column types follow DATABASE_URL.
  process.env.DATABASE_URL = pg.url;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fablab-bench-'));
  const { createApp } = require('../src/app.factory') as typeof import('../src/app.factory');
  const { AppConfig } = require('../src/config/app-config') as typeof import('../src/config/app-config');
  const config = AppConfig.fromEnv({
    ...process.env,
    NODE_ENV: 'production',
    DATA_DIR: dataDir,
    PORT: '0',
    MQTT_PORT: '0',
    MQTT_HOST: '127.0.0.1',
    MQTT_URL: undefined,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    QUEUE_PREFIX: `bench${randomBytes(4).toString('hex')}`,
  });
  const app = await createApp(config);
  let requests = 0;
  try {
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as import('node:net').AddressInfo).port}`;
    const call = async (token: string | null, method: string, url: string, body?: unknown) => {
      requests++;
      const res = await fetch(base + url, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      let json: any = text;
      try {
        json = JSON.parse(text);
      } catch {
        /* CSV or empty */
      }
      return { status: res.status, json, text };
    };
    const ok = async (p: Promise<{ status: number; json: any; text: string }>, expected = [200, 201]) => {
      const r = await p;
      if (!expected.includes(r.status)) throw new Error(`HTTP ${r.status}: ${r.text.slice(0, 300)}`);
      return r.json;
    };
    const login = async (email: string, password: string) => (await ok(call(null, 'POST', '/api/auth/login', { email, password }))).token as string;

    // ---- seed through the API: a site, a manager, a volunteer, a bin, a part
    const admin = await login(ADMIN_EMAIL, ADMIN_PASSWORD);
    const site = await ok(call(admin, 'POST', '/api/sites', { slug: 'bench-repair', name: 'Atelier de réparation (bench)' }));
    await ok(
      call(admin, 'POST', '/api/people', {
        siteId: site.id,
        firstName: 'Martine',
        lastName: 'Bench',
        role: 'manager',
        email: 'm@bench.fablab',
        password: 'manager-password-1',
      }),
    );
    await ok(
      call(admin, 'POST', '/api/people', {
        siteId: site.id,
        firstName: 'Yacine',
        lastName: 'Bench',
        role: 'volunteer',
        email: 'v@bench.fablab',
        password: 'volunteer-password-1',
      }),
    );
    const manager = await login('m@bench.fablab', 'manager-password-1');
    const volunteer = await login('v@bench.fablab', 'volunteer-password-1');
    const bin = await ok(call(manager, 'POST', '/api/inventory/locations', { name: 'Bac 1', kind: 'bin' }));
    const part = await ok(
      call(manager, 'POST', '/api/inventory/parts', { name: 'Batterie T440', category: 'battery', compatibleModels: ['T440'], unitCostCents: 2500 }),
    );
    const tickets: string[] = [];
    for (let i = 0; i < 10; i++)
      tickets.push((await ok(call(volunteer, 'POST', '/api/repairs/intake', { purpose: 'repair', category: 'laptop', reportedFault: 'Batterie HS' }))).id);

    // ---- contention: CLIENTS clients reach for STOCK units at once, ROUNDS times
    let used = 0;
    let refused = 0;
    let oversold = 0;
    let errors = 0;
    let received = 0;
    const contentionStart = performance.now();
    const contentionRequestsBefore = requests;
    for (let round = 0; round < ROUNDS; round++) {
      await ok(call(manager, 'POST', '/api/inventory/moves', { partId: part.id, locationId: bin.id, kind: 'received', quantity: STOCK }));
      received += STOCK;
      const results = await Promise.all(
        Array.from({ length: CLIENTS }, (_, i) =>
          call(volunteer, 'POST', `/api/repairs/tickets/${tickets[i % tickets.length]}/parts`, { partId: part.id, locationId: bin.id, quantity: 1 }),
        ),
      );
      const got = results.filter((r) => r.status === 201).length;
      used += got;
      refused += results.filter((r) => r.status === 409).length;
      errors += results.filter((r) => r.status !== 201 && r.status !== 409).length;
      oversold += Math.max(0, got - STOCK);
    }
    const contentionS = (performance.now() - contentionStart) / 1000;
    const contentionRequests = requests - contentionRequestsBefore;
    const after = await ok(call(manager, 'GET', `/api/inventory/parts/${part.id}`));
    const moves = await ok(call(manager, 'GET', `/api/inventory/parts/${part.id}/moves`));
    const sumOfMoves = (moves as Array<{ delta: number }>).reduce((s, m) => s + m.delta, 0);
    // Handed out beyond what existed, seen from the books as well as from the answers.
    oversold = Math.max(oversold, used - received, -after.quantity);

    // ---- intake of DEVICES devices, INTAKE_CONCURRENCY at a time
    const event = await ok(call(volunteer, 'POST', '/api/repairs/events', { name: 'Repair café (bench)', date: '2026-11-28' }));
    let next = 0;
    const intakeStart = performance.now();
    await Promise.all(
      Array.from({ length: INTAKE_CONCURRENCY }, async () => {
        while (next < DEVICES) {
          const i = next++;
          await ok(
            call(volunteer, 'POST', '/api/repairs/intake', {
              purpose: i % 3 === 0 ? 'refurbish' : 'repair',
              category: CATEGORIES[i % CATEGORIES.length],
              brand: 'Marque',
              model: `M${i}`,
              yearOfManufacture: 2015 + (i % 8),
              reportedFault: `Panne n°${i}`,
              eventId: event.id,
            }),
          );
        }
      }),
    );
    const intakeS = (performance.now() - intakeStart) / 1000;
    const exportStart = performance.now();
    const csv = await call(manager, 'GET', '/api/repairs/export/ords.csv');
    const exportS = (performance.now() - exportStart) / 1000;
    const lines = csv.text.split('\r\n').filter(Boolean).length - 1;

    console.log(`database: postgresql (fresh database, dropped at the end)`);
    console.log(`contention: ${ROUNDS} rounds × ${CLIENTS} clients for ${STOCK} units each; ${contentionRequests} requests in ${contentionS.toFixed(2)} s`);
    console.log(`units received=${received} used=${used} refused(409)=${refused} other errors=${errors}`);
    console.log(`stock after=${after.quantity} sum of moves=${sumOfMoves} (must be equal and 0)`);
    console.log(`intake: ${DEVICES} devices in ${intakeS.toFixed(2)} s (${INTAKE_CONCURRENCY} concurrent clients)`);
    console.log(`ORDS export: ${lines} rows, ${(csv.text.length / 1e6).toFixed(2)} MB in ${exportS.toFixed(2)} s`);
    console.log(`HTTP requests made in total: ${requests}`);
    if (after.quantity !== sumOfMoves || errors) process.exitCode = 1;
    console.log(`oversold=${oversold} used=${used} intake_per_s=${(DEVICES / intakeS).toFixed(0)} ords_export_s=${exportS.toFixed(2)}`);
  } finally {
    await app.close();
    await pg.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`parts-contention: ${err?.stack ?? err}\n`);
  process.exit(1);
});
