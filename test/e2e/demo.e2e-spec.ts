import { as, login } from '../factories/api.factory';
import { DEMO_ACCOUNTS, DEMO_ADMIN, DEMO_MANAGER } from '../../src/demo/demo-accounts';
import { seedDemo } from '../../src/demo/demo-seed';
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

  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    // As `npm run demo` on a fresh data dir: DEMO set, no ADMIN_EMAIL, so the demo makes its admin.
    t = await startTestApp({ DEMO: 'true', ADMIN_EMAIL: '', ADMIN_PASSWORD: '' });
  });

  afterAll(async () => {
    await demo?.stop();
    await t?.close();
  });

  it('seeds the demo site once, whatever the number of starts, without duplicating anything', async () => {
    const first = await seedDemo(t.app, t.config);
    expect(first.created).toBe(true);
    expect(first.bridge?.machines.sort()).toEqual(['cnc-1', 'laser-1', 'printer-1', 'printer-2']);
    manager = await login(t, DEMO_MANAGER.email, DEMO_MANAGER.password);
    const counts = async () => {
      const week = { from: new Date(Date.now() - 10 * 86400_000).toISOString(), to: new Date(Date.now() + 30 * 86400_000).toISOString() };
      const [people, bookings, tickets, parts, workshops, prices] = await Promise.all(
        [
          '/api/people',
          `/api/bookings?from=${week.from}&to=${week.to}`,
          '/api/repairs/tickets?all=true',
          '/api/inventory/parts',
          '/api/workshops',
          '/api/charges/prices',
        ].map(async (url) => (await as(t, manager).get(url).expect(200)).body.length),
      );
      return { people, bookings, tickets, parts, workshops, prices };
    };
    const before = await counts();
    const second = await seedDemo(t.app, t.config);
    expect(second).toMatchObject({ created: false, siteId: first.siteId, siteSlug: 'fablab-demo' });
    expect(second.logins).toEqual(first.logins);
    expect(await counts()).toEqual(before);

    const machines = (await as(t, manager).get('/api/machines').expect(200)).body;
    expect(machines.map((m: any) => m.name).sort()).toEqual(['Découpeuse laser Trotec', 'Fraiseuse CNC Shapeoko', 'Prusa MK4 n°1', 'Prusa MK4 n°2']);
    const people = (await as(t, manager).get('/api/people').expect(200)).body;
    expect(people.map((p: any) => `${p.firstName} ${p.lastName}`)).toEqual(
      expect.arrayContaining([
        'Amina Kaci',
        'Lucas Martin',
        'Fatou Diop',
        'Jean-Pierre Le Goff',
        'Sofia Benali',
        'Marc Rousseau',
        'Claire Dubois',
        'Youssef Haddad',
      ]),
    );
    expect(people.filter((p: any) => !p.active)).toHaveLength(1);
    const badges = (await as(t, manager).get('/api/badges').expect(200)).body;
    expect(badges.filter((b: any) => b.revokedAt)).toHaveLength(1);
    const trainings = (await as(t, manager).get('/api/trainings').expect(200)).body;
    expect(trainings.map((x: any) => x.name).sort()).toEqual(['Découpe laser', 'Fraisage CNC', 'Impression 3D']);
  });

  it('gives one login per role with the documented password, the right role each', async () => {
    const accounts = { ...DEMO_ACCOUNTS, admin: DEMO_ADMIN };
    for (const [role, a] of Object.entries(accounts)) {
      tokens[role] = await login(t, a.email, a.password);
      const me = (await as(t, tokens[role]).get('/api/auth/me').expect(200)).body;
      expect(me.role).toBe(role);
    }
  });

  it('the maker sees their bookings (past and to come), their print jobs in the queue and the workshops', async () => {
    const mine = (await as(t, tokens.maker).get('/api/bookings/mine').expect(200)).body;
    expect(mine.some((b: any) => new Date(b.endsAt) < new Date())).toBe(true);
    expect(mine.some((b: any) => new Date(b.startsAt) > new Date())).toBe(true);
    // The analysis runs on the job queue: the jobs reach the line shortly after the seed.
    const jobs = await eventually(async () => {
      const res = (await as(t, tokens.maker).get('/api/jobs/mine').expect(200)).body;
      const list = Array.isArray(res) ? res : (res.jobs ?? res.items);
      return list.length === 2 && list.every((j: any) => j.status === 'queued') && list;
    });
    expect(jobs.map((j: any) => j.fileName).sort()).toEqual(['porte-cles-fablab.gcode', 'support-drone.gcode']);
    const workshops = (await as(t, tokens.maker).get('/api/workshops').expect(200)).body;
    expect(workshops.map((w: any) => w.title)).toEqual(expect.arrayContaining(['Initiation à la découpe laser', 'Arduino pour débutant·es']));
    expect(workshops.find((w: any) => w.title === 'Arduino pour débutant·es')).toMatchObject({ enrolled: 3, waiting: 1 });
    const page = (await as(t, tokens.maker).get('/bookings/mine').expect(200)).text;
    expect(page).toContain('Prusa MK4 n°1');
  });

  it('the volunteer sees the open tickets, the low stock and a released laptop with its erasure certificate', async () => {
    const open = (await as(t, tokens.volunteer).get('/api/repairs/tickets').expect(200)).body;
    expect(open.map((x: any) => x.status).sort()).toEqual(['in_repair', 'received', 'received', 'waiting_parts']);
    const all = (await as(t, tokens.volunteer).get('/api/repairs/tickets?all=true').expect(200)).body;
    expect(all.map((x: any) => x.status)).toEqual(expect.arrayContaining(['repaired', 'end_of_life']));
    const sold = all.find((x: any) => x.device.purpose === 'refurbish' && x.device.releasedAt);
    expect(sold.device).toMatchObject({ brand: 'Dell', model: 'Latitude E7450', grade: 'B', priceCents: 9000 });
    const pdf = await as(t, tokens.volunteer).get(`/api/repairs/devices/${sold.device.id}/erasure-certificate.pdf`).expect(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    const low = (await as(t, tokens.volunteer).get('/api/inventory/low-stock').expect(200)).body;
    expect(low.map((l: any) => l.part.name)).toEqual(['Courroie GT2 6 mm (Prusa MK4)']);
    const parts = (await as(t, tokens.volunteer).get('/api/inventory/parts').expect(200)).body;
    expect(parts.find((p: any) => p.name === 'Batterie ThinkPad 45N1127')).toMatchObject({ quantity: 2 });
    expect((await as(t, tokens.volunteer).get('/repairs').expect(200)).text).toContain('Moulinex');
  });

  it('the entrepreneur is billed to their company, in euros', async () => {
    const mine = (await as(t, tokens.entrepreneur).get('/api/bookings/mine').expect(200)).body;
    // The month of yesterday's CNC booking (and of the plywood used that day), in Paris.
    const past = mine.find((b: any) => new Date(b.endsAt) < new Date());
    const month = new Date(past.startsAt).toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' }).slice(0, 7);
    const statements = (await as(t, tokens.entrepreneur).get(`/api/charges/statements?month=${month}`).expect(200)).body;
    expect(JSON.stringify(statements)).toContain('Benali Design SARL');
    const page = (await as(t, tokens.manager).get('/bookings/admin').expect(200)).text;
    expect(page).toContain('Découpe laser, tarif entreprise');
    expect(page).toContain('15,00\u00a0€');
  });

  it("the trainer sees a qualification expiring soon and last week's session", async () => {
    const expiring = (await as(t, tokens.trainer).get('/api/qualifications/expiring?days=30').expect(200)).body;
    expect(expiring).toHaveLength(1);
    const sessions = (await as(t, tokens.trainer).get('/api/training-sessions').expect(200)).body;
    expect(sessions).toHaveLength(1);
    expect(sessions[0].attendees.map((a: any) => a.result).sort()).toEqual(['absent', 'failed', 'passed']);
  });

  it('the manager sees opening hours, the bookings of the week and the print queue; the admin the site', async () => {
    const siteId = (await seedDemo(t.app, t.config)).siteId;
    const hours = (await as(t, tokens.manager).get(`/api/bookings/sites/${siteId}/hours`).expect(200)).body;
    expect(hours.weekly).toHaveLength(6);
    const from = new Date(Date.now() - 10 * 86400_000).toISOString();
    const to = new Date(Date.now() + 10 * 86400_000).toISOString();
    const week = (await as(t, tokens.manager).get(`/api/bookings?from=${from}&to=${to}`).expect(200)).body;
    expect(week.length).toBe(7);
    expect(week.filter((b: any) => b.kind === 'maintenance')).toHaveLength(1);
    expect((await as(t, tokens.manager).get('/api/jobs/queue').expect(200)).text).toContain('presentoir-clips.gcode');
    const sites = (await as(t, tokens.admin).get('/api/sites').expect(200)).body;
    expect(sites.map((x: any) => x.slug)).toContain('fablab-demo');
  });

  it('publishes the demo lab in the national places standard: one line of the CSV, a point on /lieux', async () => {
    const siteId = (await seedDemo(t.app, t.config)).siteId;
    const csv = (await t.http().get('/api/places.csv').expect(200)).text.split('\r\n');
    const line = csv.find((l) => l.startsWith(`${siteId},`));
    expect(line).toContain(',Fab Lab des Capucins,Lyon,69001,69381,1 rue des Capucins,');
    expect(line).toContain(',Mo-Sa 09:00-20:00');
    const page = await t.http().get('/lieux').expect(200);
    expect(page.text).toContain('Fab Lab des Capucins');
    expect(page.text).toContain('"lat":45.7693');
  });

  it('starts simulated machines that badge in over MQTT: decisions are recorded and a session opens', async () => {
    // Short timings: a badge every 300 ms, sessions long enough to be seen open.
    demo = await startDemo(t.app, t.config, { badgeEveryMs: 300, sessionMs: [20_000, 30_000], alarmEveryMs: 0, jobSpeedup: 60, quiet: true });
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

  it('lists every demo login on the login page once the demo runs', async () => {
    const page = (await t.http().get('/login').expect(200)).text;
    expect(page).toContain('Comptes de démonstration');
    for (const a of [...Object.values(DEMO_ACCOUNTS), DEMO_ADMIN]) {
      expect(page).toContain(a.email);
      expect(page).toContain(a.password);
    }
    expect(page).not.toContain('Aucun administrateur');
    expect(page).not.toMatch(/style=/);
  });

  it('prints: the first job on each printer starts; the short one is done, the long one printing, the others wait', async () => {
    expect(await demo!.prints).toBe(2);
    const queue = await eventually(async () => {
      const res = (await as(t, manager).get('/api/jobs/queue').expect(200)).body;
      const p1 = res.find((m: any) => m.machine.slug === 'printer-1');
      return p1 && p1.active.length === 0 && res;
    });
    const p2 = queue.find((m: any) => m.machine.slug === 'printer-2');
    expect(p2.active.map((j: any) => [j.fileName, j.status])).toEqual([['presentoir-clips.gcode', 'running']]);
    // The simulated owner badging in at a free printer may start the next job: the rest still wait.
    const waiting = queue.flatMap((m: any) => m.waiting);
    expect(waiting.every((j: any) => j.status === 'queued')).toBe(true);
    expect(waiting.map((j: any) => j.fileName)).toEqual(expect.arrayContaining(['support-drone.gcode', 'porte-cles-fablab.gcode']));
    const marc = await login(t, DEMO_ACCOUNTS.trainer.email, DEMO_ACCOUNTS.trainer.password);
    const done = (await as(t, marc).get('/api/jobs/mine').expect(200)).body;
    expect(done.map((j: any) => [j.fileName, j.status])).toEqual([['cube-calibration.gcode', 'completed']]);
  });

  it('fills the usage history as the simulated machines run', async () => {
    const rows = await eventually(async () => {
      const res = await as(t, manager).get('/api/sessions').expect(200);
      return res.body.length > 0 && res.body;
    });
    expect(rows[0]).toHaveProperty('machineName');
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
    expect(cnc.statusReason).toMatch(/^Alarme : (Fraiseuse en alarme \(n° 1\)|Porte ouverte) — /);
  });

  it('says a print left running by the earlier run was lost, and starts the next in line', async () => {
    // The previous test restarted the demo while the long print was running.
    const sofia = (await as(t, tokens.entrepreneur).get('/api/jobs/mine').expect(200)).body;
    expect(sofia.find((j: any) => j.fileName === 'presentoir-clips.gcode')).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('Démo redémarrée'),
    });
    expect(await demo!.prints).toBeGreaterThanOrEqual(1);
    const queue = (await as(t, manager).get('/api/jobs/queue').expect(200)).body;
    const p2 = queue.find((m: any) => m.machine.slug === 'printer-2');
    expect(p2.active.map((j: any) => j.fileName)).toEqual(['porte-cles-fablab.gcode']);
  });
});
