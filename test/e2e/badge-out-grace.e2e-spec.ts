import { randomBytes } from 'node:crypto';
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
  randomUid,
  recordPass,
  registerBridge,
} from '../factories/api.factory';
import { FakeBridge } from '../factories/bridge-client';
import { waitUntil } from '../factories/wait';
import { startTestApp, TestApp } from './harness';

/** The shortest lease the settings allow: renewed every 5 s. */
const LEASE_SECONDS = 10;
const HALF_MS = (LEASE_SECONDS / 2) * 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A badge-out grace at the bridge (`session.closing`): the server stops renewing the lease, so
 * the grace ends the session on time; the holder's card again resumes the renewals (issue 22).
 */
describe(`the server during a badge-out grace (${process.env.TEST_DB})`, () => {
  let t: TestApp;
  let manager: string;
  let site: { id: string; slug: string };
  let laser: { id: string; slug: string };
  let printer: { id: string; slug: string };
  let badge: { uid: string };
  let bridge: FakeBridge;

  const isUnlock = (sessionId: string) => (tp: string, p: any) => tp.endsWith(`${laser.slug}/cmd`) && p.type === 'unlock' && p.sessionId === sessionId;
  /** The unlocks for the session received from message `from` on. */
  const unlocksSince = (from: number, sessionId: string) => bridge.received.slice(from).filter((m) => isUnlock(sessionId)(m.topic, m.payload));
  /** Publishes `session.closing` and gives the server a moment to take it in. */
  async function closing(machine: string, sessionId: string, endsInMs = 60_000) {
    await bridge.event(machine, 'session.closing', { sessionId, endsAt: new Date(Date.now() + endsInMs).toISOString() });
    await sleep(500);
  }
  /** Waits for a renewal published from now on. */
  async function renewalAfter(sessionId: string) {
    const from = bridge.received.length;
    await waitUntil(() => unlocksSince(from, sessionId).length > 0, HALF_MS * 2);
  }

  beforeAll(async () => {
    t = await startTestApp({ LEASE_SECONDS: String(LEASE_SECONDS), QUEUE_PREFIX: `g${randomBytes(4).toString('hex')}` });
    const admin = await adminToken(t);
    site = await createSite(t, admin);
    manager = (await createManager(t, admin, site.id)).token;
    laser = await createMachine(t, manager, site.id);
    printer = await createMachine(t, manager, site.id, { type: 'printer', name: 'Imprimante 3D', slug: `printer-${randomUid(2).toLowerCase()}` });
    const training = await createTraining(t, manager, site.id);
    const person = await createPerson(t, manager, site.id);
    badge = await createBadge(t, manager, person.id);
    await recordPass(t, manager, person.id, training.id, isoDaysAgo(2));
    const reg = await registerBridge(t, admin, site.id, [laser.slug, printer.slug]);
    bridge = await FakeBridge.connect(t.mqttUrl, reg.credentials, site.slug, reg.bridge.slug);
    await bridge.serve(laser.slug);
    await bridge.serve(printer.slug);
  });
  afterAll(async () => {
    await bridge?.end();
    await t?.close();
  });

  it('sends no renewal while the bridge closes the session, and resumes them when the holder badges again', async () => {
    const { sessionId } = await bridge.badge(laser.slug, badge.uid);
    await bridge.waitFor(isUnlock(sessionId));
    await renewalAfter(sessionId);

    // Another machine's bridge topic cannot stop this session's renewals.
    await closing(printer.slug, sessionId);
    await renewalAfter(sessionId);
    // Nor can one replayed after its grace (the holder may have come back meanwhile).
    await closing(laser.slug, sessionId, -1000);
    await renewalAfter(sessionId);

    await closing(laser.slug, sessionId);
    const closedFrom = bridge.received.length;
    await sleep(HALF_MS * 2 + 500);
    expect(unlocksSince(closedFrom, sessionId)).toEqual([]);

    const again = await bridge.badge(laser.slug, badge.uid);
    expect(again).toMatchObject({ decision: 'granted', sessionId });
    await bridge.waitFor(isUnlock(sessionId)); // the grant's unlock calls the grace off at the bridge
    const resumedFrom = bridge.received.length;
    await sleep(HALF_MS * 2 + 500);
    expect(unlocksSince(resumedFrom, sessionId).length).toBeGreaterThanOrEqual(1);

    await bridge.event(laser.slug, 'session.ended', { sessionId, reason: 'manual' });
    await waitUntil(async () => (await as(t, manager).get('/api/sessions/open')).body.length === 0);
  }, 60_000);

  it('ends the closing session with its session.ended, and never renews it again', async () => {
    const { sessionId } = await bridge.badge(laser.slug, badge.uid);
    await bridge.waitFor(isUnlock(sessionId));
    await closing(laser.slug, sessionId);
    const closedFrom = bridge.received.length;
    await sleep(HALF_MS + 500);
    await bridge.event(laser.slug, 'session.ended', { sessionId, reason: 'badge_out' });
    await waitUntil(async () => (await as(t, manager).get('/api/sessions/open')).body.length === 0);
    await sleep(HALF_MS + 500);
    expect(unlocksSince(closedFrom, sessionId)).toEqual([]);
  }, 60_000);
});
