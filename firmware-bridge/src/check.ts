import mqtt, { MqttClient } from 'mqtt';
import type { LoadedConfig, DeviceConfig } from './config';
import { createDriver, createNetworkPrinter, isNetwork } from './devices';
import { openSerial } from './serial/open';
import { Topics } from './mqtt/topics';
import { loadPublicKey, verifyAllowList } from './allowlist/allowlist';
import { FablabBoardDriver } from './drivers/fablab-board';
import { UsbRelayDriver } from './drivers/usb-relay';
import { nowIso } from './util/time';

export interface CheckResult {
  device: string;
  driver: string;
  port: string;
  machine: string;
  ok: boolean;
  detail: string;
}

/** One line of the server side of `--check`: MQTT login, topic rights, allow-list, job URL. */
export interface ServerCheck {
  what: string;
  ok: boolean;
  detail: string;
}

export const STOP_SERVICE_FIRST = 'port in use by another program: stop the service first (sudo systemctl stop fablab-bridge)';

/** serialport locks the ports it opens: a locked port is the running bridge, most of the time. */
export function portLocked(message: string): boolean {
  return /cannot lock port|resource temporarily unavailable|EBUSY|EAGAIN/i.test(message);
}

export interface CheckOptions {
  timeoutMs?: number;
  bindingFor?: (d: DeviceConfig) => unknown;
  /** Switch relays on for a second (and beep, show a line) so the admin sees and hears them. */
  click?: boolean;
}

/** `--check`: opens every configured port and reports which device answered. */
export async function checkDevices(cfg: LoadedConfig, timeoutMs = 6000, bindingFor?: (d: any) => unknown, click = false): Promise<CheckResult[]> {
  return Promise.all(cfg.devices.map((d) => checkDevice(d, { timeoutMs, bindingFor, click })));
}

async function checkDevice(d: DeviceConfig, o: CheckOptions): Promise<CheckResult> {
  const base = { device: d.name, driver: d.driver, port: d.port, machine: d.machine };
  const timeoutMs = o.timeoutMs ?? 6000;
  if (isNetwork(d)) return checkNetworkPrinter(d, base, timeoutMs);
  let wire;
  try {
    wire = (await openSerial({ path: d.port, baudRate: d.baudRate, binding: o.bindingFor?.(d) })).wire;
  } catch (e) {
    const m = (e as Error).message;
    return { ...base, ok: false, detail: portLocked(m) ? STOP_SERVICE_FIRST : `cannot open: ${m}` };
  }
  const driver = createDriver(d);
  try {
    const identity = await new Promise<string>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
      driver.once('greeting', (id: string) => {
        clearTimeout(t);
        resolve(id);
      });
      wire.onData((c) => {
        try {
          driver.feed(c);
        } catch {
          /* noise */
        }
      });
      driver.attach((x) => wire.write(x));
    });
    const tail = o.click ? await clickRelay(driver) : '';
    return { ...base, ok: true, detail: identity + tail };
  } catch (e) {
    return { ...base, ok: false, detail: (e as Error).message };
  } finally {
    driver.detach();
    await wire.close();
  }
}

/** A Moonraker printer: its websocket answers, Klipper says its version (or why it is not ready). */
async function checkNetworkPrinter(d: DeviceConfig, base: Omit<CheckResult, 'ok' | 'detail'>, timeoutMs: number): Promise<CheckResult> {
  const printer = createNetworkPrinter(d);
  try {
    const detail = await new Promise<string>((resolve, reject) => {
      const t = setTimeout(
        () =>
          reject(new Error(printer.online ? `Moonraker answers, Klipper not ready within ${timeoutMs / 1000} s` : `no answer within ${timeoutMs / 1000} s`)),
        timeoutMs,
      );
      printer.once('greeting', (id: string) => {
        clearTimeout(t);
        resolve(id);
      });
      printer.on('alarm', (a: { message: string }) => {
        clearTimeout(t);
        reject(new Error(a.message));
      });
      printer.on('link-error', (why: string) => {
        clearTimeout(t);
        reject(new Error(why));
      });
      printer.start();
    });
    return { ...base, ok: true, detail };
  } catch (e) {
    return { ...base, ok: false, detail: (e as Error).message };
  } finally {
    await printer.stop();
  }
}

/** `--click`: relay on for a second, a beep and a line on the display, where the device has them. */
async function clickRelay(driver: unknown): Promise<string> {
  const second = () => new Promise((r) => setTimeout(r, 1000));
  if (driver instanceof UsbRelayDriver) {
    driver.set(true);
    await second();
    driver.set(false);
    return '; relay switched on for 1 s (no feedback: listen for the click)';
  }
  if (driver instanceof FablabBoardDriver) {
    await driver.show(['Test passerelle', 'Relais 1 s']);
    await driver.beep(200);
    await driver.relay(true);
    await second();
    await driver.relay(false);
    return '; display, beep and relay (1 s) acknowledged';
  }
  return '';
}

/**
 * The server side of `--check`, with the bridge's own account: MQTT login, subscription and
 * publish rights for its site and bridge names, the signed allow-list (retained), and the job
 * download URL. Run it only while the service is stopped: the broker accepts one connection per
 * client id, so it would push the running bridge off.
 */
