import './helpers';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPublicKey } from '../src/allowlist/allowlist';
import { parseConfig } from '../src/config';
import { RemoteConfigStore, verifyRemoteConfig } from '../src/remote/remote-config';
import { BridgeRunner } from '../src/runner';
import { signedConfig, siteKeys } from './factories';

const keys = siteKeys();
const site = 'brest-capucins';
const bridge = 'atelier-1';

/** config.yaml: one reader for laser-1; the served configurations below replace its devices. */
function local(dir = mkdtempSync(join(tmpdir(), 'rc-'))) {
  return parseConfig({
    server: {
      mqttUrl: 'mqtt://127.0.0.1:1',
      site,
      bridge,
      username: `bridge-${site}-${bridge}`,
      password: 'x',
      publicKey: keys.publicPem,
      httpBaseUrl: 'http://127.0.0.1:1/',
    },
    dataDir: join(dir, 'data'),
    devices: [{ name: 'lecteur', driver: 'rdm6300', port: '/dev/ttyAMA0', machine: 'laser-1' }],
  });
}

const served = (version: number, over: Partial<Parameters<typeof signedConfig>[1]> = {}) =>
  signedConfig(keys.privateKey, {
    site,
    bridge,
    version,
    devices: [
      { name: 'carte-laser', driver: 'fablab-board', port: '/dev/serial/by-id/usb-board-B0042', machine: 'laser-1', display: '20x4' },
      { name: 'laser', driver: 'grbl', port: '/dev/ttyUSB1', machine: 'laser-1' },
    ],
    machines: { 'laser-1': { relay: 'carte-laser', graceSeconds: 30 } },
    accessTimeoutMs: 1500,
    ...over,
  });

describe('served configuration (MQTT contract, "Bridge configuration")', () => {
  const key = loadPublicKey(keys.publicPem);

  it('accepts a well-signed one and applies its devices and machine settings over config.yaml', () => {
    const v = verifyRemoteConfig(served(5), key, local());
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.effective.devices.map((d) => [d.name, d.driver, d.baudRate])).toEqual([
      ['carte-laser', 'fablab-board', 115200],
      ['laser', 'grbl', 115200],
    ]);
    expect(v.effective.machines['laser-1']).toMatchObject({ relay: 'carte-laser', graceSeconds: 30, idleTimeoutSeconds: 900 });
    expect(v.effective.accessTimeoutMs).toBe(1500);
    expect(v.effective.server.site).toBe(site);
  });

  it('refuses a tampered one, one signed with another key, another bridge’s and an unusable one', () => {
    const tampered = served(5) as any;
    tampered.devices[0].port = '/dev/ttyEVIL';
    expect(verifyRemoteConfig(tampered, key, local())).toEqual({ ok: false, reason: 'bad_signature' });
    const other = siteKeys();
    expect(verifyRemoteConfig(signedConfig(other.privateKey, { site, bridge, version: 5, devices: [] }), key, local())).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(verifyRemoteConfig(signedConfig(keys.privateKey, { site, bridge: 'atelier-2', version: 5, devices: [] }), key, local())).toEqual({
      ok: false,
      reason: 'not_for_this_bridge',
    });
    const badRelay = verifyRemoteConfig(served(5, { machines: { 'laser-1': { relay: 'nobody' } } }), key, local());
    expect(badRelay.ok).toBe(false);
    expect(!badRelay.ok && badRelay.reason).toMatch(/^unusable: .*no device named "nobody"/);
  });

  it('keeps the last good one on disk: a bad signature or an older version is refused and changes nothing', () => {
    const cfg = local();
    const store = new RemoteConfigStore(cfg, key);
    expect(store.version()).toBe(0);
    expect(store.effective().devices.map((d) => d.name)).toEqual(['lecteur']);

    const first = store.offer(served(5));
    expect(first.applied).toBe(true);
    const file = join(cfg.dataDir, 'remote-config.json');
    expect(JSON.parse(readFileSync(file, 'utf8')).version).toBe(5);

    const forged = {
      ...served(9),
      sig: served(9)
        .sig.toString()
        .replace(/^./, (c) => (c === 'A' ? 'B' : 'A')),
    };
    expect(store.offer(forged)).toEqual({ applied: false, reason: 'bad_signature' });
    expect(store.offer(served(4))).toEqual({ applied: false, reason: 'older_version (4 < 5)' });
    expect(store.offer(served(5))).toEqual({ applied: false, reason: 'same_version', same: true });
    expect(store.version()).toBe(5);
    expect(JSON.parse(readFileSync(file, 'utf8')).version).toBe(5);

    const newer = store.offer(served(6, { devices: [{ name: 'lecteur-2', driver: 'pn532', port: '/dev/ttyUSB3', machine: 'laser-1' }], machines: {} }));
    expect(newer.applied).toBe(true);
    expect(store.effective().devices.map((d) => d.name)).toEqual(['lecteur-2']);

    // A restart (without the server): the stored version runs, not config.yaml's devices.
    const again = new RemoteConfigStore(cfg, key);
    expect(again.version()).toBe(6);
    expect(again.effective().devices.map((d) => [d.name, d.driver, d.port])).toEqual([['lecteur-2', 'pn532', '/dev/ttyUSB3']]);
  });

  it('a stored copy altered on disk is not run: config.yaml is', () => {
    const cfg = local();
    const store = new RemoteConfigStore(cfg, key);
    store.offer(served(5));
    const file = join(cfg.dataDir, 'remote-config.json');
    const stored = JSON.parse(readFileSync(file, 'utf8'));
    stored.devices[1].port = '/dev/ttyEVIL';
    writeFileSync(file, JSON.stringify(stored));
    expect(existsSync(file)).toBe(true);
    expect(new RemoteConfigStore(cfg, key).effective().devices.map((d) => d.name)).toEqual(['lecteur']);
  });

  it('the runner starts a restarted bridge on the stored configuration', async () => {
    const cfg = local();
    new RemoteConfigStore(cfg, key).offer(served(7));
    const runner = new BridgeRunner(cfg, { bindingFor: () => undefined });
    const b = runner.start();
    try {
      expect(b.devices.map((d) => d.config.name)).toEqual(['carte-laser', 'laser']);
      expect(b.remote.version()).toBe(7);
    } finally {
      runner.stopApplying();
      await b.stop();
    }
  });
});
