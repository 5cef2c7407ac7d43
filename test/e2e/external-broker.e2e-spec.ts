import {
  adminToken,
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
import { startTestApp, TestApp } from './harness';

/** The same flow through the Mosquitto running on this machine (MQTT_URL), with shared subscriptions. */
const MOSQUITTO = process.env.TEST_MOSQUITTO_URL ?? 'mqtt://127.0.0.1:1883';

describe(`badge-in through an external broker (${process.env.TEST_DB})`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ MQTT_URL: MOSQUITTO, MQTT_SHARED_GROUP: `test-${randomUid(3).toLowerCase()}` });
  });
  afterAll(async () => t?.close());

  it('grants a trained maker and denies an untrained one, over Mosquitto', async () => {
    const admin = await adminToken(t);
    const site = await createSite(t, admin);
    const manager = (await createManager(t, admin, site.id)).token;
    const machine = await createMachine(t, manager, site.id);
    const training = await createTraining(t, manager, site.id);
    const trained = await createPerson(t, manager, site.id);
    const trainedBadge = await createBadge(t, manager, trained.id);
    await recordPass(t, manager, trained.id, training.id, isoDaysAgo(3));
    const untrained = await createPerson(t, manager, site.id, { firstName: 'Lucas' });
    const untrainedBadge = await createBadge(t, manager, untrained.id);
    const reg = await registerBridge(t, admin, site.id, [machine.slug]);
    // Mosquitto here allows anonymous clients; credentials are provisioned by dynamic security (issue 4).
    const bridge = await FakeBridge.connect(MOSQUITTO, reg.credentials, site.slug, reg.bridge.slug);
    try {
      await bridge.serve(machine.slug);
      const ok = await bridge.badge(machine.slug, trainedBadge.uid);
      expect(ok).toMatchObject({ decision: 'granted' });
      await bridge.waitFor((tp, p) => tp.endsWith('/cmd') && p.type === 'unlock' && p.sessionId === ok.sessionId);
      const no = await bridge.badge(machine.slug, untrainedBadge.uid);
      expect(no).toMatchObject({ decision: 'denied', reason: 'training_missing' });
    } finally {
      await bridge.end();
    }
  });
});
