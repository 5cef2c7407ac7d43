import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import mqtt, { IClientPublishOptions, MqttClient } from 'mqtt';
import { z } from 'zod';
import { controlCharPath } from '../../common/input-rules';
import { AppConfig } from '../../config/app-config';
import { Metrics } from '../metrics/metrics';
import { StartupError } from '../startup-error';
import { BrokerAuthority, BrokerPrincipal } from './broker-authority';
import { EmbeddedBroker } from './embedded-broker';
import { ParsedTopic, parseTopic, topicMatches } from './topics';

const MAX_PAYLOAD = 64 * 1024;

export interface MqttMessage<T> {
  topic: string;
  parsed: ParsedTopic;
  payload: T;
  receivedAt: number;
}

interface Route {
  kind: string;
  filter: string;
  schema: z.ZodType;
  handler: (msg: MqttMessage<any>) => Promise<void> | void;
  maxBytes: number;
  shared: boolean;
  /** false: a retained copy (replayed by the broker at each subscription) is dropped. */
  acceptRetained: boolean;
  /** This kind's count of received messages (Metrics.receivedTally: no label lookup per message). */
  received: { n: number };
}

/** Where one topic goes: found once per topic, then reused (topics are per machine and kind). */
interface Destination {
  route?: Route;
  parsed: ParsedTopic | null;
  raw: Array<(topic: string, payload: Buffer) => void>;
}

/** Topics remembered at most (bridges publish on their own machines' topics only). */
const MAX_DESTINATIONS = 200_000;

/**
 * Where devices on other machines reach the embedded broker: MQTT_PUBLIC_URL, else the host people
 * reach the web app at (PUBLIC_URL) with the port the broker really took, else its bind address.
 */
