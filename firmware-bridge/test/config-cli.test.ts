import './helpers';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import YAML from 'yaml';
import { parseConfig, loadConfig } from '../src/config';
import { checkDevices } from '../src/check';
import { createPtyPair } from '../src/serial/pty';
import { openSerial } from '../src/serial/open';
import { GrblSim } from '../src/simulators/grbl-sim';
import { MarlinSim } from '../src/simulators/marlin-sim';
import { BoardSim } from '../src/simulators/board-sim';
import { DevicePort } from '../src/serial/device-port';
import { GrblDriver } from '../src/drivers/grbl';
import { siteKeys } from './factories';
import { waitFor } from './helpers';

const ROOT = join(__dirname, '..');
const pem = siteKeys().publicPem;
const valid = () => ({
  server: {
    mqttUrl: 'mqtt://127.0.0.1:1883',
    site: 'brest-capucins',
    bridge: 'atelier-1',
    username: 'bridge-atelier-1',
    password: 's',
    publicKey: pem,
    httpBaseUrl: 'http://127.0.0.1:3000',
  },
  dataDir: '/tmp/fablab-bridge-test',
  devices: [{ driver: 'grbl', port: '/dev/ttyACM0', machine: 'laser-1' }],
});

describe('configuration', () => {
  it('fills defaults: baud rate per driver, machine options', () => {
    const c = parseConfig(valid());
    expect(c.devices[0]).toMatchObject({ name: 'grbl-0', baudRate: 115200 });
    expect(c.machines['laser-1']).toEqual({
      idleTimeoutSeconds: 900,
      powerThresholdMa: 200,
      graceSeconds: 60,
      endSessionOnBadgeRemoved: true,
      powerOffSeconds: 30,
    });
  });
  it('names the faulty field', () => {
    const bad = valid() as any;
    bad.server.site = 'Brest Capucins';
    bad.devices[0].driver = 'makerbot';
    expect(() => parseConfig(bad)).toThrow(/server\.site: slug[\s\S]*devices\.0\.driver/);
  });
  it('refuses a relay that is not a device of the machine', () => {
    const c = valid() as any;
    c.machines = { 'laser-1': { relay: 'nope' } };
    expect(() => parseConfig(c)).toThrow(/machines\.laser-1\.relay/);
  });
  it('reads YAML and the example config shipped with the package', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    writeFileSync(join(dir, 'c.yaml'), YAML.stringify(valid()));
    expect(loadConfig(join(dir, 'c.yaml')).server.bridge).toBe('atelier-1');
    const ex = loadConfig(join(ROOT, 'config.example.yaml'));
    expect(ex.devices.length).toBeGreaterThan(2);
  });
});

describe('--check', () => {
  it('opens every port and says which device answered', async () => {
    const pairs = await Promise.all([createPtyPair(), createPtyPair(), createPtyPair()]);
    const wires = await Promise.all(pairs.map((p) => openSerial({ path: p.b, baudRate: 115200 }).then((o) => o.wire)));
    const sims = [new GrblSim(wires[0], { bytesPerSecond: 0 }), new MarlinSim(wires[1], { bytesPerSecond: 0 }), new BoardSim(wires[2])];
    try {
      const cfg = parseConfig({
        ...valid(),
        devices: [
          { driver: 'grbl', port: pairs[0].a, machine: 'laser-1' },
          { driver: 'marlin', port: pairs[1].a, machine: 'printer-1' },
          { driver: 'fablab-board', port: pairs[2].a, machine: 'laser-1' },
          { driver: 'grbl', port: '/dev/does-not-exist', machine: 'cnc-1' },
        ],
      });
      const r = await checkDevices(cfg, 8000);
      expect(r.map((x) => x.ok)).toEqual([true, true, true, false]);
      expect(r[0].detail).toMatch(/Grbl 1\.1h/);
      expect(r[1].detail).toMatch(/FIRMWARE_NAME:Marlin/);
      expect(r[2].detail).toMatch(/fablab-board-1\.2\.0 B0042/);
      expect(r[3].detail).toMatch(/cannot open/);
    } finally {
      sims.forEach((s) => s.stop());
      await Promise.all(wires.map((w) => w.close()));
      await Promise.all(pairs.map((p) => p.close()));
    }
  });

  it('refuses a bad config file with the field at fault and exit code 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const c = valid() as any;
    delete c.server.mqttUrl;
    writeFileSync(join(dir, 'c.yaml'), YAML.stringify(c));
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli.js'), '--config', join(dir, 'c.yaml'), '--check']);
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise((r) => child.on('exit', r));
    expect(code).toBe(2);
    expect(err).toMatch(/server\.mqttUrl/);
  });
});

