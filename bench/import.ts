/**
 * bench/import: BENCH_ROWS (10,000) people with a badge and two trainings each, in one CSV as a
 * French spreadsheet saves Fab-manager's members export (`;`, BOM, « Formations validées » with
 * one training per line in its cell) plus our `badges` column, sent as a manager would:
 * POST /api/imports/people/check (dry run), then POST /api/imports/people (one transaction).
 * rows_per_s = rows imported / seconds of the import request (its own checks included).
 * lost = rows whose person, badge or two qualifications are not all in the database afterwards.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { benchConfig, benchPostgres, f2 } from './support/bench-kit';

const ROWS = Number(process.env.BENCH_ROWS ?? 10_000);
const DEFAULT_PG = 'postgres://postgres@127.0.0.1:5432/postgres';

function memberCsv(n: number): string {
  const cell = (s: string) => (/[;"\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [['ID', 'Nom', 'Prénom', 'Courriel', 'Genre', 'Groupe', 'Formations validées', 'badges', 'date_formations'].join(';')];
  for (let i = 0; i < n; i++) {
    const uid = randomBytes(7).toString('hex').toUpperCase();
    lines.push(
      [
        String(i + 1),
        `Nom${i}`,
        `Prénom${i}`,
        `membre${i}@bench.fablab`,
        i % 2 ? 'Homme' : 'Femme',
        'Standard',
        'Découpe laser\nImpression 3D',
        uid,
        '15/01/2026',
      ]
        .map(cell)
        .join(';'),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

async function main() {
  let dropDb = async () => undefined as void;
  if (process.env.BENCH_DB === 'sqlite') delete process.env.DATABASE_URL;
  else {
    const pg = benchPostgres(process.env.DATABASE_URL ?? DEFAULT_PG);
    dropDb = pg.drop;
    await pg.create();
    process.env.DATABASE_URL = pg.url; // before any entity is loaded: column types follow it
  }
  const dbLabel = process.env.DATABASE_URL ? 'postgresql' : 'sqlite';
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fablab-bench-'));
  const { createApp } = require('../src/app.factory') as typeof import('../src/app.factory');
  const { SitesService } = require('../src/sites/sites.service') as typeof import('../src/sites/sites.service');
  const { PeopleService } = require('../src/people/people.service') as typeof import('../src/people/people.service');
  const { TrainingsService } = require('../src/trainings/trainings.service') as typeof import('../src/trainings/trainings.service');
  const { getDataSourceToken } = require('@nestjs/typeorm') as typeof import('@nestjs/typeorm');
  const config = benchConfig(dataDir, { email: 'bench-admin@bench.fablab', password: 'bench-admin-password' });
  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  try {
    app = await createApp(config);
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as import('node:net').AddressInfo).port}`;
    const db = app.get(getDataSourceToken());
    const admin = { id: '00000000-0000-4000-8000-000000000000', role: 'admin' as const, siteId: null, displayName: 'Bench', locale: 'fr' };
    const site = await app.get(SitesService).create({ slug: 'bench-lab', name: 'Fab lab du banc' });
    const email = 'bench-manager@bench.fablab';
    await app.get(PeopleService).create(admin, { siteId: site.id, firstName: 'Responsable', email, password: 'bench-manager-password', role: 'manager' });
    const manager = { ...admin, role: 'manager' as const, siteId: site.id };
    await app.get(TrainingsService).create(manager, { siteId: site.id, name: 'Découpe laser', machineTypes: ['laser'], validityMonths: 12 });
    await app.get(TrainingsService).create(manager, { siteId: site.id, name: 'Impression 3D', machineTypes: ['printer'], validityMonths: null });
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'bench-manager-password' }),
    });
    const token = ((await login.json()) as { token: string }).token;
    const csv = memberCsv(ROWS);
    const send = async (url: string) => {
      const form = new FormData();
      form.append('file', new Blob([csv], { type: 'text/csv' }), 'membres.csv');
      const s = performance.now();
      const res = await fetch(`${base}${url}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
      const body = (await res.json()) as { rejected?: unknown[]; imported?: { people: number }; accepted?: number; message?: string };
      return { status: res.status, body, s: (performance.now() - s) / 1000 };
    };

    const check = await send('/api/imports/people/check');
    if (check.status !== 200) throw new Error(`dry run: ${check.status} ${check.body.message}`);
    const run = await send('/api/imports/people');
    if (run.status !== 201) throw new Error(`import: ${run.status} ${run.body.message}`);
    const imported = run.body.imported?.people ?? 0;
    const rejected = run.body.rejected?.length ?? 0;
    const p = (i: number) => (dbLabel === 'postgresql' ? `$${i}` : '?');
    const [{ n }] = await db.query(
      `SELECT COUNT(*) AS n FROM people pe WHERE pe."siteId" = ${p(1)} AND pe.email LIKE 'membre%'
         AND EXISTS (SELECT 1 FROM badges b WHERE b."personId" = CAST(pe.id AS varchar(36)))
         AND (SELECT COUNT(*) FROM qualifications q WHERE q."personId" = CAST(pe.id AS varchar(36)) AND q."passedOn" = '2026-01-15') = 2`,
      [site.id],
    );
    const lost = ROWS - rejected - Number(n);
    console.log(`database: ${dbLabel}`);
    console.log(`file: ${ROWS} rows, ${(Buffer.byteLength(csv) / 1048576).toFixed(2)} MB (a badge and two trainings per row)`);
    console.log(`dry run: ${f2(check.s)} s, ${check.body.accepted} rows accepted, ${check.body.rejected?.length ?? 0} refused`);
    console.log(`import (checks + one transaction): ${f2(run.s)} s; complete rows found in the database: ${n}`);
    console.log(`imported=${imported} rejected=${rejected} lost=${lost} rows_per_s=${Math.round(imported / run.s)}`);
    if (lost !== 0) process.exitCode = 1;
  } finally {
    await app?.close();
    await dropDb();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`import bench: ${err?.stack ?? err}\n`);
  process.exit(1);
});
