import '../helpers';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BoardSim } from '../../src/simulators/board-sim';
import { signedConfig, siteKeys } from '../factories';
import { FakeServer, simulatedPort, spawnBridge, uniqueSite, writeConfig, BridgeProcess } from './harness';

jest.setTimeout(120_000);

const URL = 'mqtt://127.0.0.1:1883';

/**
 * The real bridge process against Mosquitto: its heartbeat, and a configuration served on its
 * `config` topic — applied (the served reader is the one that works), refused when badly signed
 * or older, and run again from disk after a restart without any server.
 */
describe('served configuration and heartbeat, bridge process', () => {
  const keys = siteKeys();
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('heartbeats, applies a newer signed configuration, refuses a forged or older one, and restarts on the stored one', async () => {
    const site = uniqueSite();
    const dir = mkdtempSync(join(tmpdir(), 'bridge-rc-'));
    const portA = await simulatedPort();
    const portB = await simulatedPort();
    const boardA = new BoardSim(portA.device);
    const boardB = new BoardSim(portB.device);
    cleanups.push(
      () => portA.close(),
      () => portB.close(),
    );
    const config = writeConfig(dir, {
      server: {
        mqttUrl: URL,
        site,
        bridge: 'atelier-1',
        username: `bridge-${site}`,
        password: 'x',
        publicKey: keys.publicPem,
        httpBaseUrl: 'http://127.0.0.1:1/',
      },
      dataDir: join(dir, 'data'),
      heartbeatSeconds: 1,
      devices: [{ name: 'lecteur-a', driver: 'fablab-board', port: portA.path, machine: 'laser-1' }],
    });
    const server = new FakeServer(URL, site);
    await server.connect();
    cleanups.push(() => server.close());
    const configTopic = `fablab/v1/${site}/bridges/atelier-1/config`;
    cleanups.push(() => server.client.publishAsync(configTopic, '', { qos: 1, retain: true }));
    let bridge: BridgeProcess = spawnBridge(config);
    cleanups.push(() => bridge.kill());
    const logs = () => bridge.logs.join('');

    const beats = () => server.received.filter((r) => r.topic === `fablab/v1/${site}/bridges/atelier-1/heartbeat`);
    await server.waitFor(() => beats().length >= 2, 'two heartbeats');
    expect(beats()[0].payload).toEqual({ version: expect.any(String), uptimeSeconds: expect.any(Number), configVersion: 0, ts: expect.any(String) });
    expect(beats()[0].retain).toBe(false);

    // config.yaml's reader works.
    boardA.badge('04A224B2C35E80');
    await server.waitFor(() => server.received.find((r) => r.topic.endsWith('/machines/laser-1/badge')), 'badge from reader A');

    // The server serves reader B instead.
    const v2 = signedConfig(keys.privateKey, {
      site,
      bridge: 'atelier-1',
      version: 2,
      devices: [{ name: 'lecteur-b', driver: 'fablab-board', port: portB.path, machine: 'laser-1' }],
      machines: { 'laser-1': { relay: 'lecteur-b', graceSeconds: 1 } },
    });
    await server.client.publishAsync(configTopic, JSON.stringify(v2), { qos: 1, retain: true });
    await server.waitFor(() => logs().includes('configuration version 2 applied'), 'version 2 applied');
    await server.waitFor(() => beats().some((b) => b.payload.configVersion === 2), 'a heartbeat saying version 2');
    const badges = () => server.received.filter((r) => r.topic.endsWith('/machines/laser-1/badge')).length;
    const before = badges();
    boardB.badge('04A224B2C35E81');
    await server.waitFor(() => badges() > before, 'badge from reader B');

    // A forged one and an older one: refused, said in the log, version 2 keeps running.
    const forged = {
      ...signedConfig(keys.privateKey, { site, bridge: 'atelier-1', version: 3, devices: [] }),
      devices: [{ name: 'x', driver: 'grbl', port: '/dev/x', machine: 'laser-1' }],
    };
    await server.client.publishAsync(configTopic, JSON.stringify(forged), { qos: 1, retain: true });
    await server.waitFor(() => logs().includes('configuration refused: bad_signature'), 'forged refused');
    const older = signedConfig(keys.privateKey, { site, bridge: 'atelier-1', version: 1, devices: [] });
    await server.client.publishAsync(configTopic, JSON.stringify(older), { qos: 1, retain: true });
    await server.waitFor(() => logs().includes('configuration refused: older_version (1 < 2)'), 'older refused');
    expect(logs()).not.toContain('configuration version 3');

    // Restarted with no configuration on the broker: the stored version 2 runs (reader B).
    await server.client.publishAsync(configTopic, '', { qos: 1, retain: true });
    await bridge.kill();
    const beatsBefore = beats().length;
    bridge = spawnBridge(config);
    await server.waitFor(() => logs().includes('served configuration version 2 (stored on disk)'), 'restart on the stored configuration');
    const afterRestart = badges();
    // Connected again: its first heartbeat says the stored version.
    await server.waitFor(() => beats().slice(beatsBefore)[0], 'a heartbeat after the restart');
    expect(beats().slice(beatsBefore)[0].payload.configVersion).toBe(2);
    boardB.badge('04A224B2C35E82');
    await server.waitFor(() => badges() > afterRestart, 'badge from reader B after the restart');
  });
});
