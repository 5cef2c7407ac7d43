import { as, login } from '../factories/api.factory';
import { seedDemo, DEMO_MANAGER } from '../../src/demo/demo-seed';
import { DemoHandle, startDemo } from '../../src/demo/demo';
import { Metrics } from '../../src/infra/metrics/metrics';
import { startTestApp, TestApp } from './harness';

/** Polls until `check` holds; the test's own timeout is the only limit (no timed assertion). */
async function eventually<T>(check: () => Promise<T | undefined | false>, everyMs = 200): Promise<T> {
  for (;;) {
    const v = await check();
    if (v) return v;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

// Seeding hashes two passwords and boots a whole app: generous on a shared, loaded 2-core machine.
jest.setTimeout(120_000);

describe(`npm run demo (${process.env.TEST_DB})`, () => {
  let t: TestApp;
  let demo: DemoHandle | undefined;
  let manager: string;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await demo?.stop();
    await t?.close();
  });

  it('seeds the demo site once, whatever the number of starts', async () => {
    const first = await seedDemo(t.app, t.config);
    expect(first.created).toBe(true);
    expect(first.bridge?.machines.sort()).toEqual(['cnc-1', 'laser-1', 'printer-1', 'printer-2']);
    const second = await seedDemo(t.app, t.config);
    expect(second).toMatchObject({ created: false, siteId: first.siteId, siteSlug: 'fablab-demo' });

    manager = await login(t, DEMO_MANAGER.email, DEMO_MANAGER.password);
    const machines = (await as(t, manager).get('/api/machines').expect(200)).body;
    expect(machines.map((m: any) => m.name).sort()).toEqual(['Découpeuse laser Trotec', 'Fraiseuse CNC Shapeoko', 'Prusa MK4 n°1', 'Prusa MK4 n°2']);
    const people = (await as(t, manager).get('/api/people').expect(200)).body;
    expect(people.map((p: any) => `${p.firstName} ${p.lastName}`)).toEqual(
      expect.arrayContaining(['Amina Kaci', 'Lucas Martin', 'Fatou Diop', 'Jean-Pierre Le Goff', 'Sofia Benali', 'Marc Trainer', 'Claire Dubois']),
    );
    expect(people.filter((p: any) => !p.active)).toHaveLength(1);
    const badges = (await as(t, manager).get('/api/badges').expect(200)).body;
    expect(badges.filter((b: any) => b.revokedAt)).toHaveLength(1);
    const trainings = (await as(t, manager).get('/api/trainings').expect(200)).body;
    expect(trainings.map((x: any) => x.name).sort()).toEqual(['Découpe laser', 'Fraisage CNC', 'Impression 3D']);
  });

  it('starts simulated machines that badge in over MQTT: decisions are recorded and a session opens', async () => {
    // Short timings: a badge every 300 ms, sessions long enough to be seen open.
    demo = await startDemo(t.app, t.config, { badgeEveryMs: 300, sessionMs: [20_000, 30_000], alarmEveryMs: 0, quiet: true });
    expect(demo.seeded).toBe(false);

    const decisions = await eventually(async () => {
      const res = await as(t, manager).get('/api/access/decisions').expect(200);
      return res.body.some((d: any) => d.decision === 'granted') && res.body;
    });
    expect(decisions[0]).toMatchObject({ siteId: demo.siteId, source: 'server' });

    const open = await eventually(async () => {
      const res = await as(t, manager).get('/api/sessions/open').expect(200);
      return res.body.length > 0 && res.body;
    });
    expect(open[0].siteId).toBe(demo.siteId);
    expect(demo.simulator.stats.granted).toBeGreaterThan(0);
  });

  it('speaks the MQTT contract: state and telemetry arrive and nothing is dropped', async () => {
    const metrics = t.app.get(Metrics);
    const received = async (kind: string) => (await metrics.mqttReceived.get()).values.find((v) => v.labels.kind === kind)?.value ?? 0;
    await eventually(async () => (await received('telemetry')) > 0);
    expect(await received('state')).toBeGreaterThan(0);
    expect(await received('bridge.status')).toBeGreaterThan(0);
    expect((await metrics.mqttDropped.get()).values.filter((v) => v.value > 0)).toEqual([]);
  });

  it('pairs a fresh simulated bridge on a later start and shows it online, the earlier ones offline', async () => {
    const bridges = await eventually(async () => {
      const res = await as(t, manager).get('/api/bridges').expect(200);
      return res.body.some((b: any) => b.online) && res.body;
    });
    const online = bridges.filter((b: any) => b.online);
    expect(online).toHaveLength(1);
    expect(online[0].slug).toMatch(/^atelier-[a-z0-9]+$/);
    expect(bridges.find((b: any) => b.slug === 'atelier')).toMatchObject({ online: false });
  });

  it('raises an alarm on the CNC now and then, which leaves it « à vérifier »', async () => {
    await demo!.stop();
    demo = await startDemo(t.app, t.config, { badgeEveryMs: 60_000, alarmEveryMs: 300, clearAlarmAfterMs: 600_000, quiet: true });
    const cnc = await eventually(async () => {
      const res = await as(t, manager).get('/api/machines').expect(200);
      return res.body.find((m: any) => m.slug === 'cnc-1' && m.status === 'to_check');
    });
    expect(cnc.statusReason).toMatch(/^Alarme (ALARM:1|door_open)/);
  });
});
