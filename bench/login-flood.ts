/**
 * bench/login-flood: what password hashing costs the event loop that decides badges. Machines
 * badge at a steady rate (BENCH_BADGES_PER_S) in windows of BENCH_SECONDS: one with no login, then
 * one while BENCH_FLOOD clients (default 8) post wrong passwords for real accounts as fast as they
 * get answers, BENCH_CYCLES times (default 4). Rate limits are lifted (RATE_LIMIT_*=0, LOGIN_FAILURES_*=0) so every login really
 * hashes: this measures hashing, not the limiter.
 * Last line: `badge_p99_ms=… flood_badge_p99_ms=… flood_ratio=… logins_s=…`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import mqtt, { MqttClient } from 'mqtt';
import { BenchBridge, benchConfig, benchPostgres, f2, pct, sleep, uid } from './support/bench-kit';

/** Calm and flood windows alternate, so a neighbour's load drifting during the run hits both alike. */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CYCLES = Number(process.env.BENCH_CYCLES ?? 4);
const BADGES_PER_S = Number(process.env.BENCH_BADGES_PER_S ?? 20);
const FLOOD = Number(process.env.BENCH_FLOOD ?? 8);
const MACHINES = 20;
const ADMIN = { email: 'bench-admin@bench.fablab', password: 'bench-admin-password' };

