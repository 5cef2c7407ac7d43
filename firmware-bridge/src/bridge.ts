import type { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import type { LoadedConfig, DeviceConfig } from './config';
import { DevicePort, Driver } from './serial/device-port';
import { createDriver, createNetworkPrinter, isReader, isController, isNetwork } from './devices';
import { Journal } from './journal/journal';
import { AllowListStore, loadPublicKey } from './allowlist/allowlist';
import { MqttLink } from './mqtt/link';
import { RemoteConfigStore } from './remote/remote-config';
import { Topics } from './mqtt/topics';
import { AccessSchema, CmdSchema, parsePayload } from './mqtt/schemas';
import { MachineController } from './sessions/machine';
import type { MachineHardware, JobController } from './sessions/ports';
import { httpJobSource } from './jobs/job-runner';
import { UsbRelayDriver } from './drivers/usb-relay';
import { FablabBoardDriver } from './drivers/fablab-board';
import { nowIso } from './util/time';
import { renderMessage } from './display/messages';
import { createLogger } from './util/log';

export function bridgeVersion(): string {
  try {
    return JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version;
  } catch {
    return '0.0.0';
  }
}

export interface BridgeOptions {
  /** serialport binding per device (MockBinding in tests); native when absent. */
  bindingFor?: (d: DeviceConfig) => unknown;
  /** The served configurations kept (BridgeRunner's, made from config.yaml); one of its own otherwise. */
  remote?: RemoteConfigStore;
  /** A newer served configuration was accepted and written to disk: `effective` is what to run now. */
  onConfig?: (effective: LoadedConfig, version: number) => void;
}

/** What keeps a device reachable: a serial port, or (Moonraker) the network printer's own link. */
interface DeviceLink {
  on(ev: 'online' | 'offline', cb: () => void): unknown;
  start(): void;
  stop(why?: string): Promise<void>;
}

interface DeviceEntry {
  config: DeviceConfig;
  driver: Driver | EventEmitter;
  port: DeviceLink;
}

/** Wires devices, machines, journal, allow-list and MQTT together. Holds no rule itself. */
export class Bridge {
  readonly topics: Topics;
  readonly journal: Journal;
  readonly allowList: AllowListStore;
  readonly remote: RemoteConfigStore;
  readonly link: MqttLink;
  readonly devices: DeviceEntry[] = [];
  readonly machines = new Map<string, MachineController>();
  private log = createLogger('bridge');
  private dropped = 0;

  constructor(
    private readonly cfg: LoadedConfig,
    private readonly opts: BridgeOptions = {},
  ) {
    const s = cfg.server;
    this.topics = new Topics(s.site, s.bridge);
    this.journal = new Journal(join(cfg.dataDir, 'journal'));
    const key = loadPublicKey(cfg.publicKeyPem);
    this.allowList = new AllowListStore(cfg.dataDir, key, { site: s.site, bridge: s.bridge });
    this.remote = opts.remote ?? new RemoteConfigStore(cfg, key);
    const machineSlugs = Object.keys(cfg.machines);
    this.link = new MqttLink({
      url: s.mqttUrl,
      username: s.username,
      password: s.password,
      topics: this.topics,
      journal: this.journal,
      version: bridgeVersion(),
      machines: machineSlugs,
      heartbeatMs: cfg.heartbeatSeconds * 1000,
      configVersion: () => this.remote.version(),
    });

    for (const d of cfg.devices) {
      if (isNetwork(d)) {
        // The printer keeps its own link (websocket, reconnected with back-off): it is its port.
        const printer = createNetworkPrinter(d, bridgeVersion());
        this.devices.push({ config: d, driver: printer, port: printer });
        continue;
      }
      const driver = createDriver(d);
      const port = new DevicePort(driver, { path: d.port, baudRate: d.baudRate, binding: opts.bindingFor?.(d) });
      this.devices.push({ config: d, driver, port });
    }
    const jobSource = httpJobSource(s.httpBaseUrl);
    for (const slug of machineSlugs) {
      const mine = this.devices.filter((e) => e.config.machine === slug);
      const ctl = mine.find((e) => isController(e.config));
      const machine = new MachineController({
        slug,
        config: cfg.machines[slug],
        hardware: this.hardwareFor(slug, mine),
        out: {
          event: (type, fields) => this.link.event(slug, type, fields),
          state: (p) => this.link.publish(this.topics.machine(slug, 'state'), p, { qos: 1, retain: true }),
          telemetry: (t) => this.link.publish(this.topics.machine(slug, 'telemetry'), { ts: nowIso(), ...t }, { qos: 0 }),
          badge: (p) => this.link.publish(this.topics.machine(slug, 'badge'), p, { qos: 1, dropIfOffline: true }),
        },
        allowList: () => this.allowList.current(),
        controller: ctl?.driver as unknown as JobController | undefined,
        jobSource,
        accessTimeoutMs: cfg.accessTimeoutMs,
        online: () => this.link.connected(),
      });
      this.machines.set(slug, machine);
      for (const e of mine) this.wireDevice(e, machine);
    }
    this.link.on('message', (topic: string, payload: Buffer) => this.onMessage(topic, payload));
    this.link.on('online', () => {
      for (const m of this.machines.values()) m.publishState();
    });
  }

  private hardwareFor(slug: string, mine: DeviceEntry[]): MachineHardware {
    const relayName = this.cfg.machines[slug].relay;
    const relayDev =
      (relayName && mine.find((e) => e.config.name === relayName)) ||
      mine.find((e) => e.config.driver === 'usb-relay') ||
      mine.find((e) => e.config.driver === 'fablab-board');
    const boardEntry = mine.find((e) => e.config.driver === 'fablab-board');
    const board = boardEntry?.driver as FablabBoardDriver | undefined;
    return {
      relay: async (on) => {
        if (!relayDev) return;
        if (relayDev.driver instanceof UsbRelayDriver) relayDev.driver.set(on);
        else if (relayDev.driver instanceof FablabBoardDriver) await relayDev.driver.relay(on);
      },
      led: async (c, blink) => void (board && (await board.led(c, blink))),
      beep: async (ms) => void (board && (await board.beep(ms))),
      show: async (m) => void (board && (await board.show(renderMessage(m, boardEntry!.config.display)))),
    };
  }

  private wireDevice(e: DeviceEntry, machine: MachineController) {
    const drv = e.driver;
    if (isReader(e.config)) {
      drv.on('badge', (uid: string) => machine.onBadge(uid));
      drv.on('removed', (uid: string) => machine.onBadgeRemoved(uid));
    }
    if (e.config.driver === 'fablab-board') {
      drv.on('current', (mA: number) => machine.onCurrent(mA));
      drv.on('alarm', (a: { code: string; message: string }) => machine.alarm(a.code, a.message));
    }
    drv.on('greeting', (id: string) => this.log.info(`${e.config.name} on ${e.config.port}: ${id}`));
    let wasOnline = false;
    let lostAt = 0;
    e.port.on('online', () => {
      wasOnline = true;
      if (lostAt) this.log.info(`${e.config.name} back on ${e.config.port} after ${Math.round((Date.now() - lostAt) / 1000)} s`);
      if (isController(e.config)) machine.setControllerOnline(true);
    });
    e.port.on('offline', () => {
      if (!wasOnline) return;
      wasOnline = false;
      lostAt = Date.now();
      // A device that disappears is an alarm, never a hung bridge.
      machine.alarm('device_offline', `${e.config.name} (${e.config.driver}) on ${e.config.port} disconnected`);
      if (isController(e.config)) machine.setControllerOnline(false);
    });
  }

  private onMessage(topic: string, payload: Buffer) {
    try {
      if (topic === this.topics.allowlist()) {
        let raw: unknown;
        try {
          raw = JSON.parse(payload.toString('utf8'));
        } catch {
          return this.drop(topic, 'not JSON');
        }
        const v = this.allowList.offer(raw);
        if (v.ok) this.log.info(`allow-list version ${v.list.version} accepted (${v.list.entries.length} entries)`);
        else this.drop(topic, `allow-list refused: ${v.reason}`);
        return;
      }
      if (topic === this.topics.config()) return this.onConfig(topic, payload);
      const t = this.topics.parseMachine(topic);
      const machine = t && this.machines.get(t.machine);
      if (!t || !machine) return this.drop(topic, 'not one of our topics');
      if (t.leaf === 'access') {
        const r = parsePayload(AccessSchema, payload);
        if (!r.ok) return this.drop(topic, r.reason);
        machine.onAccess(r.value);
      } else if (t.leaf === 'cmd') {
        const r = parsePayload(CmdSchema, payload);
        if (!r.ok) return this.drop(topic, r.reason);
        void machine.onCmd(r.value);
      }
    } catch (e) {
      this.log.error(`handler failed for ${topic}`, e);
    }
  }

  /**
   * A served configuration (MQTT contract, "Bridge configuration"): a newer, well-signed one is
   * written to disk and handed to whoever runs us to apply; any other is refused and logged, and
   * the last good one keeps running.
   */
  private onConfig(topic: string, payload: Buffer) {
    if (payload.length === 0) return; // the retained copy cleared (bridge removed on the server)
    let raw: unknown;
    try {
      raw = JSON.parse(payload.toString('utf8'));
    } catch {
      return this.drop(topic, 'configuration refused: not JSON');
    }
    const r = this.remote.offer(raw);
    if (!r.applied) {
      if (r.same) return;
      return this.drop(topic, `configuration refused: ${r.reason}; version ${this.remote.version() || '(config.yaml)'} keeps running`);
    }
    this.log.info(
      `configuration version ${r.config.version} accepted (${r.effective.devices.length} devices, ${Object.keys(r.effective.machines).length} machines)`,
    );
    if (this.opts.onConfig) this.opts.onConfig(r.effective, r.config.version);
    else this.log.warn('configuration kept on disk; it applies at the next start');
  }

  private drop(topic: string, reason: string) {
    this.dropped++;
    this.log.warn(`dropped message on ${topic}: ${reason}`);
  }

  droppedCount() {
    return this.dropped;
  }

  start() {
    for (const d of this.devices) d.port.start();
  }

  /** The jobs running now, machine by machine. */
  runningJobs(): Array<{ machine: string; jobId: string }> {
    return [...this.machines.values()].flatMap((m) => {
      const jobId = m.runningJob();
      return jobId ? [{ machine: m.slug, jobId }] : [];
    });
  }

  /**
   * The first step of stopping: no new job is accepted, and this resolves once the running ones
   * ended (a restart, as every update does, must not cut a print). `onWait` hears which jobs are
   * waited for, at once and then every minute.
   */
  async drain(onWait: (jobs: Array<{ machine: string; jobId: string }>) => void, pollMs = 500): Promise<void> {
    for (const m of this.machines.values()) m.refuseNewJobs();
    let lastSaid = 0;
    for (;;) {
      const jobs = this.runningJobs();
      if (jobs.length === 0) return;
      if (Date.now() - lastSaid >= 60_000) {
        lastSaid = Date.now();
        onWait(jobs);
      }
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }

  /** Closes everything; a job still running fails with `why` (a forced stop says so). */
  async stop(why = 'bridge stopped') {
    for (const m of this.machines.values()) m.stop();
    await Promise.all(this.devices.map((d) => d.port.stop(why)));
    await this.link.close();
    this.journal.close();
  }
}
