/**
 * bench/invoice-numbering (see the shell script): two instances, many clients, one numbered series.
 * Checks the series afterwards straight from the database: numbers 1…n with no gap nor duplicate,
 * every hash chained to the previous one (the same check as `npm run invoices:verify`).
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const INVOICES = Number(process.env.BENCH_INVOICES ?? 2000);
const CREDIT_NOTES = Number(process.env.BENCH_CREDIT_NOTES ?? 200);
const ADMIN_EMAIL = 'bench-admin@bench.fablab';
const ADMIN_PASSWORD = 'bench-admin-password';

async function admin(url: string, sql: string) {
  const u = new URL(url);
  u.pathname = '/postgres';
  const c = new Client({ connectionString: u.toString() });
  await c.connect();
  await c.query(sql);
  await c.end();
}

/** Runs `n` tasks with `width` of them at once. */
async function pool(n: number, width: number, task: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) await task(next++);
    }),
  );
}

async function main() {
  const name = `fablab_bench_${randomBytes(5).toString('hex')}`;
  await admin(process.env.DATABASE_URL!, `CREATE DATABASE ${name}`);
  const u = new URL(process.env.DATABASE_URL!);
  u.pathname = `/${name}`;
  process.env.DATABASE_URL = u.toString(); // before any entity is loaded: column types follow it
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fablab-bench-'));
  const { createApp } = require('../src/app.factory') as typeof import('../src/app.factory');
  const { AppConfig } = require('../src/config/app-config') as typeof import('../src/config/app-config');
  const { verifyChain } = require('../src/invoices/invoice-chain') as typeof import('../src/invoices/invoice-chain');
  const prefix = `b${randomBytes(4).toString('hex')}`;
  const config = () =>
    AppConfig.fromEnv({
      ...process.env,
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      PORT: '0',
      MQTT_PORT: '0',
      MQTT_HOST: '127.0.0.1',
      QUEUE_PREFIX: prefix,
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
      ADMIN_EMAIL,
      ADMIN_PASSWORD,
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: '0',
      RATE_LIMIT_LOGIN_PER_MINUTE: '0',
    });
  const apps = [await createApp(config())];
  apps.push(await createApp(config()));
  const bases: string[] = [];
  for (const app of apps) {
    await app.listen(0, '127.0.0.1');
    bases.push(`http://127.0.0.1:${(app.getHttpServer().address() as import('node:net').AddressInfo).port}`);
  }
  try {
    const call = async (i: number, token: string | null, method: string, url: string, body?: unknown) => {
      const res = await fetch(bases[i % 2] + url, {
        method,
        headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
      if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    const login = async (email: string, password: string) => (await call(0, null, 'POST', '/api/auth/login', { email, password })).token as string;
    const adminToken = await login(ADMIN_EMAIL, ADMIN_PASSWORD);
    const site = await call(0, adminToken, 'POST', '/api/sites', { slug: `bench-${prefix}`, name: 'Bench' });
    const email = `tresorier-${prefix}@bench.fablab`;
    await call(0, adminToken, 'POST', '/api/people', {
      siteId: site.id,
      firstName: 'Tré',
      lastName: 'Sorier',
      role: 'manager',
      email,
      password: 'manager-password-1',
    });
    const manager = await login(email, 'manager-password-1');
    await call(0, manager, 'POST', '/api/charges/prices', {
      siteId: site.id,
      label: 'PLA',
      consumable: 'pla',
      unit: 'gram',
      unitCents: 10,
      vatBasisPoints: 2000,
    });
    const month = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris' }).format(new Date()).slice(0, 7);
    // One member (and monthly statement) per client, so what is measured is the site's one series.
    const refs: string[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const member = await call(i, manager, 'POST', '/api/people', { siteId: site.id, firstName: `Membre${i}`, lastName: 'Bench' });
      await call(i, manager, 'POST', '/api/charges/consumables', { personId: member.id, consumable: 'pla', quantity: Math.ceil(INVOICES / CLIENTS / 12) + 10 });
      refs.push(`${site.id}/${month}/${member.id}`);
    }

    const payments: string[] = [];
    const t0 = performance.now();
    await pool(INVOICES, CLIENTS, async (i) => {
      const p = await call(i, manager, 'POST', '/api/payments/desk', { kind: 'statement', ref: refs[i % refs.length], method: 'cash', amountEuros: '0,01' });
      payments.push(p.id as string);
    });
    const invoiceSeconds = (performance.now() - t0) / 1000;
    await pool(CREDIT_NOTES, CLIENTS, async (i) => {
      await call(i, manager, 'POST', `/api/payments/${payments[i]}/refund`, {});
    });
    const totalSeconds = (performance.now() - t0) / 1000;

    const db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    const rows = (await db.query('SELECT * FROM "invoices" WHERE "siteId" = $1', [site.id])).rows;
    await db.end();
    const docs = rows.map((r) => ({ ...r, seller: JSON.parse(r.seller), buyer: JSON.parse(r.buyer), lines: JSON.parse(r.lines) }));
    const report = verifyChain(docs);
    console.log(
      `invoices=${docs.filter((d) => d.kind === 'invoice').length} credit_notes=${docs.filter((d) => d.kind === 'credit_note').length} clients=${CLIENTS} instances=2`,
    );
    console.log(`invoice_phase_s=${invoiceSeconds.toFixed(1)} total_s=${totalSeconds.toFixed(1)}`);
    console.log(
      `gaps=${report.gaps.length} duplicates=${report.duplicates.length} chain_ok=${report.broken.length === 0 && docs.length === INVOICES + CREDIT_NOTES ? 1 : 0} invoices_per_s=${((INVOICES + CREDIT_NOTES) / totalSeconds).toFixed(1)}`,
    );
  } finally {
    for (const app of apps) await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    await admin(process.env.DATABASE_URL!.replace(`/${name}`, '/postgres'), `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