export async function checkServer(cfg: LoadedConfig, timeoutMs = 10_000): Promise<ServerCheck[]> {
  const out: ServerCheck[] = [];
  const s = cfg.server;
  const topics = new Topics(s.site, s.bridge);
  let client: MqttClient;
  try {
    client = await connect(cfg, timeoutMs);
    out.push({ what: `MQTT ${s.mqttUrl}`, ok: true, detail: `login as ${s.username} accepted` });
  } catch (e) {
    out.push({ what: `MQTT ${s.mqttUrl}`, ok: false, detail: (e as Error).message });
    out.push(await checkJobUrl(s.httpBaseUrl));
    return out;
  }
  let closed = false;
  client.on('close', () => (closed = true));
  try {
    let retained: Buffer | undefined;
    client.on('message', (topic, payload) => {
      if (topic === topics.allowlist()) retained = payload;
    });
    out.push(await checkSubscriptions(client, topics, Object.keys(cfg.machines), () => closed));
    out.push(await checkPublish(client, topics, () => closed));
    if (!closed) {
      await waitFor(() => !!retained, 3000);
      out.push(checkAllowList(cfg, retained));
    }
  } finally {
    await client.endAsync(true).catch(() => undefined);
  }
  out.push(await checkJobUrl(s.httpBaseUrl));
  return out;
}

function connect(cfg: LoadedConfig, timeoutMs: number): Promise<MqttClient> {
  const s = cfg.server;
  return new Promise((resolve, reject) => {
    const client = mqtt.connect(s.mqttUrl, {
      clientId: s.username,
      username: s.username,
      password: s.password,
      clean: true,
      reconnectPeriod: 0,
      connectTimeout: timeoutMs,
    });
    const fail = (why: string) => {
      client.end(true);
      reject(new Error(why));
    };
    const timer = setTimeout(() => fail(`no answer within ${timeoutMs / 1000} s`), timeoutMs);
    client.once('connect', () => {
      clearTimeout(timer);
      resolve(client);
    });
    client.once('error', (e: Error & { code?: number | string }) => {
      clearTimeout(timer);
      fail(e.code === 4 || e.code === 5 ? `login refused (${e.message}): check server.username and server.password` : `cannot connect: ${e.message}`);
    });
  });
}

async function checkSubscriptions(client: MqttClient, topics: Topics, machines: string[], closed: () => boolean): Promise<ServerCheck> {
  const wanted = [topics.allowlist(), ...machines.flatMap((m) => [topics.machine(m, 'cmd'), topics.machine(m, 'access')])];
  const what = `subscribe (site ${topics.site}, bridge ${topics.bridge})`;
  try {
    const granted = await withTimeout(client.subscribeAsync(wanted, { qos: 1 }), 5000);
    const refused = granted.filter((g) => g.qos === 128).map((g) => g.topic);
    if (refused.length === 0 && !closed()) return { what, ok: true, detail: `${wanted.length} topics granted` };
    return {
      what,
      ok: false,
      detail: `refused: ${refused.join(', ') || 'the broker closed the connection'}; check server.site, server.bridge and the machine slugs`,
    };
  } catch (e) {
    return { what, ok: false, detail: `refused (${(e as Error).message}); check server.site, server.bridge and the machine slugs` };
  }
}

async function checkPublish(client: MqttClient, topics: Topics, closed: () => boolean): Promise<ServerCheck> {
  const what = `publish ${topics.status()}`;
  if (closed()) return { what, ok: false, detail: 'not tried: the broker closed the connection' };
  try {
    // The truth while the service is stopped, and what its will says anyway.
    await withTimeout(client.publishAsync(topics.status(), JSON.stringify({ online: false, ts: nowIso() }), { qos: 1, retain: true }), 5000);
    // A broker that refuses a publish (aedes) closes the connection instead of answering.
    await new Promise((r) => setTimeout(r, 500));
    if (closed()) return { what, ok: false, detail: 'refused (the broker closed the connection): check server.site and server.bridge' };
    return { what, ok: true, detail: 'accepted' };
  } catch (e) {
    return { what, ok: false, detail: `refused (${(e as Error).message}): check server.site and server.bridge` };
  }
}

function checkAllowList(cfg: LoadedConfig, retained: Buffer | undefined): ServerCheck {
  const what = 'allow-list';
  if (!retained) return { what, ok: false, detail: 'none received: is this bridge paired on the server, with its machines?' };
  let raw: unknown;
  try {
    raw = JSON.parse(retained.toString('utf8'));
  } catch {
    return { what, ok: false, detail: 'not JSON' };
  }
  const v = verifyAllowList(raw, loadPublicKey(cfg.publicKeyPem), { site: cfg.server.site, bridge: cfg.server.bridge });
  if (!v.ok)
    return { what, ok: false, detail: `refused: ${v.reason}${v.reason === 'bad_signature' ? ' (is server.publicKey the site key given at pairing?)' : ''}` };
  return { what, ok: true, detail: `version ${v.list.version}, ${v.list.entries.length} entries, signature good, expires ${v.list.expiresAt}` };
}

async function checkJobUrl(base: string): Promise<ServerCheck> {
  const what = `job files ${base}`;
  try {
    const res = await fetch(base, { method: 'HEAD', signal: AbortSignal.timeout(5000) });
    return { what, ok: true, detail: `server answers (HTTP ${res.status})` };
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    return { what, ok: false, detail: `cannot reach: ${cause?.code ?? cause?.message ?? (e as Error).message}` };
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

async function waitFor(pred: () => boolean, ms: number) {
  const end = Date.now() + ms;
  while (!pred() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
}
