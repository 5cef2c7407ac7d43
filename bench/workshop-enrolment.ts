/**
 * bench/workshop-enrolment:
 * - BENCH_ROUNDS (20) rounds: BENCH_PEOPLE (300) people enrol at the same moment in a 12-seat
 *   workshop through the HTTP API (POST /api/workshops/:id/enrol); seats taken, people waiting and
 *   enrolments beyond capacity (must be 0) are counted from the database afterwards.
 * - then progress toward an 8-skill certification for BENCH_LEARNERS (10,000) people with
 *   BENCH_EVIDENCE (50) pieces of evidence each, one person at a time (p50/p99 per person).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 300);
const SEATS = 12;
const LEARNERS = Number(process.env.BENCH_LEARNERS ?? 10_000);
const EVIDENCE = Number(process.env.BENCH_EVIDENCE ?? 50);
const DEFAULT_PG = 'postgres://postgres@127.0.0.1:5432';

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);
const f2 = (n: number) => n.toFixed(2);

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

async function main() {
  let dropDb = async () => undefined as void;
  if (process.env.BENCH_DB === 'sqlite') delete process.env.DATABASE_URL;
  else {
    const pg = await freshPostgres(process.env.DATABASE_URL ?? `${DEFAULT_PG}/postgres`);
    process.env.DATABASE_URL = pg.url; // before any entity is loaded: column types follow it
    dropDb = pg.drop;
  }
  const dbLabel = process.env.DATABASE_URL ? 'postgresql' : 'sqlite';
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fablab-bench-'));
  const { createApp } = require('../src/app.factory') as typeof import('../src/app.factory');
  const { AppConfig } = require('../src/config/app-config') as typeof import('../src/config/app-config');
  const { SitesService } = require('../src/sites/sites.service') as typeof import('../src/sites/sites.service');
  const { PeopleService } = require('../src/people/people.service') as typeof import('../src/people/people.service');
  const { Person } = require('../src/people/entities/person.entity') as typeof import('../src/people/entities/person.entity');
  const { WorkshopsService } = require('../src/skills/workshops.service') as typeof import('../src/skills/workshops.service');
  const { FrameworksService } = require('../src/skills/frameworks.service') as typeof import('../src/skills/frameworks.service');
  const { EvidenceService } = require('../src/skills/evidence.service') as typeof import('../src/skills/evidence.service');
  const { PathsService } = require('../src/skills/paths.service') as typeof import('../src/skills/paths.service');
  const { SkillEvidence } = require('../src/skills/entities/skill-evidence.entity') as typeof import('../src/skills/entities/skill-evidence.entity');
  const { WorkshopEnrolment } =
    require('../src/skills/entities/workshop-enrolment.entity') as typeof import('../src/skills/entities/workshop-enrolment.entity');
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
    const db = app.get(getDataSourceToken());
    const admin = { id: randomUUID(), role: 'admin' as const, siteId: null, displayName: 'Bench', locale: 'fr' };
    const site = await app.get(SitesService).create({ slug: 'bench-epn', name: 'EPN du banc' });
    const email = 'bench-mediator@bench.fablab';
    await app.get(PeopleService).create(admin, { siteId: site.id, firstName: 'Médiatrice', email, password: 'bench-mediator-password', role: 'trainer' });
    const token = (
      await (
        await fetch(`${base}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password: 'bench-mediator-password' }),
        })
      ).json()
    ).token as string;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

    // ---- enrolment: PEOPLE people press "enrol" at once, ROUNDS times (a new workshop each round)
    const people = Array.from({ length: PEOPLE }, (_, i) => ({
      id: randomUUID(),
      siteId: site.id,
      firstName: `Personne ${i}`,
      lastName: '',
      role: 'maker' as const,
      active: true,
    }));
    for (let i = 0; i < people.length; i += 100) await db.getRepository(Person).insert(people.slice(i, i + 100));
    const enrolLat: number[] = [];
    const answered = { enrolled: 0, waiting: 0, other: 0 };
    const workshops: { id: string; capacity: number }[] = [];
    const tEnrol = performance.now();
    for (let round = 0; round < ROUNDS; round++) {
      const w = await app.get(WorkshopsService).create(site.id, {
        title: `Atelier ${round + 1}`,
        theme: 'computer_basics',
        startsAt: new Date(Date.now() + (round + 1) * 86400_000).toISOString(),
        durationMinutes: 120,
        capacity: SEATS,
      });
      workshops.push(w);
      await Promise.all(
        people.map(async (p) => {
          const s = performance.now();
          let status = '';
          for (let attempt = 0; attempt < 3 && !status; attempt++) {
            try {
              const res = await fetch(`${base}/api/workshops/${w.id}/enrol`, { method: 'POST', headers, body: JSON.stringify({ personId: p.id }) });
              const body = await res.json();
              status = res.status === 201 ? body.status : `http_${res.status}`;
            } catch {
              // socket reset on an overloaded host: the same request again (enrolment is idempotent)
            }
          }
          enrolLat.push(performance.now() - s);
          if (status === 'enrolled' || status === 'waiting') answered[status]++;
          else answered.other++;
        }),
      );
    }
    const enrolS = (performance.now() - tEnrol) / 1000;
    const repo = db.getRepository(WorkshopEnrolment);
    let enrolled = 0;
    let waitlisted = 0;
    let overbooked = 0;
    for (const w of workshops) {
      const e = await repo.countBy({ workshopId: w.id, status: 'enrolled' });
      const q = await repo.countBy({ workshopId: w.id, status: 'waiting' });
      enrolled += e;
      waitlisted += q;
      overbooked += Math.max(0, e - w.capacity);
    }
    enrolLat.sort((a, b) => a - b);

    // ---- progress: LEARNERS people × EVIDENCE pieces of evidence, an 8-skill target
    const skills = await app.get(FrameworksService).currentSkills(site.id);
    const pix = skills.filter((s) => !s.code.startsWith('machine:'));
    const machine = skills.filter((s) => s.code.startsWith('machine:'));
    const tSeed = performance.now();
    const learners = Array.from({ length: LEARNERS }, () => randomUUID());
    const evRepo = db.getRepository(SkillEvidence);
    let rows: object[] = [];
    let n = 0;
    for (const personId of learners) {
      for (let k = 0; k < EVIDENCE; k++) {
        const useMachine = k % 5 === 0;
        const skill = useMachine ? machine[k % machine.length] : pix[(k * 7 + n) % pix.length];
        rows.push({
          id: randomUUID(),
          siteId: site.id,
          personId,
          skillId: skill.id,
          level: 1 + ((k + n) % (useMachine ? 3 : 8)),
          date: '2026-03-02',
          source: 'workshop',
          sourceRef: `bench:${k}`,
          validatedBy: null,
          note: '',
        });
        if (rows.length >= 1000) {
          await evRepo.insert(rows);
          rows = [];
        }
      }
      n++;
    }
    if (rows.length) await evRepo.insert(rows);
    const seedS = (performance.now() - tSeed) / 1000;
    const cert = await app.get(PathsService).createCertification(site.id, {
      name: 'Pix — prêt pour la certification',
      requirements: [...pix.slice(0, 6).map((s) => ({ skillId: s.id, level: 4 })), ...machine.slice(0, 2).map((s) => ({ skillId: s.id, level: 2 }))],
    });
    const evidence = app.get(EvidenceService);
    const progLat: number[] = [];
    let achieved = 0;
    let percentSum = 0;
    const tProg = performance.now();
    for (const personId of learners) {
      const s = performance.now();
      const p = (await evidence.progressOf([personId], cert.requirements)).get(personId)!;
      progLat.push(performance.now() - s);
      if (p.achieved) achieved++;
      percentSum += p.percent;
    }
    const progS = (performance.now() - tProg) / 1000;
    progLat.sort((a, b) => a - b);

    console.log(`database: ${dbLabel}`);
    console.log(
      `enrolment: ${ROUNDS} rounds × ${PEOPLE} people at once for ${SEATS} seats, ${f2(enrolS)} s; answers enrolled=${answered.enrolled} waiting=${answered.waiting} other=${answered.other}`,
    );
    console.log(`enrolment latency under the rush: p50=${f2(pct(enrolLat, 50))} ms p99=${f2(pct(enrolLat, 99))} ms`);
    console.log(`seats taken: ${enrolled} (of ${ROUNDS * SEATS}), people waiting: ${waitlisted}, enrolled beyond capacity: ${overbooked}`);
    console.log(`evidence seeded: ${LEARNERS * EVIDENCE} rows for ${LEARNERS} people in ${f2(seedS)} s`);
    console.log(
      `progress toward an 8-skill target, one person at a time: ${LEARNERS} people in ${f2(progS)} s, p50=${f2(pct(progLat, 50))} ms p99=${f2(pct(progLat, 99))} ms; achieved=${achieved}, mean=${f2(percentSum / LEARNERS)} %`,
    );
    console.log(`overbooked=${overbooked} enrolled=${enrolled} waitlisted=${waitlisted} progress_p99_ms=${f2(pct(progLat, 99))}`);
    if (overbooked !== 0 || answered.other !== 0) process.exitCode = 1;
  } finally {
    await app?.close();
    await dropDb();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`workshop-enrolment bench: ${err?.stack ?? err}\n`);
  process.exit(1);
});
