import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { loadConfig } from '../../firmware-bridge/src/config';
import { bridgeConfigYaml } from './bridge-config';

/** The pairing's config.yaml is read by the bridge itself as it is, secrets with odd characters included. */
describe('bridgeConfigYaml', () => {
  it("gives a config the bridge's own loader accepts, with the pairing's values", () => {
    const publicKeyPem = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const yaml = bridgeConfigYaml({
      mqttUrl: 'mqtt://fablab.example.org:1883',
      site: 'brest',
      bridge: 'atelier-1',
      username: 'bridge-brest-atelier-1',
      password: 'a#b: "c"\\d',
      publicKeyPem,
      httpBaseUrl: 'https://fablab.example.org/',
      machines: ['laser-1', 'cnc-2'],
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bridge-config-'));
    try {
      fs.writeFileSync(path.join(dir, 'config.yaml'), yaml);
      const c = loadConfig(path.join(dir, 'config.yaml'));
      expect(c.server).toMatchObject({
        mqttUrl: 'mqtt://fablab.example.org:1883',
        site: 'brest',
        bridge: 'atelier-1',
        username: 'bridge-brest-atelier-1',
        password: 'a#b: "c"\\d',
        httpBaseUrl: 'https://fablab.example.org/',
      });
      expect(c.publicKeyPem.trim()).toBe(publicKeyPem.trim());
      expect(c.devices.map((d) => d.machine)).toEqual(['laser-1', 'cnc-2']);
      expect(Object.keys(c.machines).sort()).toEqual(['cnc-2', 'laser-1']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
