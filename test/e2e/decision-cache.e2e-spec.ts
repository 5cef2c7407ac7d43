import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
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
import { SHARED_REDIS_URL, startTestApp, TestApp } from './harness';

/**
 * Decisions come from memory; a write on one app instance must reach every instance's cache
 * (through Redis) before the next badge-in.
 */
describe(`the decision cache across two instances (${process.env.TEST_DB})`, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fablab-cache-'));
  const prefix = `c${randomBytes(4).toString('hex')}`;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    a = await startTestApp({ REDIS_URL: SHARED_REDIS_URL, DATA_DIR: dataDir, QUEUE_PREFIX: prefix }, { keepDatabase: true });
    b = await startTestApp({ REDIS_URL: SHARED_REDIS_URL, DATA_DIR: dataDir, QUEUE_PREFIX: prefix }, { existingDatabase: true });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('denies on instance B a badge revoked on instance A, right after the revocation', async () => {
    const admin = await adminToken(a);
    const site = await createSite(a, admin);
    const manager = (await createManager(a, admin, site.id)).token;
    const laser = await createMachine(a, manager, site.id);
    const training = await createTraining(a, manager, site.id);
    const person = await createPerson(a, manager, site.id);
    const badge = await createBadge(a, manager, person.id);
    await recordPass(a, manager, person.id, training.id, isoDaysAgo(1));
    // The bridge is paired (and connected) on B's embedded broker.
    const adminB = await adminToken(b);
    const reg = await registerBridge(b, adminB, site.id, [laser.slug]);
    const bridge = await FakeBridge.connect(b.mqttUrl, reg.credentials, site.slug, reg.bridge.slug);
    try {
      await bridge.serve(laser.slug);
      const first = await bridge.badge(laser.slug, badge.uid); // B's cache now holds the badge
      expect(first.decision).toBe('granted');
      await as(b, manager).post(`/api/sessions/${first.sessionId}/end`).expect(200);

      await as(a, manager).post(`/api/badges/${badge.id}/revoke`, { reason: 'perdu' }).expect(201);
      await new Promise((r) => setTimeout(r, 300)); // the notice crosses Redis
      const second = await bridge.badge(laser.slug, badge.uid);
      expect(second).toMatchObject({ decision: 'denied', reason: 'badge_revoked' });
    } finally {
      await bridge.end();
    }
  });
});
