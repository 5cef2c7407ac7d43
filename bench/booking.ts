/**
 * bench/booking: seeds BENCH_BOOKINGS (100,000) bookings over 40 machines, then measures
 * - the availability of one machine over a week (GET /api/bookings/availability), p50 and p99;
 * - booking throughput under contention: BENCH_CLIENTS concurrent clients send BENCH_ATTEMPTS
 *   POST /api/bookings for random slots of 4 machines over 10 days, so many collide (409).
 * `bookings_per_s` counts accepted bookings per second of that phase; the conflict rate is printed.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';

const TOTAL = Number(process.env.BENCH_BOOKINGS ?? 100_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 400);
const ATTEMPTS = Number(process.env.BENCH_ATTEMPTS ?? 2000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const MACHINES = 40;
const DEFAULT_PG = 'postgres://postgres@127.0.0.1:5432';

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);
const f2 = (n: number) => n.toFixed(2);

async function pgReachable(url: string): Promise<boolean> {
  const u = new URL(url);
  u.pathname = '/postgres';
  const c = new Client({ connectionString: u.toString(), connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

async function freshPostgres(url: string) {
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

let closing = false;
for (const event of ['unhandledRejection', 'uncaughtException'] as const) {
  process.on(event, (err: any) => {
    if (closing) return;
    process.stderr.write(`booking bench: ${event}: ${err?.stack ?? err}\n`);
    process.exit(1);
  });
}

async function main() {
  let dropDb = async () => undefined as void;
  if (process.env.BENCH_DB === 'sqlite') delete process.env.DATABASE_URL;
  else if (!process.env.DATABASE_URL && (await pgReachable(DEFAULT_PG))) process.env.DATABASE_URL = `${DEFAULT_PG}/postgres`;
  const dbLabel = process.env.DATABASE_URL ? 'postgresql' : 'sqlite';
  if (process.env.DATABASE_URL) {
    // Before any entity is loaded: column types follow DATABASE_URL.
    const pg = await freshPostgres(process.env.DATABASE_URL);
    process.env.DATABASE_URL = pg.url;
    dropDb = pg.drop;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fablab-bench-'));
  const { createApp } = require('../src/app.factory') as typeof import('../src/app.factory');
  const { AppConfig } = require('../src/config/app-config') as typeof import('../src/config/app-config');
  const { SitesService } = require('../src/sites/sites.service') as typeof import('../src/sites/sites.service');
  const { MachinesService } = require('../src/machines/machines.service') as typeof import('../src/machines/machines.service');
  const { PeopleService } = require('../src/people/people.service') as typeof import('../src/people/people.service');
  const { TrainingsService } = require('../src/trainings/trainings.service') as typeof import('../src/trainings/trainings.service');
  const { SiteHoursService } = require('../src/bookings/site-hours.service') as typeof import('../src/bookings/site-hours.service');
  const { Booking } = require('../src/bookings/entities/booking.entity') as typeof import('../src/bookings/entities/booking.entity');
  const { getDataSourceToken } = require('@nestjs/typeorm') as typeof import('@nestjs/typeorm');

  const config = AppConfig.fromEnv({
    ...process.env,
    NODE_ENV: 'production',
    DATA_DIR: dataDir,
    PORT: '0',
    MQTT_PORT: '0',
    MQTT_HOST: '127.0.0.1',
    MQTT_URL: undefined,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    ADMIN_EMAIL: 'bench-admin@bench.fablab',
    ADMIN_PASSWORD: 'bench-admin-password',
    QUEUE_PREFIX: `bench${randomBytes(4).toString('hex')}`,
  });
  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  try {
    app = await createApp(config);
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as import('node:net').AddressInfo).port}`;
    const admin = { id: randomUUID(), role: 'admin' as const, siteId: null, displayName: 'Bench', locale: 'fr' };

    // ---- seed: a site always open, 40 bookable lasers, a trained entrepreneur, 100,000 bookings
    const t0 = performance.now();
    const site = await app.get(SitesService).create({ slug: 'bench-lab', name: 'Bench lab' });
    const machines = [];
    for (let i = 0; i < MACHINES; i++) {
      const m = await app.get(MachinesService).create(admin, { siteId: site.id, slug: `laser-${i}`, name: `Laser ${i}`, type: 'laser' });
      await app.get(SiteHoursService).setBookable(admin, m.id, { slotMinutes: 30, minMinutes: 30, maxMinutes: 240, horizonDays: 365 });
      machines.push(m);
    }
    const training = await app.get(TrainingsService).create(admin, { siteId: site.id, name: 'Découpe laser', machineTypes: ['laser'], validityMonths: 12 });
    const email = 'bench-maker@bench.fablab';
    const person = await app
      .get(PeopleService)
      .create(admin, { siteId: site.id, firstName: 'Bench', lastName: 'Maker', email, password: 'bench-maker-password', role: 'entrepreneur' });
    await app
      .get(TrainingsService)
      .recordPass(admin, { personId: person.id, trainingId: training.id, passedOn: new Date(Date.now() - 5 * 86400_000).toISOString().slice(0, 10) });

    // Per machine: 30-minute bookings with 30-minute gaps, from 100 days ago onwards.
    const perMachine = Math.ceil(TOTAL / MACHINES);
    const hour = 3600_000;
    const origin = Math.floor((Date.now() - 100 * 86400_000) / hour) * hour;
    const repo = app.get(getDataSourceToken()).getRepository(Booking);
    let inserted = 0;
    const chunk: Array<Partial<InstanceType<typeof Booking>>> = [];
    const flush = async () => {
      if (chunk.length) await repo.insert(chunk.splice(0));
    };
    for (const m of machines) {
      for (let k = 0; k < perMachine && inserted < TOTAL; k++, inserted++) {
        const start = new Date(origin + k * hour);
        chunk.push({
          id: randomUUID(),
          siteId: site.id,
          machineId: m.id,
          personId: person.id,
          kind: 'booking',
          note: '',
          status: k % 10 === 0 ? 'cancelled' : 'active',
          startsAt: start,
          endsAt: new Date(start.getTime() + 30 * 60_000),
          createdById: person.id,
          createdAt: new Date(),
          cancelledAt: null,
        });
        if (chunk.length >= 500) await flush();
      }
    }
    await flush();
    const seedMs = performance.now() - t0;
    const seededUntil = origin + perMachine * hour;
    const token = (
      await (
        await fetch(`${base}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password: 'bench-maker-password' }),
        })
      ).json()
    ).token as string;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

    // ---- availability: one machine, one week inside the seeded range (from today on)
    const lat: number[] = [];
    for (let i = 0; i < QUERIES; i++) {
      const m = machines[i % MACHINES];
      const day = new Date(Date.now() + ((i * 7) % Math.max(1, Math.floor((seededUntil - Date.now()) / 86400_000) - 7)) * 86400_000).toISOString().slice(0, 10);
      const s = performance.now();
      const res = await fetch(`${base}/api/bookings/availability?machineId=${m.id}&week=${day}`, { headers });
      const body = await res.json();
      lat.push(performance.now() - s);
      if (res.status !== 200 || !Array.isArray(body.slots)) throw new Error(`availability answered ${res.status}`);
    }
    lat.sort((a, b) => a - b);

    // ---- contention: CLIENTS clients, ATTEMPTS bookings for random slots of 4 machines over 10 days after the seeded range
    const hot = machines.slice(0, 4);
    const firstSlot = Math.ceil(Math.max(seededUntil, Date.now()) / hour) * hour + 86400_000;
    const slots = 10 * 48;
    let next = 0;
    const count = { 201: 0, 409: 0, other: 0, network: 0 };
    const t1 = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < ATTEMPTS) {
          next++;
          const start = new Date(firstSlot + Math.floor(Math.random() * slots) * 30 * 60_000);
          const len = (1 + Math.floor(Math.random() * 2)) * 30 * 60_000;
          const body = JSON.stringify({
            machineId: hot[Math.floor(Math.random() * hot.length)].id,
            startsAt: start.toISOString(),
            endsAt: new Date(start.getTime() + len).toISOString(),
          });
          let status = 0;
          for (let attempt = 0; attempt < 3 && !status; attempt++) {
            try {
              const res = await fetch(`${base}/api/bookings`, { method: 'POST', headers, body });
              await res.arrayBuffer();
              status = res.status;
            } catch {
              count.network++; // a socket reset on an overloaded host: the same request is sent again
            }
          }
          if (status === 201 || status === 409) count[status]++;
          else count.other++;
        }
      }),
    );
    const contentionS = (performance.now() - t1) / 1000;
    if (count.other) throw new Error(`${count.other} booking requests failed otherwise than 201/409`);

    // ---- check: no two active bookings of one machine overlap
    const overlaps = await app.get(getDataSourceToken()).query(
      `SELECT COUNT(*) AS n FROM bookings a JOIN bookings b ON a."machineId" = b."machineId" AND a.id < b.id AND a.status = 'active' AND b.status = 'active' AND a."startsAt" < b."endsAt" AND b."startsAt" < a."endsAt" WHERE a."machineId" IN (${hot.map((_, i) => `$${i + 1}`).join(',')})`.replace(
        /\$\d+/g,
        (m) => (dbLabel === 'sqlite' ? '?' : m),
      ),
      hot.map((m) => m.id),
    );

    console.log(`database: ${dbLabel}`);
    console.log(`seeded ${inserted} bookings on ${MACHINES} machines in ${f2(seedMs / 1000)} s`);
    console.log(
      `availability (1 machine, 1 week, ${QUERIES} queries over HTTP): p50 ${f2(pct(lat, 50))} ms, p99 ${f2(pct(lat, 99))} ms, max ${f2(lat[lat.length - 1])} ms`,
    );
    console.log(
      `contention: ${CLIENTS} clients, ${ATTEMPTS} attempts on ${hot.length} machines × ${slots} slots in ${f2(contentionS)} s: ${count[201]} booked, ${count[409]} refused with 409 (${f2((100 * count[409]) / ATTEMPTS)} %), ${f2(ATTEMPTS / contentionS)} requests/s, ${count.network} network retries`,
    );
    console.log(`overlapping active bookings found afterwards: ${Number(overlaps[0].n)}`);
    console.log(`availability_p50_ms=${f2(pct(lat, 50))} availability_p99_ms=${f2(pct(lat, 99))} bookings_per_s=${f2(count[201] / contentionS)}`);
  } finally {
    closing = true;
    await app?.close().catch(() => undefined);
    await dropDb().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`booking bench failed: ${err?.stack ?? err}\n`);
    process.exit(1);
  },
);