describe('unplugged devices', () => {
  it('a device that disappears is reported offline and reopened with back-off when it comes back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tty-'));
    const links = { a: join(dir, 'ttyACM0'), b: join(dir, 'dev-side') };
    let pair = await createPtyPair(10000, links);
    let wire = (await openSerial({ path: pair.b, baudRate: 115200 })).wire;
    let sim = new GrblSim(wire, { bytesPerSecond: 0 });
    const drv = new GrblDriver();
    const port = new DevicePort(drv, { path: links.a, baudRate: 115200, minBackoffMs: 100, maxBackoffMs: 400 });
    const seen: string[] = [];
    port.on('online', () => seen.push('online'));
    port.on('offline', () => seen.push('offline'));
    drv.on('greeting', () => seen.push('greeting'));
    port.start();
    await waitFor(() => seen.includes('greeting'));
    // unplug
    sim.stop();
    await wire.close();
    await pair.close();
    await waitFor(() => seen.includes('offline'));
    await new Promise((r) => setTimeout(r, 500)); // a few failed reopen attempts
    // plug back
    pair = await createPtyPair(10000, links);
    wire = (await openSerial({ path: pair.b, baudRate: 115200 })).wire;
    sim = new GrblSim(wire, { bytesPerSecond: 0 });
    await waitFor(() => seen.filter((s) => s === 'greeting').length === 2);
    expect(seen.slice(0, 4)).toEqual(['online', 'greeting', 'offline', 'online']);
    await port.stop();
    sim.stop();
    await wire.close();
    await pair.close();
  });
});

describe('garbage on a serial line', () => {
  it('never throws out of any driver', () => {
    const { Rdm6300Driver } = require('../src/drivers/rdm6300');
    const { Pn532Driver } = require('../src/drivers/pn532');
    const { FablabBoardDriver } = require('../src/drivers/fablab-board');
    const { MarlinDriver } = require('../src/drivers/marlin');
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 256;
    for (const D of [Rdm6300Driver, Pn532Driver, FablabBoardDriver, MarlinDriver, GrblDriver]) {
      const d = new D();
      d.on('error', () => undefined);
      for (let i = 0; i < 200; i++) expect(() => d.feed(Buffer.from(Array.from({ length: 64 }, rnd)))).not.toThrow();
      d.detach();
    }
  });
});

/** `node dist/sim.js <kind> --pty …`: the child and the pty path it prints first. */
function spawnSimulator(args: string[], stderr: 'pipe' | 'inherit' = 'inherit') {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'sim.js'), ...args], { stdio: ['pipe', 'pipe', stderr] });
  const path = new Promise<string>((resolve) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(out.split('\n')[0]);
    });
  });
  return { child, path };
}

describe('simulator CLI', () => {
  it('prints the pty path of a running simulator that a bridge can open', async () => {
    const sim = spawnSimulator(['grbl', '--pty', '--unpaced']);
    const child = sim.child;
    try {
      const path = await sim.path;
      expect(path).toMatch(/^\/dev\/pts\/\d+$/);
      const r = await checkDevices(parseConfig({ ...valid(), devices: [{ driver: 'grbl', port: path, machine: 'laser-1' }] }), 8000);
      expect(r[0]).toMatchObject({ ok: true });
    } finally {
      child.stdin.end('quit\n');
      await new Promise((r) => child.on('exit', r));
    }
  });

  it('the reader board simulator tells what a person at the machine would see and hear', async () => {
    const sim = spawnSimulator(['fablab-board', '--pty'], 'pipe');
    const child = sim.child;
    let cues = '';
    child.stderr!.on('data', (d) => (cues += d));
    const { FablabBoardDriver } = require('../src/drivers/fablab-board');
    const drv = new FablabBoardDriver({ helloTimeoutMs: 200 });
    let wire: Awaited<ReturnType<typeof openSerial>>['wire'] | undefined;
    try {
      wire = (await openSerial({ path: await sim.path, baudRate: 115200 })).wire;
      wire.onData((c) => drv.feed(c));
      drv.attach((d: string) => wire!.write(d));
      await drv.show(['Bonjour Amina', 'Machine ouverte']);
      await drv.led('green', true);
      await drv.beep(100);
      await drv.relay(true);
      await waitFor(() => cues.includes('[relais]'), 5000, 'relay cue');
      expect(cues).toContain('[ecran] |Bonjour Amina| |Machine ouverte|');
      expect(cues).toContain('[LED] verte clignotante');
      expect(cues).toContain('[bip] 100 ms');
      expect(cues).toContain('[relais] ferme: machine alimentee');
    } finally {
      drv.detach();
      await wire?.close();
      child.stdin.end('quit\n');
      await new Promise((r) => child.on('exit', r));
    }
  });
});