async function main() {
  let dropDb = async () => undefined as void;
  let dbLabel = 'sqlite';
  if (process.env.DATABASE_URL) {
    const pg = benchPostgres(process.env.DATABASE_URL);
    await pg.create();
    process.env.DATABASE_URL = pg.url;
    dropDb = pg.drop;
    dbLabel = 'postgresql';
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fablab-bench-'));
  const { createApp } = require('../src/app.factory') as typeof import('../src/app.factory');
  const { MqttService } = require('../src/infra/mqtt/mqtt.service') as typeof import('../src/infra/mqtt/mqtt.service');
  const { SitesService } = require('../src/sites/sites.service') as typeof import('../src/sites/sites.service');
  const { MachinesService } = require('../src/machines/machines.service') as typeof import('../src/machines/machines.service');
  const { PeopleService } = require('../src/people/people.service') as typeof import('../src/people/people.service');
  const { BridgesService } = require('../src/bridges/bridges.service') as typeof import('../src/bridges/bridges.service');

  const config = benchConfig(dataDir, ADMIN, {
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '0',
    RATE_LIMIT_LOGIN_PER_MINUTE: '0',
    LOGIN_FAILURES_PER_ACCOUNT: '0',
    LOGIN_FAILURES_PER_ADDRESS: '0',
  });
  let client: MqttClient | undefined;
  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  try {
    app = await createApp(config);
    await app.listen(0, '127.0.0.1');
    const url = await app.getUrl();
    const admin = { id: randomUUID(), role: 'admin' as const, siteId: null, displayName: 'Bench', locale: 'fr' };
    const site = await app.get(SitesService).create({ slug: 'bench-lab', name: 'Bench lab' });
    const slugs: string[] = [];
    for (let i = 0; i < MACHINES; i++) {
      const slug = `m-${String(i).padStart(2, '0')}`;
      await app.get(MachinesService).create(admin, { siteId: site.id, slug, name: `Machine ${i}`, type: 'laser' });
      slugs.push(slug);
    }
    const people = app.get(PeopleService);
    const cards: string[] = [];
    for (let i = 0; i < MACHINES; i++) {
      const p = await people.create(admin, { siteId: site.id, firstName: `Novice${i}`, lastName: 'Bench' });
      cards.push((await people.addBadge(admin, { personId: p.id, uid: uid() })).uid);
    }
    // The flood's targets: real accounts, so each wrong password costs a real hash check.
    const accounts: string[] = [];
    for (let i = 0; i < FLOOD; i++) {
      const email = `manager-${i}@bench.fablab`;
      await people.create(admin, { siteId: site.id, firstName: `Manager${i}`, role: 'manager', email, password: `right-password-${i}-bench` });
      accounts.push(email);
    }
    const reg = await app.get(BridgesService).register(admin, { siteId: site.id, slug: 'bench-1', machines: slugs });
    client = await mqtt.connectAsync(`mqtt://127.0.0.1:${app.get(MqttService).embeddedPort}`, {
      username: reg.credentials.username,
      password: reg.credentials.password,
      clientId: reg.credentials.clientId,
      reconnectPeriod: 0,
      protocolVersion: 4,
    });
    await client.subscribeAsync(
      slugs.map((s) => `fablab/v1/${site.slug}/machines/${s}/access`),
      { qos: 1 },
    );
    const bridge = new BenchBridge(client);

    const badge = async (i: number): Promise<number> => {
      const requestId = randomUUID();
      const answer = bridge.wait(requestId);
      const sent = performance.now();
      const topic = `fablab/v1/${site.slug}/machines/${slugs[i % MACHINES]}/badge`;
      await client!.publishAsync(topic, JSON.stringify({ requestId, uid: cards[i % MACHINES], ts: new Date().toISOString() }), { qos: 1 });
      return (await answer).at - sent;
    };
    /** Badges at a steady rate (not one after the other: a slow answer must not slow the next badge). */
    const steadyBadges = async (): Promise<number[]> => {
      const pending: Array<Promise<number>> = [];
      const start = performance.now();
      for (let i = 0; performance.now() - start < SECONDS * 1000; i++) {
        pending.push(badge(i));
        await sleep(Math.max(0, start + ((i + 1) * 1000) / BADGES_PER_S - performance.now()));
      }
      return Promise.all(pending);
    };

    for (let i = 0; i < MACHINES; i++) await badge(i); // warm-up

    let flooding = false;
    let logins = 0;
    let floodMs = 0;
    const wrongLogin = async (email: string) => {
      while (flooding) {
        const res = await fetch(`${url}/api/auth/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ email, password: `wrong-password-${randomBytes(4).toString('hex')}` }),
        });
        await res.arrayBuffer();
        if (res.status !== 401) throw new Error(`a wrong password got ${res.status}`);
        logins++;
      }
    };
    const calm: number[] = [];
    const stormy: number[] = [];
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      calm.push(...(await steadyBadges()));
      flooding = true;
      const tFlood = performance.now();
      const flood = accounts.map(wrongLogin);
      stormy.push(...(await steadyBadges()));
      flooding = false;
      await Promise.all(flood);
      floodMs += performance.now() - tFlood;
    }
    calm.sort((a, b) => a - b);
    stormy.sort((a, b) => a - b);
    const loginsPerSecond = logins / (floodMs / 1000);

    const p99 = pct(calm, 99);
    const floodP99 = pct(stormy, 99);
    const row = (name: string, xs: number[]) =>
      `${name.padEnd(22)} ${String(xs.length).padStart(5)} ${[50, 90, 99].map((p) => f2(pct(xs, p)).padStart(8)).join(' ')} ${f2(xs[xs.length - 1]).padStart(8)}`;
    process.stdout.write(
      [
        `login-flood: ${BADGES_PER_S} badges/s, ${CYCLES} × (${SECONDS} s calm + ${SECONDS} s flood), ${FLOOD} parallel wrong-password logins, HASH_CONCURRENCY=${config.env.HASH_CONCURRENCY}, ${dbLabel}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}`,
        `${'(ms)'.padEnd(22)} ${'n'.padStart(5)} ${'p50'.padStart(8)} ${'p90'.padStart(8)} ${'p99'.padStart(8)} ${'max'.padStart(8)}`,
        row('badge, no login', calm),
        row('badge, login flood', stormy),
        `wrong logins answered: ${logins} (${loginsPerSecond.toFixed(1)}/s)`,
        '',
        `badge_p99_ms=${f2(p99)} flood_badge_p99_ms=${f2(floodP99)} flood_ratio=${f2(floodP99 / p99)} logins_s=${loginsPerSecond.toFixed(1)}`,
      ].join('\n') + '\n',
    );
  } finally {
    await client?.endAsync(true).catch(() => undefined);
    await app?.close().catch((err) => process.stderr.write(`closing the app: ${err?.message ?? err}\n`));
    await dropDb().catch((err) => process.stderr.write(`dropping the bench database: ${err?.message ?? err}\n`));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`login-flood failed: ${err?.stack ?? err}\n`);
    process.exit(1);
  },
);
