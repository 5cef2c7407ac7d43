import { randomBytes, randomUUID } from 'node:crypto';
import {
  adminToken,
  as,
  createBadge,
  createMachine,
  createManager,
  createPerson,
  createSite,
  createTraining,
  isoDaysAgo,
  recordPass,
  registerBridge,
} from '../factories/api.factory';
import { FakeBridge } from '../factories/bridge-client';
import { Instance, migrate, startInstance } from '../factories/cluster';
import { startComposeMosquitto } from '../factories/mosquitto';
import { waitUntil } from '../factories/wait';
import { ADMIN, pgAdmin } from './harness';

/** Short enough to watch renewals (every 10 s), long enough for an instance to start within one lease. */
const LEASE_SECONDS = 20;
const onPostgres = process.env.TEST_DB === 'postgres';

/**
 * docker/compose.yaml without Docker: Mosquitto from its mosquitto.conf and init-dynsec.sh, the
 * migrate step, then two app processes on one PostgreSQL, one Redis and one broker account.
 */
(onPostgres ? describe : describe.skip)('two app instances as docker/compose.yaml runs them (postgres)', () => {
  const server = { username: 'fablab-server', password: randomBytes(12).toString('hex') };
  let broker: Awaited<ReturnType<typeof startComposeMosquitto>>;
  let env: Record<string, string>;
  const instances: Instance[] = [];
  let a: Instance;
  let b: Instance;
  let bridge: FakeBridge;
  let manager: string;
  let site: { id: string; slug: string };
  let training: { id: string };

  beforeAll(async () => {
    await pgAdmin(process.env.DATABASE_URL!, (name) => `CREATE DATABASE ${name}`);
    broker = await startComposeMosquitto(server);
    env = {
      NODE_ENV: 'production',
      DATABASE_URL: process.env.DATABASE_URL!,
      MQTT_URL: broker.url,
      MQTT_USERNAME: server.username,
      MQTT_PASSWORD: server.password,
      MQTT_DYNSEC: 'true',
      QUEUE_PREFIX: `c${randomBytes(4).toString('hex')}`,
      LEASE_SECONDS: String(LEASE_SECONDS),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'warn',
    };
    await migrate(env);
    // Both at once, as compose starts its replicas; no MQTT_CLIENT_ID: the default must differ.
    [a, b] = await Promise.all([startInstance('a', env), startInstance('b', env)]);
    instances.push(a, b);
    const admin = await adminToken(a.api);
    site = await createSite(a.api, admin);
    manager = (await createManager(a.api, admin, site.id)).token;
    training = await createTraining(a.api, manager, site.id);
  }, 180_000);

  afterAll(async () => {
    await bridge?.end();
    for (const i of instances) await i.stop();
    await broker?.stop();
    await pgAdmin(process.env.DATABASE_URL!, (name) => `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
  }, 60_000);

  /** Machines on one paired bridge (paired through instance A), and a trained person per machine. */
  async function workshop(n: number) {
    const machines = [];
    for (let i = 0; i < n; i++) machines.push(await createMachine(a.api, manager, site.id));
    const makers = [];
    for (let i = 0; i < n; i++) {
      const person = await createPerson(a.api, manager, site.id, { firstName: `Maker${i}` });
      makers.push(await createBadge(a.api, manager, person.id));
      await recordPass(a.api, manager, person.id, training.id, isoDaysAgo(3));
    }
    const admin = await adminToken(a.api);
    const reg = await registerBridge(
      a.api,
      admin,
      site.id,
      machines.map((m) => m.slug),
    );
    await bridge?.end();
    bridge = await FakeBridge.connect(broker.url, reg.credentials, site.slug, reg.bridge.slug);
    for (const m of machines) await bridge.serve(m.slug);
    return { machines, makers };
  }

  /** Grants this instance decided (its own metrics: each process counts what it handled). */
  async function grantsDecidedBy(i: Instance): Promise<number> {
    const text = (await i.api.http().get('/metrics').expect(200)).text;
    return Number(/fablab_access_decisions_total\{decision="granted",reason=""\} (\d+)/.exec(text)?.[1] ?? 0);
  }

  /** Opens a session and says which instance opened it. */
  async function openSession(machine: { slug: string }, uid: string, among: Instance[]) {
    const before = await Promise.all(among.map(grantsDecidedBy));
    const reply = await bridge.badge(machine.slug, uid);
    expect(reply.decision).toBe('granted');
    // The counter moves just after the reply goes out: look again until it has.
    for (let tries = 0; tries < 50; tries++) {
      const after = await Promise.all(among.map(grantsDecidedBy));
      const k = after.findIndex((n, i) => n > before[i]);
      if (k >= 0) return { sessionId: reply.sessionId as string, opener: among[k] };
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('no instance counted the grant');
  }

  const unlocksOf = (sessionId: string) =>
    bridge.received.filter((m) => m.topic.endsWith('/cmd') && m.payload.type === 'unlock' && m.payload.sessionId === sessionId);
  const openSessions = async (i: Instance) => (await as(i.api, manager).get('/api/sessions/open').expect(200)).body as Array<{ id: string; machineId: string }>;

  it('gives every instance its own MQTT client id on the one server account', async () => {
    // Two instances with one client id take each other's connection every second. Here neither
    // is ever disconnected, not even at start: init-dynsec.sh gave the account the server's role
    // already (an instance adding it would make Mosquitto drop both instances' connections).
    await new Promise((r) => setTimeout(r, 3000));
    for (const i of [a, b]) expect(i.log()).not.toMatch(/MQTT: reconnecting/);
  });

  it('sends no unlock once a session ended through the other instance', async () => {
    const { machines, makers } = await workshop(2);
    for (const [k, machine] of machines.entries()) {
      const { sessionId, opener } = await openSession(machine, makers[k].uid, [a, b]);
      const other = opener === a ? b : a;
      await as(other.api, manager).post(`/api/sessions/${sessionId}/end`).expect(200);
      await bridge.waitFor((t, p) => t.endsWith(`${machine.slug}/cmd`) && p.type === 'lock' && p.sessionId === sessionId);
    }
    const sessions = bridge.received.filter((m) => m.payload?.type === 'lock').map((m) => m.payload.sessionId as string);
    expect(sessions).toHaveLength(2);
    const unlocksAtEnd = sessions.map((id) => unlocksOf(id).length);
    // Longer than a renewal period, so a renewal of either session would have come.
    await new Promise((r) => setTimeout(r, (LEASE_SECONDS / 2 + 2) * 1000));
    expect(sessions.map((id) => unlocksOf(id).length)).toEqual(unlocksAtEnd);
  }, 60_000);

  it('gives copies of one request the same answer on both instances, and opens nothing after the session ended', async () => {
    const { machines, makers } = await workshop(1);
    const [machine] = machines;
    const requestId = randomUUID();
    const received = async (i: Instance) =>
      Number(/fablab_mqtt_messages_received_total\{kind="badge"\} (\d+)/.exec((await i.api.http().get('/metrics')).text)?.[1] ?? 0);
    const before = await Promise.all([received(a), received(b)]);
    const copy = () =>
      bridge.client.publishAsync(bridge.topic(machine.slug, 'badge'), JSON.stringify({ requestId, uid: makers[0].uid, ts: new Date().toISOString() }), {
        qos: 1,
      });
    await Promise.all([copy(), copy(), copy(), copy()]);
    await waitUntil(() => bridge.received.filter((m) => m.topic.endsWith('/access') && m.payload.requestId === requestId).length === 4);
    const after = await Promise.all([received(a), received(b)]);
    // The shared subscription handed copies to both instances.
    expect(after[0]).toBeGreaterThan(before[0]);
    expect(after[1]).toBeGreaterThan(before[1]);
    const replies = bridge.received.filter((m) => m.topic.endsWith('/access') && m.payload.requestId === requestId).map((m) => m.payload);
    expect(replies[0].decision).toBe('granted');
    for (const r of replies) expect(r).toEqual(replies[0]);
    expect((await openSessions(a)).filter((s) => s.machineId === machine.id)).toHaveLength(1);

    await as(b.api, manager).post(`/api/sessions/${replies[0].sessionId}/end`).expect(200);
    await Promise.all([copy(), copy()]);
    await waitUntil(() => bridge.received.filter((m) => m.topic.endsWith('/access') && m.payload.requestId === requestId).length === 6);
    for (const m of bridge.received.filter((x) => x.topic.endsWith('/access') && x.payload.requestId === requestId)) expect(m.payload).toEqual(replies[0]);
    await new Promise((r) => setTimeout(r, 500));
    expect((await openSessions(b)).filter((s) => s.machineId === machine.id)).toHaveLength(0);
  }, 60_000);

  it('lets one of two people badging at once on two instances have the machine', async () => {
    const { machines, makers } = await workshop(2);
    const [machine] = machines;
    const replies = await Promise.all([bridge.badge(machine.slug, makers[0].uid), bridge.badge(machine.slug, makers[1].uid)]);
    expect(replies.map((r) => r.decision).sort()).toEqual(['denied', 'granted']);
    expect(replies.find((r) => r.decision === 'denied')).toMatchObject({ reason: 'machine_in_use' });
    await as(a.api, manager)
      .post(`/api/sessions/${replies.find((r) => r.decision === 'granted').sessionId}/end`)
      .expect(200);
  }, 30_000);

  it('renews from the survivor the sessions of an instance killed with them open, before their lease runs out', async () => {
    const { machines, makers } = await workshop(2);
    const opened = [];
    for (const [k, machine] of machines.entries()) opened.push(await openSession(machine, makers[k].uid, [a, b]));
    // Kill the instance that opened the first session; the other session may be on either.
    const victim = opened[0].opener;
    const survivor = victim === a ? b : a;
    await victim.kill();
    const killedAt = Date.now();
    for (const { sessionId } of opened) {
      const lastBefore = Math.max(...unlocksOf(sessionId).map((m) => Date.parse(m.payload.ts)));
      await bridge.waitFor(
        (t, p) => t.endsWith('/cmd') && p.type === 'unlock' && p.sessionId === sessionId && Date.parse(p.ts) > killedAt,
        LEASE_SECONDS * 1000 + 2000,
      );
      const renewal = unlocksOf(sessionId).find((m) => Date.parse(m.payload.ts) > killedAt)!;
      expect(Date.parse(renewal.payload.ts) - lastBefore).toBeLessThan(LEASE_SECONDS * 1000);
    }
    expect((await openSessions(survivor)).map((s) => s.id)).toEqual(expect.arrayContaining(opened.map((o) => o.sessionId)));

    // issue 13: the last instance restarts across a renewal; the unlock does not lapse meanwhile.
    // The new process is spawned so that it answers after the renewal was due, yet within the lease.
    const { sessionId } = opened[0];
    await bridge.waitFor(
      (t, p) => t.endsWith('/cmd') && p.type === 'unlock' && p.sessionId === sessionId && Date.parse(p.ts) > Date.now() - 200,
      LEASE_SECONDS * 1000,
    );
    const lastUnlock = Math.max(...unlocksOf(sessionId).map((m) => Date.parse(m.payload.ts)));
    await survivor.kill();
    const renewalDue = lastUnlock + (LEASE_SECONDS / 2) * 1000;
    const startupGuess = Math.max(a.startedInMs, b.startedInMs);
    await new Promise((r) => setTimeout(r, Math.max(0, renewalDue + 1000 - startupGuess - Date.now())));
    const restarted = await startInstance('c', env);
    instances.push(restarted);
    const upAt = Date.now();
    await bridge.waitFor(
      (t, p) => t.endsWith('/cmd') && p.type === 'unlock' && p.sessionId === sessionId && Date.parse(p.ts) > lastUnlock,
      LEASE_SECONDS * 1000,
    );
    const next = unlocksOf(sessionId).find((m) => Date.parse(m.payload.ts) > lastUnlock)!;
    if (upAt > renewalDue) expect(Date.parse(next.payload.ts)).toBeLessThan(upAt + 2000); // overdue: renewed at once
    expect(Date.parse(next.payload.ts) - lastUnlock).toBeLessThan(LEASE_SECONDS * 1000);
  }, 120_000);
});
