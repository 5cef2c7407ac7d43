/**
 * bench/mediation-report: a federation's mediation log, its reports and its national export.
 * Seeds BENCH_SITES sites (default 50), 2 mediators and 40 followed people each, and
 * BENCH_ACTIVITIES activities (default 200 000) over the last 3 years: three in four individual
 * (one person), one in four a workshop of 3 to 12 participants, 1 to 3 topics each (SQLite in a
 * temporary folder, or PostgreSQL when DATABASE_URL is set: a fresh database, dropped after).
 * Then times a year's report for one site (200 runs over the sites, p50/p99) and the federation's
 * XLSX of the last 12 months (every site; BENCH_EXPORT_YEARS=3 for the whole log), written to a
 * file by the streaming writer while the process's memory is sampled.
 * Last line: `report_p99_ms=… export_s=… rows=…`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { benchConfig, benchPostgres, pct } from './support/bench-kit';

const ACTIVITIES = Number(process.env.BENCH_ACTIVITIES ?? 200_000);
const SITES = Number(process.env.BENCH_SITES ?? 50);
const FOLLOWED_PER_SITE = 40;
const REPORT_RUNS = 200;
const EXPORT_YEARS = Number(process.env.BENCH_EXPORT_YEARS ?? 1);
const CHUNK = 400;

const GENERAL = ['email', 'navigation_sur_internet', 'bureautique', 'securite_numerique', 'sante', 'insertion_professionnelle', 'prendre_en_main_du_materiel'];
const ADMIN = ['social_sante', 'logement', 'argent_impots', 'papiers_elections_citoyennete'];
const PLACES = ['lieu_activite', 'lieu_activite', 'lieu_activite', 'domicile', 'a_distance', 'autre'] as const;
const GENDERS = ['masculin', 'feminin', 'feminin', 'non_communique'] as const;
const BANDS = [
  'dix_huit_vingt_quatre',
  'vingt_cinq_trente_neuf',
  'quarante_cinquante_neuf',
  'soixante_soixante_neuf',
  'soixante_dix_plus',
  'non_communique',
] as const;
const STATUSES = ['sans_emploi', 'en_emploi', 'retraite', 'non_communique'] as const;

/** A small deterministic generator, so two runs seed the same log. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function main() {
  let drop = async () => undefined as unknown;
  let dbLabel = 'sqlite (temporary folder)';
  if (process.env.DATABASE_URL) {
    const pg = benchPostgres(process.env.DATABASE_URL);
    await pg.create();
    process.env.DATABASE_URL = pg.url;
    drop = pg.drop;
    dbLabel = `postgresql (${pg.name}, dropped at the end)`;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fablab-bench-'));
  const { createApp } = require('../src/app.factory') as typeof import('../src/app.factory');
  const { SitesService } = require('../src/sites/sites.service') as typeof import('../src/sites/sites.service');
  const { PeopleService } = require('../src/people/people.service') as typeof import('../src/people/people.service');
  const { MediationReportsService } = require('../src/mediation/mediation-reports.service') as typeof import('../src/mediation/mediation-reports.service');
  const { MediationExport } = require('../src/mediation/mediation-export') as typeof import('../src/mediation/mediation-export');
  const entities = require('../src/mediation/entities') as typeof import('../src/mediation/entities');
  const { DataSource } = require('typeorm') as typeof import('typeorm');

  const app = await createApp(benchConfig(dataDir, { email: 'bench@bench.local', password: `bench-${randomBytes(6).toString('hex')}` }));
  try {
    const admin = { id: randomUUID(), role: 'admin' as const, siteId: null, displayName: 'Bench', locale: 'fr' };
    const db = app.get(DataSource);
    const seed0 = performance.now();
    const sites: Array<{ id: string; mediators: string[]; followed: string[] }> = [];
    const followedRows: object[] = [];
    for (let s = 0; s < SITES; s++) {
      const site = await app.get(SitesService).create({ slug: `epn-${s}`, name: `EPN ${s}` });
      const mediators: string[] = [];
      for (let m = 0; m < 2; m++)
        mediators.push(
          (await app.get(PeopleService).create(admin, { siteId: site.id, firstName: `Médiatrice${m}`, lastName: `Lieu${s}`, role: 'mediator' })).id,
        );
      const followed = Array.from({ length: FOLLOWED_PER_SITE }, () => randomUUID());
      for (const personId of followed)
        followedRows.push({
          personId,
          siteId: site.id,
          consentAt: new Date(),
          consentRecordedBy: mediators[0],
          gender: 'feminin',
          socialStatus: 'sans_emploi',
          milestoneMailed: 0,
        });
      sites.push({ id: site.id, mediators, followed });
    }
    for (let i = 0; i < followedRows.length; i += CHUNK) await db.getRepository(entities.FollowedPerson).insert(followedRows.slice(i, i + CHUNK));

    const random = rng(42);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
    const today = new Date();
    const dayAgo = (n: number) => new Date(today.getTime() - n * 86400_000).toISOString().slice(0, 10);
    let activities: object[] = [];
    let accompaniments: object[] = [];
    let topics: object[] = [];
    let rowsTotal = 0;
    const flush = async () => {
      await db.transaction(async (em) => {
        for (let i = 0; i < activities.length; i += CHUNK) await em.insert(entities.MediationActivity, activities.slice(i, i + CHUNK));
        for (let i = 0; i < accompaniments.length; i += CHUNK) await em.insert(entities.MediationAccompaniment, accompaniments.slice(i, i + CHUNK));
        for (let i = 0; i < topics.length; i += CHUNK) await em.insert(entities.MediationActivityTopic, topics.slice(i, i + CHUNK));
      });
      activities = [];
      accompaniments = [];
      topics = [];
    };
    for (let i = 0; i < ACTIVITIES; i++) {
      const site = sites[i % SITES];
      const id = randomUUID();
      const date = dayAgo(Math.floor(random() * 3 * 365));
      const individual = random() < 0.75;
      const placeType = pick(PLACES);
      const durationMinutes = individual ? pick([15, 30, 45, 60, 90]) : pick([60, 90, 120, 180]);
      const adminHelp = random() < 0.3;
      const chosen = new Set<string>([pick(GENERAL)]);
      if (adminHelp) chosen.add('aide_aux_demarches_administratives').add(pick(ADMIN));
      else if (random() < 0.3) chosen.add(pick(GENERAL));
      const n = individual ? 1 : 3 + Math.floor(random() * 10);
      const type = individual ? 'individuel' : 'collectif';
      activities.push({
        id,
        siteId: site.id,
        mediatorId: pick(site.mediators),
        type,
        date,
        durationMinutes,
        placeType,
        placeCommune: placeType === 'domicile' || placeType === 'autre' ? 'Brest' : null,
        placePostalCode: placeType === 'domicile' || placeType === 'autre' ? '29200' : null,
        placeInseeCode: null,
        equipment: [pick(['ordinateur', 'telephone', 'tablette'])],
        topics: [...chosen],
        procedureName: adminHelp ? 'Dossier CAF' : null,
        mandateUsed: adminHelp && random() < 0.2,
        autonomy: individual ? 'partiellement_autonome' : null,
        redirected: individual ? random() < 0.1 : null,
        redirectedTo: null,
        workshopTitle: individual ? null : 'Atelier numérique',
        workshopLevel: individual ? null : 'debutant',
        notes: null,
        participantsCount: n,
      });
      for (const topic of chosen) topics.push({ activityId: id, topic, siteId: site.id, date });
      for (let k = 0; k < n; k++) {
        const followed = random() < 0.2;
        accompaniments.push({
          id: randomUUID(),
          activityId: id,
          seq: k + 1,
          siteId: site.id,
          date,
          type,
          placeType,
          durationMinutes,
          personId: followed ? pick(site.followed) : null,
          firstTime: random() < 0.5,
          gender: pick(GENDERS),
          ageBand: pick(BANDS),
          socialStatus: pick(STATUSES),
          commune: null,
          postalCode: null,
          inseeCode: null,
        });
      }
      rowsTotal += n;
      if (activities.length >= 5000) await flush();
    }
    await flush();
    console.log(`database: ${dbLabel}`);
    console.log(`seeded ${SITES} sites, ${ACTIVITIES} activities, ${rowsTotal} accompaniments in ${((performance.now() - seed0) / 1000).toFixed(1)} s`);

    const reports = app.get(MediationReportsService);
    const year = today.getUTCFullYear() - 1;
    const yearOf = (siteId: string) => ({ siteId, from: `${year}-01-01`, to: `${year}-12-31` });
    await reports.report(yearOf(sites[0].id)); // warm-up
    const times: number[] = [];
    let sample = 0;
    for (let r = 0; r < REPORT_RUNS; r++) {
      const t0 = performance.now();
      const rep = await reports.report(yearOf(sites[r % SITES].id));
      times.push(performance.now() - t0);
      sample = rep.totals.accompaniments;
    }
    times.sort((a, b) => a - b);
    console.log(
      `one site, one year: ${sample} accompaniments; report p50 ${pct(times, 50).toFixed(1)} ms, p99 ${pct(times, 99).toFixed(1)} ms (${REPORT_RUNS} runs)`,
    );

    const file = path.join(dataDir, 'federation.xlsx');
    const rss0 = process.memoryUsage().rss;
    let peak = rss0;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
    const e0 = performance.now();
    const cpu0 = process.cpuUsage();
    const out = fs.createWriteStream(file);
    const done = new Promise<void>((ok, ko) => out.on('finish', () => ok()).on('error', ko));
    const rows = await app.get(MediationExport).xlsx({ siteId: null, from: dayAgo(EXPORT_YEARS * 365 - 1), to: dayAgo(0) }, out, 'Fédération — bench');
    await done;
    const exportS = (performance.now() - e0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    clearInterval(sampler);
    const mb = (b: number) => (b / 1024 / 1024).toFixed(0);
    console.log(
      `federation XLSX, ${EXPORT_YEARS} year(s), ${SITES} sites: ${rows} rows, ${mb(fs.statSync(file).size)} MB in ${exportS.toFixed(1)} s; memory ${mb(rss0)} MB before, peak ${mb(peak)} MB (+${mb(peak - rss0)} MB)`,
    );
    // On a shared machine the wall clock waits for other processes; the CPU time is this export's own work.
    console.log(`export CPU time ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (load average ${os.loadavg()[0].toFixed(1)})`);
    console.log(`report_p99_ms=${pct(times, 99).toFixed(1)} export_s=${exportS.toFixed(1)} rows=${rows}`);
  } finally {
    await app.close();
    await drop();
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
