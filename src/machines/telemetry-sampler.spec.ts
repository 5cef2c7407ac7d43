import { AppConfig } from '../config/app-config';
import { MachineLiveService } from './machine-live.service';
import { TelemetrySampler } from './telemetry-sampler';

/** A repository that records each multi-row INSERT (and can be told to fail). */
function fakeSamples() {
  const inserts: any[][] = [];
  const deletes: any[] = [];
  let failing = false;
  const builder: any = {
    insert: () => builder,
    into: () => builder,
    values: (rows: any[]) => ((builder.rows = rows), builder),
    orIgnore: () => builder,
    updateEntity: () => builder,
    execute: async () => {
      if (failing) throw new Error('database is locked');
      inserts.push(builder.rows);
      return {};
    },
  };
  const repo: any = {
    createQueryBuilder: () => builder,
    delete: async (where: any) => (deletes.push(where), { affected: 0 }),
  };
  return { repo, inserts, deletes, fail: (v: boolean) => (failing = v) };
}

describe('TelemetrySampler', () => {
  const at = new Date('2027-03-03T13:00:00Z');
  const printer = { machineId: 'm-printer', siteId: 's1', slug: 'prusa-1' };
  const laser = { machineId: 'm-laser', siteId: 's1', slug: 'laser-1' };
  let live: MachineLiveService;
  let db: ReturnType<typeof fakeSamples>;
  let sampler: TelemetrySampler;

  beforeEach(() => {
    live = new MachineLiveService({ toSite: () => undefined } as any);
    db = fakeSamples();
    const config = AppConfig.fromEnv({ TELEMETRY_SAMPLE_SECONDS: '3600', TELEMETRY_KEEP_DAYS: '90' });
    sampler = new TelemetrySampler(db.repo, live, config);
    sampler.onModuleInit();
  });

  afterEach(() => {
    sampler.onModuleDestroy();
    live.onModuleDestroy();
  });

  /** Another instance's reading, as it arrives over Redis. */
  const remote = (base: typeof laser, telemetry: object) =>
    (live as any).receive(JSON.stringify({ origin: 'another-instance', base, patch: { telemetry, telemetryAt: at.toISOString() } }));

  it('writes nothing when no telemetry came', async () => {
    expect(await sampler.sample(at)).toBe(0);
    expect(db.inserts).toEqual([]);
  });

  it('writes only machines whose telemetry reached this instance, all in one insert, with the latest values', async () => {
    live.telemetry(printer, { ts: 'x', temps: { hotend: { actual: 180, target: 215 } }, progress: 0.1 });
    live.telemetry(printer, { ts: 'x', temps: { hotend: { actual: 214.6, target: 215 } }, progress: 0.12 });
    live.telemetry({ ...laser, machineId: 'm-plug' }, { ts: 'x', powerW: 42 });
    remote(laser, { powerW: 900 });
    expect(live.get(laser.machineId)?.telemetry).toEqual({ powerW: 900 }); // the live picture has it…

    expect(await sampler.sample(at)).toBe(2);
    expect(db.inserts).toHaveLength(1); // …but only what came here is written, in one statement
    expect(db.inserts[0]).toEqual([
      { machineId: 'm-printer', siteId: 's1', at, powerW: null, progress: 0.12, temps: { hotend: { actual: 214.6, target: 215 } } },
      { machineId: 'm-plug', siteId: 's1', at, powerW: 42, progress: null, temps: null },
    ]);
  });

  it('starts afresh after a tick: a machine that went quiet gets no new row', async () => {
    live.telemetry(printer, { ts: 'x', progress: 0.5 });
    await sampler.sample(at);
    expect(await sampler.sample(new Date(at.getTime() + 3600_000))).toBe(0);
    expect(db.inserts).toHaveLength(1);
  });

  it('keeps the latest of each measure when a bridge and a smart plug report the same machine', async () => {
    live.telemetry(printer, { ts: 'x', progress: 0.3, temps: { bed: { actual: 60 } } });
    live.telemetry(printer, { ts: 'x', powerW: 120 });
    live.telemetry(printer, { ts: 'x', position: { x: 1, y: 2 } }); // nothing kept of a position
    await sampler.sample(at);
    expect(db.inserts[0]).toEqual([{ machineId: 'm-printer', siteId: 's1', at, powerW: 120, progress: 0.3, temps: { bed: { actual: 60 } } }]);
  });

  it('splits a large tick into inserts of 500 rows', async () => {
    for (let i = 0; i < 1201; i++) live.telemetry({ machineId: `m${i}`, siteId: 's1', slug: `m${i}` }, { ts: 'x', powerW: i });
    expect(await sampler.sample(at)).toBe(1201);
    expect(db.inserts.map((rows) => rows.length)).toEqual([500, 500, 201]);
  });

  it('logs a failed write and goes on', async () => {
    db.fail(true);
    live.telemetry(printer, { ts: 'x', powerW: 10 });
    await expect(sampler.sample(at)).resolves.toBe(0);
    db.fail(false);
    live.telemetry(printer, { ts: 'x', powerW: 11 });
    expect(await sampler.sample(at)).toBe(1);
  });

  it('prunes samples older than TELEMETRY_KEEP_DAYS', async () => {
    await sampler.prune(at.getTime());
    expect(db.deletes[0].at.value).toEqual(new Date(at.getTime() - 90 * 86400_000));
  });

  it('keeps nothing when sampling is off', async () => {
    const off = new TelemetrySampler(db.repo, live, AppConfig.fromEnv({ TELEMETRY_SAMPLE_SECONDS: '0' }));
    off.onModuleInit();
    live.telemetry(printer, { ts: 'x', powerW: 10 });
    expect(await off.sample(at)).toBe(0);
    off.onModuleDestroy();
  });
});

describe('TelemetrySampler ticks', () => {
  afterEach(() => jest.useRealTimers());

  it('ticks on the clock and stamps samples with the tick, so every instance picks the same instant', async () => {
    jest.useFakeTimers({ now: new Date('2027-03-03T13:00:20.500Z') });
    const live = new MachineLiveService({ toSite: () => undefined } as any);
    const db = fakeSamples();
    const sampler = new TelemetrySampler(db.repo, live, AppConfig.fromEnv({ TELEMETRY_SAMPLE_SECONDS: '60' }));
    sampler.onModuleInit();
    live.telemetry({ machineId: 'm1', siteId: 's1', slug: 'm1' }, { ts: 'x', powerW: 5 });
    await jest.advanceTimersByTimeAsync(40_000);
    expect(db.inserts).toEqual([[expect.objectContaining({ machineId: 'm1', at: new Date('2027-03-03T13:01:00Z') })]]);
    live.telemetry({ machineId: 'm1', siteId: 's1', slug: 'm1' }, { ts: 'x', powerW: 6 });
    await jest.advanceTimersByTimeAsync(60_000);
    expect(db.inserts[1]).toEqual([expect.objectContaining({ powerW: 6, at: new Date('2027-03-03T13:02:00Z') })]);
    sampler.onModuleDestroy();
    live.telemetry({ machineId: 'm1', siteId: 's1', slug: 'm1' }, { ts: 'x', powerW: 7 });
    await jest.advanceTimersByTimeAsync(120_000);
    expect(db.inserts).toHaveLength(2); // stopped with the module
    live.onModuleDestroy();
  });
});
