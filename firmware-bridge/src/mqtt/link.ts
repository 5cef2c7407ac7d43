import mqtt, { MqttClient } from 'mqtt';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Journal, JournalRecord } from '../journal/journal';
import { Topics } from './topics';
import { nowIso } from '../util/time';
import { createLogger, Throttle } from '../util/log';

export interface LinkOptions {
  url: string;
  username: string;
  password: string;
  topics: Topics;
  journal: Journal;
  version: string;
  machines: string[];
}

/**
 * The bridge's MQTT side. Events go through the on-disk journal before they are published and
 * leave it only on PUBACK; MQTT.js resends what was in flight after a reconnect, and what a
 * crash left in the journal is published again at start, in order.
 */
export class MqttLink extends EventEmitter {
  readonly client: MqttClient;
  private log = createLogger('mqtt');
  private connectedOnce = false;
  private connectedAt = 0;
  private flapping = false;
  /** The last failed attempt already said why (an error came before the close). */
  private loginAnswered = false;
  private trouble = new Throttle();
  dropped = 0;

  constructor(private readonly o: LinkOptions) {
    super();
    const statusTopic = o.topics.status();
    this.client = mqtt.connect(o.url, {
      // clientId = username: the broker refuses any other (MQTT contract, "Security").
      clientId: o.username,
      username: o.username,
      password: o.password,
      clean: true,
      reconnectPeriod: 1000,
      // A refused login is retried too (MQTT.js gives up by default): a broker restarting may
      // refuse it for a moment, and an account fixed on the server must work without a visit.
      reconnectOnConnackError: true,
      connectTimeout: 10_000,
      keepalive: 30,
      queueQoSZero: false,
      resubscribe: false,
      will: { topic: statusTopic, payload: Buffer.from(JSON.stringify({ online: false })), qos: 1, retain: true },
    });
    this.client.on('connect', () => this.onConnect());
    this.client.on('close', () => this.onClose());
    this.client.on('error', (e: Error & { code?: number | string }) => this.onError(e));
    this.client.on('message', (topic, payload) => this.emit('message', topic, payload));
    // Whatever a previous run could not deliver goes first, in order.
    for (const rec of o.journal.pending()) this.sendEvent(rec);
  }

  connected() {
    return this.client.connected;
  }

  /** A connection problem, said with back-off while it lasts. */
  private troubled(message: string) {
    const held = this.trouble.take();
    if (held === false) return;
    this.log.warn(held ? `${message} (${held} more since the last line; retrying every second)` : message);
  }

  private onError(e: Error & { code?: number | string }) {
    this.loginAnswered = true;
    // CONNACK 4/5: the broker knows the bridge's account but not this password, or not at all.
    if (e.code === 4 || e.code === 5) return this.troubled(`login refused by ${this.o.url} (${e.message}): check server.username and server.password`);
    this.troubled(`cannot reach ${this.o.url}: ${e.code ?? e.message}`);
  }

  private onClose() {
    if (this.connectedAt) {
      const lasted = Date.now() - this.connectedAt;
      this.connectedAt = 0;
      // A broker that refuses a publish (the embedded one) closes the connection at once.
      this.flapping = lasted < 3000;
      if (this.flapping) this.troubled(`${this.o.url} closed the connection ${lasted} ms after login: a publish or subscription was probably refused (check server.site "${this.o.topics.site}" and server.bridge "${this.o.topics.bridge}")`);
      else this.troubled(`connection to ${this.o.url} lost`);
    } else if (this.loginAnswered) {
      this.loginAnswered = false;
    } else {
      // Closed without a CONNACK nor an error: the embedded broker does this when it refuses the
      // will (our status topic), i.e. the site or bridge name is not this account's.
      this.troubled(`${this.o.url} closed the connection during login: check server.site "${this.o.topics.site}" and server.bridge "${this.o.topics.bridge}" (and the account)`);
    }
    this.emit('offline');
  }

  private onConnect() {
    const t = this.o.topics;
    this.connectedAt = Date.now();
    // While the broker keeps closing us at once, the warning above says it (with back-off).
    if (!this.flapping) this.log.info(this.connectedOnce ? 'reconnected' : 'connected');
    this.connectedOnce = true;
    const subs = [t.allowlist(), ...this.o.machines.flatMap((m) => [t.machine(m, 'access'), t.machine(m, 'cmd')])];
    this.client.subscribe(subs, { qos: 1 }, (err, granted) => {
      const refused = (granted ?? []).filter((g) => g.qos === 128).map((g) => g.topic);
      if (err || refused.length)
        this.log.error(
          `the broker refused our subscription to ${refused.join(', ') || subs.join(', ')}${err ? ` (${err.message})` : ''}: ` +
            `check server.site "${t.site}", server.bridge "${t.bridge}" and the machine slugs against the server's pairing page`,
        );
      else this.trouble.reset();
    });
    this.client.publish(
      t.status(),
      JSON.stringify({ online: true, version: this.o.version, machines: this.o.machines, ts: nowIso() }),
      { qos: 1, retain: true },
    );
    this.emit('online');
  }

  /** Records an event in the journal, then publishes it (QoS 1). */
  event(machine: string, type: string, fields: Record<string, unknown>) {
    const rec: JournalRecord = { machine, event: { eventId: randomUUID(), type, ts: nowIso(), ...fields } };
    this.o.journal.append(rec);
    this.sendEvent(rec);
  }

  private sendEvent(rec: JournalRecord) {
    this.client.publish(this.o.topics.machine(rec.machine, 'events'), JSON.stringify(rec.event), { qos: 1 }, (err) => {
      if (err) this.log.debug('event not acknowledged yet', err);
      else this.o.journal.ack(rec.event.eventId);
    });
  }

  /**
   * `dropIfOffline`: telemetry, and badge requests (a badge read while the server is out of
   * reach is decided from the allow-list; it must not reach the server minutes later).
   */
  publish(topic: string, payload: unknown, opts: { qos: 0 | 1; retain?: boolean; dropIfOffline?: boolean }) {
    if ((opts.qos === 0 || opts.dropIfOffline) && !this.client.connected) return;
    this.client.publish(topic, JSON.stringify(payload), { qos: opts.qos, retain: !!opts.retain });
  }

  async close(): Promise<void> {
    if (this.client.connected) {
      await new Promise<void>((r) =>
        this.client.publish(this.o.topics.status(), JSON.stringify({ online: false }), { qos: 1, retain: true }, () => r()),
      );
    }
    await new Promise<void>((r) => this.client.end(false, {}, () => r()));
  }
}