export function publicBrokerUrl(env: { MQTT_PUBLIC_URL?: string; PUBLIC_URL?: string }, bindHost: string, port: number): string {
  if (env.MQTT_PUBLIC_URL) return env.MQTT_PUBLIC_URL;
  const wildcard = bindHost === '0.0.0.0' || bindHost === '::';
  const host = env.PUBLIC_URL ? new URL(env.PUBLIC_URL).hostname : wildcard ? 'localhost' : bindHost;
  return `mqtt://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
}

/**
 * The app's one MQTT client (MQTT.js), to MQTT_URL or to the embedded broker it starts.
 * Features register typed handlers; payloads are validated here and bad ones are dropped.
 */
@Injectable()
export class MqttService implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('Mqtt');
  private client?: MqttClient;
  private broker?: EmbeddedBroker;
  private authorities: BrokerAuthority[] = [];
  private readonly routes: Route[] = [];
  private readonly rawRoutes: Array<{ filter: string; handler: (topic: string, payload: Buffer) => void }> = [];
  private readonly destinations = new Map<string, Destination>();
  private readonly serverUser = `fablab-server-${randomUUID().slice(0, 8)}`;
  private readonly serverSecret = randomBytes(24).toString('base64url');
  /** Where bridges and plugs on other machines connect (given at pairing, shown at start). */
  brokerUrl = '';

  constructor(
    private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {}

  /** Features add who may connect (bridges, smart plugs); the first that knows a username decides. */
  addAuthority(authority: BrokerAuthority): void {
    this.authorities.push(authority);
  }

  get movedFromPort(): number | null {
    return this.broker?.movedFrom ?? null;
  }

  get embeddedPort(): number | null {
    return this.broker?.port ?? null;
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  async onModuleInit(): Promise<void> {
    const m = this.config.mqtt;
    if (m.mode === 'embedded') {
      this.broker = new EmbeddedBroker(() => this.serverAwareAuthority());
      const port = await this.broker.start(m.host, m.port, m.explicitPort);
      this.brokerUrl = publicBrokerUrl(this.config.env, m.host, port);
      await this.connect(`mqtt://127.0.0.1:${port}`, this.serverUser, this.serverSecret, this.serverUser);
    } else {
      this.brokerUrl = this.config.env.MQTT_PUBLIC_URL ?? m.url;
      await this.connect(m.url, m.username, m.password, m.clientId);
    }
  }

  private serverAwareAuthority(): BrokerAuthority {
    const secret = Buffer.from(this.serverSecret);
    const serverPrincipal: BrokerPrincipal = { kind: 'server', username: this.serverUser };
    return {
      authenticate: async (username, password) => {
        if (username === this.serverUser) {
          const given = Buffer.from(password);
          return given.length === secret.length && timingSafeEqual(given, secret) ? serverPrincipal : null;
        }
        for (const a of this.authorities) {
          const principal = await a.authenticate(username, password);
          if (principal) return principal;
        }
        return null;
      },
      canPublish: (p, topic, retain) => p.kind === 'server' || this.authorities.some((a) => a.canPublish(p, topic, retain)),
      canSubscribe: (p, filter) => p.kind === 'server' || this.authorities.some((a) => a.canSubscribe(p, filter)),
    };
  }

  private connect(url: string, username: string | undefined, password: string | undefined, clientId: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const client = mqtt.connect(url, {
        username,
        password,
        clientId,
        // Clean sessions: Mosquitto 2 keeps queueing a shared subscription's messages for a member
        // whose persistent session is offline, so a dead instance would swallow its share of badges
        // (ARCHITECTURE.md, several instances). A short keepalive drops a hung instance from the group.
        clean: true,
        keepalive: 15,
        reconnectPeriod: 1000,
        connectTimeout: 5000,
        protocolVersion: 4,
      });
      this.client = client;
      const timer = setTimeout(() => {
        client.end(true);
        reject(new StartupError(`Broker MQTT injoignable à ${url} (MQTT_URL) : vérifiez l'adresse et les identifiants. MQTT broker unreachable at ${url}.`));
      }, 8000);
      // Small packets, sent at once: with Nagle's algorithm on, an answer written just after a PUBACK
      // waited for the broker's delayed ACK (40 ms at the median of a quiet bench, issue 16).
      client.on('connect', () => (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true));
      client.once('connect', () => {
        clearTimeout(timer);
        this.log.log(`connected to MQTT broker ${url} as ${clientId}`);
        resolve();
      });
      client.on('error', (err) => this.log.warn(`MQTT: ${err.message}`));
      client.on('reconnect', () => this.log.warn('MQTT: reconnecting'));
      client.on('message', (topic, payload, packet) => this.dispatch(topic, payload, packet.retain));
    });
  }

  /**
   * Registers a handler for one message kind. `filter` uses MQTT wildcards; with an external broker
   * the subscription is shared (`$share/<group>/…`) so each message is handled once across instances.
   */
  handle<S extends z.ZodType>(
    kind: string,
    filter: string,
    schema: S,
    handler: (msg: MqttMessage<z.infer<S>>) => Promise<void> | void,
    opts: { maxBytes?: number; shared?: boolean; acceptRetained?: boolean } = {},
  ): void {
    const route = {
      kind,
      filter,
      schema,
      handler,
      maxBytes: opts.maxBytes ?? MAX_PAYLOAD,
      shared: opts.shared !== false,
      acceptRetained: opts.acceptRetained !== false,
      received: this.metrics.receivedTally(kind),
    };
    this.routes.push(route);
    this.destinations.clear();
    this.subscribeRoute(route);
  }

  private subscribeRoute(route: Route): void {
    const shared = this.config.mqtt.mode === 'external' && route.shared;
    const sub = shared ? `$share/${this.config.env.MQTT_SHARED_GROUP}/${route.filter}` : route.filter;
    this.client?.subscribe(sub, { qos: 1 }, (err) => err && this.log.error(`subscribe ${sub}: ${err.message}`));
  }

  /** Subscribes again to everything, e.g. once the broker granted us rights it had refused. */
  async refreshSubscriptions(): Promise<void> {
    this.routes.forEach((r) => this.subscribeRoute(r));
    for (const raw of this.rawRoutes) await this.client?.subscribeAsync(raw.filter, { qos: 1 });
  }

  private destinationOf(topic: string): Destination {
    let d = this.destinations.get(topic);
    if (d) return d;
    const route = this.routes.find((r) => topicMatches(r.filter, topic));
    d = { route, parsed: route ? parseTopic(topic) : null, raw: this.rawRoutes.filter((r) => topicMatches(r.filter, topic)).map((r) => r.handler) };
    if (this.destinations.size >= MAX_DESTINATIONS) this.destinations.clear();
    this.destinations.set(topic, d);
    return d;
  }

  /**
   * Synchronous up to the handler (thousands of messages a second): the topic's route is looked up
   * once, the payload checked, and only a handler's failure is awaited.
   */
  private dispatch(topic: string, payload: Buffer, retained = false): void {
    const { route, parsed, raw } = this.destinationOf(topic);
    for (const handler of raw) handler(topic, payload);
    if (!route) return;
    const receivedAt = performance.now();
    route.received.n++;
    if (retained && !route.acceptRetained) return this.drop(route, topic, 'retained');
    if (!parsed) return this.drop(route, topic, 'bad_topic');
    if (payload.length > route.maxBytes) return this.drop(route, topic, 'too_large');
    let json: unknown;
    try {
      json = JSON.parse(payload.toString('utf8'));
    } catch {
      return this.drop(route, topic, 'invalid_json');
    }
    const badText = controlCharPath(json);
    if (badText) return this.drop(route, topic, `invalid_payload (${badText}: control character)`);
    const result = route.schema.safeParse(json);
    if (!result.success) {
      const why = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      return this.drop(route, topic, `invalid_payload (${why})`);
    }
    try {
      const done = route.handler({ topic, parsed, payload: result.data, receivedAt });
      if (done) done.catch((err) => this.failed(route, topic, err));
    } catch (err) {
      this.failed(route, topic, err);
    }
  }

  private drop(route: Route, topic: string, reason: string): void {
    this.metrics.mqttDropped.inc({ kind: route.kind, reason });
    this.log.warn(`dropped ${route.kind} on ${topic}: ${reason}`);
  }

  private failed(route: Route, topic: string, err: unknown): void {
    this.metrics.mqttDropped.inc({ kind: route.kind, reason: 'handler_error' });
    this.log.error(`handler for ${route.kind} on ${topic} failed: ${(err as Error).stack ?? err}`);
  }

  /**
   * Disconnects the device connected with this username from the embedded broker, once its
   * password was reset or its account removed (an external broker is told by its own API).
   */
  kick(username: string): boolean {
    return this.broker?.kick(username) ?? false;
  }

  /** Resolves at the client's next (re)connection. */
  nextConnect(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('MQTT: no reconnection in time')), timeoutMs);
      this.client?.once('connect', () => (clearTimeout(timer), resolve()));
    });
  }

  /** Topics outside the contract (a broker's control API, smart plugs): raw payloads, no validation. */
  async subscribeRaw(filter: string, handler: (topic: string, payload: Buffer) => void): Promise<void> {
    if (!this.client) throw new Error('MQTT client not started');
    this.rawRoutes.push({ filter, handler });
    this.destinations.clear();
    await this.client.subscribeAsync(filter, { qos: 1 });
  }

  async publish(topic: string, payload: unknown, opts: IClientPublishOptions = { qos: 1 }): Promise<void> {
    if (!this.client) throw new Error('MQTT client not started');
    const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
    await this.client.publishAsync(topic, body, opts);
  }

  async onModuleDestroy(): Promise<void> {
    await this.client?.endAsync(true).catch(() => undefined);
    await this.broker?.stop();
  }
}
