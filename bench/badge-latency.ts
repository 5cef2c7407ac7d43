/**
 * bench/badge-latency: N simulated machines (BENCH_MACHINES, default 200) badge in through the
 * broker, BENCH_ROUNDS times each (default 5), alternating a trained maker (granted, then a
 * `session.ended` event gives the machine back) and an untrained one (denied). Measures the time
 * from publishing `badge` to receiving `access` on the bridge's client. In the same run, under the
 * same load, a plain broker round trip: the server's own MQTT client publishes on a machine's `cmd`
 * topic and the bridge's client receives it (the "echo").
 * With DATABASE_URL set, runs on a fresh PostgreSQL database, dropped at the end; SQLite otherwise.
 * While badges arrive, every machine also sends telemetry (BENCH_TELEMETRY_HZ, default 1 Hz, QoS 0).
 * Last line: `p50_ms=… p99_ms=… echo_p99_ms=… p99_ratio=… telemetry_msgs_s=…`.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import mqtt, { MqttClient } from 'mqtt';
import { BenchBridge, benchConfig, benchPostgres, f2, pct, sleep, uid } from './support/bench-kit';

const MACHINES = Number(process.env.BENCH_MACHINES ?? 1000);
/** Telemetry each machine sends while badges arrive (QoS 0), per second; 0 for none. */
const TELEMETRY_HZ = Number(process.env.BENCH_TELEMETRY_HZ ?? 1);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PER_BRIDGE = 50;
/** Mean pause of a machine between receiving an answer and its next badge (uniform, ±2/3). */
const PAUSE_MS = Number(process.env.BENCH_PAUSE_MS ?? 3000);
const ADMIN_EMAIL = 'bench-admin@bench.fablab';
const ADMIN_PASSWORD = 'bench-admin-password';

let closing = false;
for (const event of ['unhandledRejection', 'uncaughtException'] as const) {
  process.on(event, (err: any) => {
    if (closing) return; // work still in flight while the app shuts down
    process.stderr.write(`badge-latency: ${event}: ${err?.stack ?? err}\n`);
    process.exit(1);
  });
}

