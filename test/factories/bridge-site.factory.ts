import type { TestApp } from '../e2e/harness';
import {
  adminToken,
  createBadge,
  createMachine,
  createManager,
  createPerson,
  createSite,
  createTraining,
  isoDaysAgo,
  recordPass,
  registerBridge,
} from './api.factory';

/**
 * A site with a laser cutter, a maker (Amina) trained for it with a badge, and a bridge paired
 * for the laser: what a test of the real bridge process against the server starts from.
 */
export async function trainedMakerBehindBridge(t: TestApp) {
  const admin = await adminToken(t);
  const site = await createSite(t, admin);
  const manager = (await createManager(t, admin, site.id)).token;
  const laser = await createMachine(t, manager, site.id, { name: 'la découpeuse' });
  const training = await createTraining(t, manager, site.id);
  const person = await createPerson(t, manager, site.id, { firstName: 'Amina' });
  const uid = (await createBadge(t, manager, person.id)).uid;
  await recordPass(t, manager, person.id, training.id, isoDaysAgo(5));
  const reg = await registerBridge(t, admin, site.id, [laser.slug]);
  return { admin, site, manager, laser, uid, reg };
}

/** The `server` block of the bridge's config for a paired bridge. */
export function bridgeServerConfig(t: TestApp, site: { slug: string }, reg: Awaited<ReturnType<typeof registerBridge>>, httpBaseUrl = `${t.url}/`) {
  return {
    mqttUrl: t.mqttUrl,
    site: site.slug,
    bridge: reg.bridge.slug,
    username: reg.credentials.username,
    password: reg.credentials.password,
    publicKey: reg.sitePublicKeyPem,
    httpBaseUrl,
  };
}
