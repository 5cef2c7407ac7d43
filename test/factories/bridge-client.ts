import { randomUUID } from 'node:crypto';
import mqtt, { MqttClient } from 'mqtt';

/** A real MQTT client playing a firmware-bridge, for end-to-end tests and benches. */
export class FakeBridge {
  readonly received: Array<{ topic: string; payload: any }> = [];
  private waiters: Array<{ match: (t: string, p: any) => boolean; resolve: (v: any) => void }> = [];

  private constructor(
    readonly client: MqttClient,
    readonly site: string,
    readonly bridge: string,
  ) {
    client.on('message', (topic, buf) => {
      let payload: any;
      try {
        payload = JSON.parse(buf.toString());
      } catch {
        payload = buf.toString();
      }
      this.received.push({ topic, payload });
      this.waiters = this.waiters.filter((w) => (w.match(topic, payload) ? (w.resolve({ topic, payload }), false) : true));
    });
  }

  static async connect(url: string, creds: { username: string; password: string }, site: string, bridge: string, opts: { will?: boolean } = {}) {
    const client = await mqtt.connectAsync(url, {
      username: creds.username,
      password: creds.password,
      clientId: creds.username,
      clean: true,
      reconnectPeriod: 0,
      protocolVersion: 4,
      will:
        opts.will === false
          ? undefined
          : { topic: `fablab/v1/${site}/bridges/${bridge}/status`, payload: Buffer.from('{"online":false}'), qos: 1, retain: true },
    });
    return new FakeBridge(client, site, bridge);
  }

  topic(machine: string, kind: string) {
    return `fablab/v1/${this.site}/machines/${machine}/${kind}`;
  }

  /** The bridge's retained status: online (as on each connection) or offline (as its Last Will). */
  async status(online: boolean, machines: string[] = []) {
    const body = online ? { online: true, version: '1.4.0', machines, ts: new Date().toISOString() } : { online: false };
    await this.client.publishAsync(`fablab/v1/${this.site}/bridges/${this.bridge}/status`, JSON.stringify(body), { qos: 1, retain: true });
  }

  async serve(machine: string) {
    await this.client.subscribeAsync([this.topic(machine, 'access'), this.topic(machine, 'cmd')], { qos: 1 });
  }

  waitFor(match: (topic: string, payload: any) => boolean, timeoutMs = 5000): Promise<{ topic: string; payload: any }> {
    const seen = this.received.find((m) => match(m.topic, m.payload));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for an MQTT message')), timeoutMs);
      this.waiters.push({ match, resolve: (v) => (clearTimeout(timer), resolve(v)) });
    });
  }

  /** Publishes a badge read and waits for the server's decision. */
  async badge(machine: string, uid: string, requestId = randomUUID()) {
    const reply = this.waitFor((t, p) => t === this.topic(machine, 'access') && p.requestId === requestId);
    await this.client.publishAsync(this.topic(machine, 'badge'), JSON.stringify({ requestId, uid, ts: new Date().toISOString() }), { qos: 1 });
    return (await reply).payload;
  }

  async event(machine: string, type: string, body: object, eventId = randomUUID()) {
    await this.client.publishAsync(this.topic(machine, 'events'), JSON.stringify({ eventId, type, ts: new Date().toISOString(), ...body }), { qos: 1 });
    return eventId;
  }

  async end() {
    await this.client.endAsync(true);
  }
}
