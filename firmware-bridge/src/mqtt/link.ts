import mqtt, { MqttClient } from 'mqtt';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Journal, JournalRecord } from '../journal/journal';
import { ResendSchedule } from '../journal/resend';
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
  /** When unacknowledged events are sent again (default: after 10 s, doubling up to 5 min). */
  resend?: ResendSchedule;
  /** Owed events kept at most; past it, the oldest the broker already took are given up. */
  maxOwed?: number;
  /** A heartbeat every this long while connected (MQTT contract, `heartbeat`); default one minute. */
  heartbeatMs?: number;
  /** The served configuration's version running (0: config.yaml's own), said in each heartbeat. */
  configVersion?: () => number;
}

/** About 1.5 MB of journal: days of events from a bridge whose server never acknowledges them. */
const MAX_OWED = 5000;

/**
 * The bridge's MQTT side. Events go through the on-disk journal before they are published and
 * leave it only once the server acknowledged them on `acks` (MQTT-PROTOCOL.md): a broker's PUBACK
 * says nothing of the server instance it handed the event to, which may die before applying it.
 * Owed events are sent again, in order, with a growing wait while connected, and all at once on
 * each (re)connection; what a crash left in the journal goes first at start.
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
  private readonly resend: ResendSchedule;
  private readonly resendTimer: NodeJS.Timeout;
  /** Published, the broker's PUBACK not come yet (on this connection). */
  private readonly inFlight = new Set<string>();
  /** The broker took them in this run: what may be given up when the journal is full. */
  private readonly delivered = new Set<string>();
  /**
   * 'server': an event leaves the journal on the server's ack. 'broker': on the broker's PUBACK,
   * as before acks existed — the broker refused our `acks` subscription, so the server predates them.
   */
  private ackedBy: 'server' | 'broker' = 'server';
  private subscribed = false;
  private acksSubscribing = false;
  private acksCostConnection = 0;
  private saidFull = false;
  private readonly heartbeatTimer: NodeJS.Timeout;

  constructor(private readonly o: LinkOptions) {
    super();
    this.resend = o.resend ?? new ResendSchedule();
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
    // Small packets, sent at once: with Nagle's algorithm on, a badge written just after another
    // packet waited for the broker's delayed ACK (about 40 ms, docs/benchmarks.md in the server).
    this.client.on('connect', () => (this.client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true));
    this.client.on('connect', () => this.onConnect());
    this.client.on('close', () => this.onClose());
    this.client.on('error', (e: Error & { code?: number | string }) => this.onError(e));
    this.client.on('message', (topic, payload) => (this.isAck(topic) ? this.onAck(payload) : this.emit('message', topic, payload)));
    this.resendTimer = setInterval(() => this.sendDue(), 1000);
    this.resendTimer.unref();
    this.heartbeatTimer = setInterval(() => this.heartbeat(), o.heartbeatMs ?? 60_000);
    this.heartbeatTimer.unref();
  }

  /**
   * The minute's sign of life: a hung process may keep its TCP connection (and so its broker
   * session and its retained `online`) alive; only these stop. QoS 0, never kept while offline.
   */
  heartbeat() {
    if (!this.client.connected) return;
    const beat = { version: this.o.version, uptimeSeconds: Math.floor(process.uptime()), configVersion: this.o.configVersion?.() ?? 0, ts: nowIso() };
    this.client.publish(this.o.topics.heartbeat(), JSON.stringify(beat), { qos: 0 });
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
    this.inFlight.clear();
    if (this.connectedAt) {
      const lasted = Date.now() - this.connectedAt;
      // An older embedded broker closes the connection at a subscription it refuses.
      if (this.acksSubscribing && this.subscribed && lasted < 3000 && ++this.acksCostConnection >= 2) {
        this.ackedByBroker('the broker closed the connection at our subscription to acks');
      }
      this.connectedAt = 0;
      // A broker that refuses a publish (the embedded one) closes the connection at once.
      this.flapping = lasted < 3000;
      if (this.flapping)
        this.troubled(
          `${this.o.url} closed the connection ${lasted} ms after login: a publish or subscription was probably refused (check server.site "${this.o.topics.site}" and server.bridge "${this.o.topics.bridge}")`,
        );
      else this.troubled(`connection to ${this.o.url} lost`);
    } else if (this.loginAnswered) {
      this.loginAnswered = false;
    } else {
      // Closed without a CONNACK nor an error: the embedded broker does this when it refuses the
      // will (our status topic), i.e. the site or bridge name is not this account's.
      this.troubled(
        `${this.o.url} closed the connection during login: check server.site "${this.o.topics.site}" and server.bridge "${this.o.topics.bridge}" (and the account)`,
      );
    }
    this.emit('offline');
  }

  private onConnect() {
    const t = this.o.topics;
    this.connectedAt = Date.now();
    // While the broker keeps closing us at once, the warning above says it (with back-off).
    if (!this.flapping) this.log.info(this.connectedOnce ? 'reconnected' : 'connected');
    this.connectedOnce = true;
    this.subscribed = false;
    const subs = [t.allowlist(), ...this.o.machines.flatMap((m) => [t.machine(m, 'access'), t.machine(m, 'cmd')])];
    this.client.subscribe(subs, { qos: 1 }, (err, granted) => {
      const refused = (granted ?? []).filter((g) => g.qos === 128).map((g) => g.topic);
      if (err || refused.length)
        this.log.error(
          `the broker refused our subscription to ${refused.join(', ') || subs.join(', ')}${err ? ` (${err.message})` : ''}: ` +
            `check server.site "${t.site}", server.bridge "${t.bridge}" and the machine slugs against the server's pairing page`,
        );
      else {
        this.subscribed = true;
        this.trouble.reset();
      }
    });
    this.subscribeAcks();
    // Apart, so that a server older than served configurations (which refuses it) costs only this line.
    this.client.subscribe(t.config(), { qos: 1 }, (err, granted) => {
      if (err || (granted ?? []).some((g) => g.qos === 128))
        this.log.warn(`the broker refused our subscription to ${t.config()}: the server serves no configuration, config.yaml's devices and machines are used`);
    });
    this.client.publish(t.status(), JSON.stringify({ online: true, version: this.o.version, machines: this.o.machines, ts: nowIso() }), {
      qos: 1,
      retain: true,
    });
    this.heartbeat();
    this.emit('online');
    // What the server instance of the last connection may have lost is sent again now, in order.
    this.resend.reconnected();
    this.sendDue();
  }

  private acksTopics(): string[] {
    return this.o.machines.map((m) => this.o.topics.machine(m, 'acks'));
  }

  private isAck(topic: string): boolean {
    return this.o.topics.parseMachine(topic)?.leaf === 'acks';
  }

  /** Subscribed before any event goes out on this connection: the broker handles our packets in order. */
  private subscribeAcks() {
    if (this.ackedBy === 'broker' || !this.o.machines.length) return;
    this.acksSubscribing = true;
    this.client.subscribe(this.acksTopics(), { qos: 1 }, (err, granted) => {
      this.acksSubscribing = false;
      // MQTT.js gives a refusal (SUBACK 128) as a "Subscribe error" (a lost connection is another error).
      const refused = /Subscribe error/i.test(err?.message ?? '') || (granted ?? []).some((g) => g.qos === 128);
      if (refused) return this.ackedByBroker('the broker refused our subscription to acks');
      if (!err) this.acksCostConnection = 0;
    });
  }

  private ackedByBroker(why: string) {
    if (this.ackedBy === 'broker') return;
    this.ackedBy = 'broker';
    this.log.warn(`${why}: the server predates event acknowledgements, so events leave the journal once the broker has them (PUBACK)`);
    for (const id of [...this.delivered]) this.settle(id);
  }

  /** The server's answer to one of our events: applied, already applied, or refused for good. */
  private onAck(payload: Buffer) {
    let ack: { eventId?: unknown; result?: unknown; reason?: unknown };
    try {
      ack = JSON.parse(payload.toString('utf8'));
    } catch {
      return this.log.warn('unreadable ack dropped');
    }
    const id = typeof ack?.eventId === 'string' ? ack.eventId : '';
    if (!this.o.journal.has(id)) return; // a copy's ack, or another run's
    if (ack.result === 'rejected') this.log.warn(`event ${id} refused by the server: ${String(ack.reason ?? 'no reason given')}`);
    this.settle(id);
  }

  private settle(eventId: string) {
    this.o.journal.ack(eventId);
    this.resend.forget(eventId);
    this.delivered.delete(eventId);
  }

  /** Owed events whose wait is over (or never sent), oldest first; none while disconnected. */
  private sendDue() {
    if (!this.client.connected) return;
    const now = Date.now();
    for (const rec of this.o.journal.pending()) {
      const id = rec.event.eventId;
      if (!this.inFlight.has(id) && this.resend.isDue(id, now)) this.sendEvent(rec);
    }
  }

  /** Records an event in the journal, then publishes it (QoS 1) if connected, else at the connection. */
  event(machine: string, type: string, fields: Record<string, unknown>) {
    const rec: JournalRecord = { machine, event: { eventId: randomUUID(), type, ts: nowIso(), ...fields } };
    if (this.o.journal.size >= (this.o.maxOwed ?? MAX_OWED)) this.giveUpOldest();
    this.o.journal.append(rec);
    if (this.client.connected) this.sendEvent(rec);
  }

  /**
   * The journal is full of events the server never acknowledged (a server older than acks keeps
   * PUBACKing them): the oldest the broker already took is given up, said once. One the broker
   * never took is kept, whatever the size: it reached nobody yet.
   */
  private giveUpOldest() {
    const oldest = this.o.journal.pending().find((r) => this.delivered.has(r.event.eventId));
    if (!oldest) return;
    if (!this.saidFull) {
      this.saidFull = true;
      this.log.warn(
        `${this.o.journal.size} events not acknowledged by the server (does it predate event acknowledgements?): the oldest ones the broker already took are no longer kept`,
      );
    }
    this.settle(oldest.event.eventId);
  }

  private sendEvent(rec: JournalRecord) {
    const id = rec.event.eventId;
    this.inFlight.add(id);
    this.resend.sent(id);
    this.client.publish(this.o.topics.machine(rec.machine, 'events'), JSON.stringify(rec.event), { qos: 1 }, (err) => {
      this.inFlight.delete(id);
      if (err) return this.log.debug('event not taken by the broker yet', err);
      this.delivered.add(id);
      if (this.ackedBy === 'broker') this.settle(id);
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
    clearInterval(this.resendTimer);
    clearInterval(this.heartbeatTimer);
    if (this.client.connected) {
      await new Promise<void>((r) => this.client.publish(this.o.topics.status(), JSON.stringify({ online: false }), { qos: 1, retain: true }, () => r()));
    }
    await new Promise<void>((r) => this.client.end(false, {}, () => r()));
  }
}