async function main() {
  let dropDb = async () => undefined as void;
  let dbLabel = 'sqlite';
  if (process.env.DATABASE_URL) {
    // Must happen before any entity is loaded: column types follow DATABASE_URL.
    const pg = benchPostgres(process.env.DATABASE_URL);
    // Interrupted (Ctrl-C): still drop the bench database.
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        closing = true;
        void pg.drop().finally(() => process.exit(130));
      });
    }
    await pg.create();
    process.env.DATABASE_URL = pg.url;
    dropDb = pg.drop;
    dbLabel = `postgresql (${pg.name}, dropped at the end)`;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fablab-bench-'));
  const { createApp } = require('../src/app.factory') as typeof import('../src/app.factory');
  const { MqttService } = require('../src/infra/mqtt/mqtt.service') as typeof import('../src/infra/mqtt/mqtt.service');
  const { SitesService } = require('../src/sites/sites.service') as typeof import('../src/sites/sites.service');
  const { MachinesService } = require('../src/machines/machines.service') as typeof import('../src/machines/machines.service');
  const { PeopleService } = require('../src/people/people.service') as typeof import('../src/people/people.service');
  const { TrainingsService } = require('../src/trainings/trainings.service') as typeof import('../src/trainings/trainings.service');
  const { BridgesService } = require('../src/bridges/bridges.service') as typeof import('../src/bridges/bridges.service');

  const config = benchConfig(dataDir, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
  const clients: MqttClient[] = [];
  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  try {
    app = await createApp(config);
    await app.listen(0, '127.0.0.1');
    const mqttService = app.get(MqttService);
    const brokerUrl = `mqtt://127.0.0.1:${mqttService.embeddedPort}`;
    const admin = { id: randomUUID(), role: 'admin' as const, siteId: null, displayName: 'Bench', locale: 'fr' };

    // ---- seed: one site, N machines, a training, two people per machine, a bridge per 50 machines
    const t0 = performance.now();
    const site = await app.get(SitesService).create({ slug: 'bench-lab', name: 'Bench lab' });
    const machines = app.get(MachinesService);
    const slugs: string[] = [];
    for (let i = 0; i < MACHINES; i++) {
      const slug = `m-${String(i).padStart(4, '0')}`;
      await machines.create(admin, { siteId: site.id, slug, name: `Machine ${i}`, type: 'laser' });
      slugs.push(slug);
    }
    const trainings = app.get(TrainingsService);
    const training = await trainings.create(admin, { siteId: site.id, name: 'Découpe laser', machineTypes: ['laser'], validityMonths: 12 });
    const people = app.get(PeopleService);
    const passedOn = new Date(Date.now() - 30 * 86400_000).toISOString().slice(0, 10);
    const cards: Array<{ trained: string; untrained: string }> = [];
    for (let i = 0; i < MACHINES; i++) {
      const a = await people.create(admin, { siteId: site.id, firstName: `Formé${i}`, lastName: 'Bench' });
      const b = await people.create(admin, { siteId: site.id, firstName: `Novice${i}`, lastName: 'Bench' });
      const ba = await people.addBadge(admin, { personId: a.id, uid: uid() });
      const bb = await people.addBadge(admin, { personId: b.id, uid: uid() });
      await trainings.recordPass(admin, { personId: a.id, trainingId: training.id, passedOn });
      cards.push({ trained: ba.uid, untrained: bb.uid });
    }
    const bridgeOf = new Map<string, BenchBridge>();
    const bridges = app.get(BridgesService);
    for (let start = 0; start < MACHINES; start += PER_BRIDGE) {
      const mine = slugs.slice(start, start + PER_BRIDGE);
      const reg = await bridges.register(admin, { siteId: site.id, slug: `bench-${start / PER_BRIDGE + 1}`, machines: mine });
      const client = await mqtt.connectAsync(brokerUrl, {
        username: reg.credentials.username,
        password: reg.credentials.password,
        clientId: reg.credentials.clientId,
        clean: true,
        reconnectPeriod: 0,
        protocolVersion: 4,
      });
      clients.push(client);
      await client.subscribeAsync(
        mine.flatMap((s) => [`fablab/v1/${site.slug}/machines/${s}/access`, `fablab/v1/${site.slug}/machines/${s}/cmd`]),
        { qos: 1 },
      );
      const bb = new BenchBridge(client);
      for (const s of mine) bridgeOf.set(s, bb);
    }
    const seedSeconds = (performance.now() - t0) / 1000;

    // BENCH_QUERIES=1: count the SQL statements run during the measured phase, by shape.
    const queries = new Map<string, number>();
    let counting = false;
    if (process.env.BENCH_QUERIES) {
      const { DataSource } = require('typeorm') as typeof import('typeorm');
      const ds = app.get(DataSource);
      const proto = Object.getPrototypeOf(ds.createQueryRunner());
      const original = proto.query;
      proto.query = function (this: unknown, sql: string, ...rest: unknown[]) {
        if (counting) {
          const shape = sql
            .replace(/\s+/g, ' ')
            .replace(/"([A-Za-z_]+)"\."([A-Za-z_]+)" AS "[A-Za-z_]+",? ?/g, '')
            .slice(0, 110);
          queries.set(shape, (queries.get(shape) ?? 0) + 1);
        }
        return original.call(this, sql, ...rest);
      };
    }

    const topic = (slug: string, kind: string) => `fablab/v1/${site.slug}/machines/${slug}/${kind}`;
    const badge = async (slug: string, card: string) => {
      const b = bridgeOf.get(slug)!;
      const requestId = randomUUID();
      const answer = b.wait(requestId);
      const sent = performance.now();
      await b.client.publishAsync(topic(slug, 'badge'), JSON.stringify({ requestId, uid: card, ts: new Date().toISOString() }), { qos: 1 });
      const { at, body } = await answer;
      return { ms: at - sent, body };
    };
    const echo = async (slug: string) => {
      const b = bridgeOf.get(slug)!;
      const commandId = randomUUID();
      const answer = b.wait(commandId);
      const sent = performance.now();
      await mqttService.publish(topic(slug, 'cmd'), { commandId, type: 'echo', ts: new Date().toISOString() }, { qos: 1 });
      return (await answer).at - sent;
    };
    const endSession = (slug: string, sessionId: string) =>
      bridgeOf
        .get(slug)!
        .client.publishAsync(
          topic(slug, 'events'),
          JSON.stringify({ eventId: randomUUID(), type: 'session.ended', ts: new Date().toISOString(), sessionId, reason: 'badge_out' }),
          { qos: 1 },
        );

    // ---- warm-up (not measured): one badge and one echo on a few machines
    for (const [i, s] of slugs.slice(0, Math.min(10, MACHINES)).entries()) {
      await badge(s, cards[i].untrained);
      await echo(s);
    }

    // ---- measured run: every machine badges ROUNDS times, an echo after each badge
    const badgeMs: number[] = [];
    const echoMs: number[] = [];
    const outcomes = new Map<string, number>();
    // Every machine reports telemetry at TELEMETRY_HZ through its bridge during the whole run.
    const { Metrics } = require('../src/infra/metrics/metrics') as typeof import('../src/infra/metrics/metrics');
    const received = async () => (await app!.get(Metrics).mqttReceived.get()).values.find((v) => v.labels.kind === 'telemetry')?.value ?? 0;
    const telemetryTimers: NodeJS.Timeout[] = [];
    let telemetrySent = 0;
    const telemetryBefore = await received();
    if (TELEMETRY_HZ > 0) {
      for (const slug of slugs) {
        const period = 1000 / TELEMETRY_HZ;
        const start = setTimeout(() => {
          telemetryTimers.push(
            setInterval(() => {
              telemetrySent++;
              bridgeOf
                .get(slug)!
                .client.publish(topic(slug, 'telemetry'), JSON.stringify({ ts: new Date().toISOString(), powerW: 100 + Math.random() * 900 }), { qos: 0 });
            }, period),
          );
        }, Math.random() * period);
        telemetryTimers.push(start);
      }
    }
    const tRun = performance.now();
    counting = true;
    await Promise.all(
      slugs.map(async (slug, i) => {
        await sleep(Math.random() * Math.max(1000, PAUSE_MS));
        for (let r = 0; r < ROUNDS; r++) {
          const card = r % 2 === 0 ? cards[i].trained : cards[i].untrained;
          const { ms, body } = await badge(slug, card);
          badgeMs.push(ms);
          const key = body.decision === 'granted' ? 'granted' : `denied:${body.reason}`;
          outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
          if (body.decision === 'granted') await endSession(slug, body.sessionId);
          echoMs.push(await echo(slug));
          await sleep(PAUSE_MS * (1 / 3 + (Math.random() * 4) / 3));
        }
      }),
    );
    const runSeconds = (performance.now() - tRun) / 1000;
    counting = false;
    telemetryTimers.forEach((t) => clearInterval(t));
    const telemetryReceived = (await received()) - telemetryBefore;
    const telemetryPerSecond = telemetryReceived / runSeconds;
    if (queries.size) {
      const total = [...queries.values()].reduce((a, b) => a + b, 0);
      process.stdout.write(`SQL during the run: ${total} statements, ${(total / (MACHINES * ROUNDS)).toFixed(1)} per badge\n`);
      for (const [q, n] of [...queries].sort((a, b) => b[1] - a[1]).slice(0, 15)) process.stdout.write(`${String(n).padStart(7)}  ${q}\n`);
      process.stdout.write('\n');
    }

    badgeMs.sort((a, b) => a - b);
    echoMs.sort((a, b) => a - b);
    const row = (name: string, xs: number[]) =>
      `${name.padEnd(14)} ${String(xs.length).padStart(6)} ${[50, 90, 99].map((p) => f2(pct(xs, p)).padStart(8)).join(' ')} ${f2(xs[xs.length - 1]).padStart(8)}`;
    const p50 = pct(badgeMs, 50);
    const p99 = pct(badgeMs, 99);
    const e99 = pct(echoMs, 99);
    const lines = [
      `badge-latency: ${MACHINES} machines × ${ROUNDS} rounds, pause ${PAUSE_MS} ms, ${bridgeOf.size ? clients.length : 0} bridges, ${dbLabel}, embedded broker, ${os.cpus().length} cores`,
      `seed ${seedSeconds.toFixed(1)} s, run ${runSeconds.toFixed(1)} s (${(badgeMs.length / runSeconds).toFixed(0)} badges/s)`,
      `outcomes: ${[...outcomes].map(([k, v]) => `${k}=${v}`).join(' ')}`,
      `telemetry: ${TELEMETRY_HZ} Hz per machine, ${telemetrySent} sent, ${telemetryReceived} handled by the server (${telemetryPerSecond.toFixed(0)}/s)`,
      '',
      `${'(ms)'.padEnd(14)} ${'n'.padStart(6)} ${'p50'.padStart(8)} ${'p90'.padStart(8)} ${'p99'.padStart(8)} ${'max'.padStart(8)}`,
      row('badge→access', badgeMs),
      row('mqtt echo', echoMs),
      '',
      `p50_ms=${f2(p50)} p99_ms=${f2(p99)} echo_p99_ms=${f2(e99)} p99_ratio=${f2(p99 / e99)} telemetry_msgs_s=${telemetryPerSecond.toFixed(0)}`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    // Let the server finish its work after the last replies (audit, session ends) before closing,
    // and do not let a late query on a closed pool stop the clean-up.
    if (app) await sleep(1500);
    closing = true;
    for (const c of clients) await c.endAsync(true).catch(() => undefined);
    await app?.close().catch((err) => process.stderr.write(`closing the app: ${err?.message ?? err}\n`));
    await dropDb().catch((err) => process.stderr.write(`dropping the bench database: ${err?.message ?? err}\n`));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`badge-latency failed: ${err?.stack ?? err}\n`);
    process.exit(1);
  },
);
