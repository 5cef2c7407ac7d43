import './helpers';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, AddressInfo, Server } from 'node:net';
import mqtt, { MqttClient } from 'mqtt';
import mqttPacket from 'mqtt-packet';
import { MqttLink } from '../src/mqtt/link';
import { Topics } from '../src/mqtt/topics';
import { Journal } from '../src/journal/journal';
import { ResendSchedule } from '../src/journal/resend';
import { PrivateBroker, freePort, uniqueSite } from './integration/harness';

jest.setTimeout(30_000);

const waitUntil = async (ok: () => boolean, what: string, ms = 10_000) => {
  const start = Date.now();
  while (!ok()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('resend schedule', () => {
  it('waits the first delay, then twice as long each time up to the cap, and nothing after a reconnection', () => {
    const s = new ResendSchedule(10_000, 30_000);
    expect(s.isDue('a', 0)).toBe(true); // never sent in this run: a previous run's event
    s.sent('a', 0);
    expect([s.isDue('a', 9_999), s.isDue('a', 10_000)]).toEqual([false, true]);
    s.sent('a', 10_000);
    expect([s.isDue('a', 29_999), s.isDue('a', 30_000)]).toEqual([false, true]);
    s.sent('a', 30_000);
    expect([s.isDue('a', 59_999), s.isDue('a', 60_000)]).toEqual([false, true]); // capped at 30 s
    s.sent('a', 60_000);
    s.reconnected();
    expect(s.isDue('a', 60_001)).toBe(true);
  });
});

/** A real Mosquitto; the test plays the server with its own client (acks or not, as it is told). */
describe('events owed until the server acknowledges them', () => {
  let broker: PrivateBroker;
  let url: string;
  const links: MqttLink[] = [];
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    const port = await freePort();
    broker = new PrivateBroker(port);
    await broker.start();
    url = `mqtt://127.0.0.1:${port}`;
  });
  afterEach(async () => {
    for (const l of links.splice(0)) await l.close();
    for (const c of clients.splice(0)) await c.endAsync(true);
  });
  afterAll(async () => broker.stop());

  function bridgeLink(site: string, o: { dir?: string; resend?: ResendSchedule; maxOwed?: number; brokerUrl?: string } = {}) {
    const dir = o.dir ?? mkdtempSync(join(tmpdir(), 'acks-'));
    const journal = new Journal(dir);
    const link = new MqttLink({
      url: o.brokerUrl ?? url,
      username: `bridge-${site}`,
      password: 'p',
      topics: new Topics(site, 'atelier-1'),
      journal,
      version: 't',
      machines: ['laser-1'],
      resend: o.resend ?? new ResendSchedule(300, 1000),
      maxOwed: o.maxOwed,
    });
    links.push(link);
    return { link, journal, dir };
  }

  /** The server's side: what it received on `events`; it acks when `acking()` says so. */
  async function server(site: string, acking: () => boolean = () => true) {
    const client = await mqtt.connectAsync(url, { clientId: `server-${site}-${clients.length}`, clean: true });
    clients.push(client);
    const received: any[] = [];
    client.on('message', (topic, buf) => {
      const e = JSON.parse(buf.toString());
      received.push(e);
      if (acking()) client.publish(topic.replace(/events$/, 'acks'), JSON.stringify({ eventId: e.eventId, result: 'applied' }), { qos: 1 });
    });
    await client.subscribeAsync(`fablab/v1/${site}/machines/+/events`, { qos: 1 });
    return { client, received };
  }

  const online = (link: MqttLink) => new Promise<void>((r) => (link.connected() ? r() : link.once('online', () => r())));

  it('keeps an event the broker took but no server applied, and sends it again until acknowledged', async () => {
    const site = uniqueSite();
    let acking = false;
    const s = await server(site, () => acking);
    const { link, journal } = bridgeLink(site);
    await online(link);
    link.event('laser-1', 'session.ended', { sessionId: 's1', reason: 'badge_out' });
    await waitUntil(() => s.received.length >= 2, 'a second send, the first one not acknowledged');
    expect(journal.size).toBe(1);
    expect(new Set(s.received.map((e) => e.eventId)).size).toBe(1);
    acking = true;
    await waitUntil(() => journal.size === 0, 'the ack to clear the journal');
    const sends = s.received.length;
    await new Promise((r) => setTimeout(r, 1500));
    expect(s.received.length).toBe(sends); // acknowledged: never sent again
  });

  it('sends again, in order, what was published while no server listened (and at once on reconnecting)', async () => {
    const site = uniqueSite();
    // The first send waits an hour: only the reconnection can send these again.
    const { link, journal, dir } = bridgeLink(site, { resend: new ResendSchedule(3600_000, 3600_000) });
    await online(link);
    for (const n of [1, 2, 3]) link.event('laser-1', 'job.progress', { n });
    await waitUntil(() => journal.size === 3, 'three events journaled');
    await new Promise((r) => setTimeout(r, 300)); // PUBACKed by the broker, to nobody
    await link.close();
    links.pop();
    expect(new Journal(dir).pending().map((r) => r.event.n)).toEqual([1, 2, 3]); // still owed on disk

    const s = await server(site);
    const again = bridgeLink(site, { dir, resend: new ResendSchedule(3600_000, 3600_000) });
    await waitUntil(() => again.journal.size === 0, 'the journal replayed and acknowledged');
    expect(s.received.map((e) => e.n)).toEqual([1, 2, 3]);
  });

  it('an event the server refuses for good is acknowledged too, and leaves the journal', async () => {
    const site = uniqueSite();
    const client = await mqtt.connectAsync(url, { clientId: `server-${site}`, clean: true });
    clients.push(client);
    client.on('message', (topic, buf) => {
      const e = JSON.parse(buf.toString());
      client.publish(topic.replace(/events$/, 'acks'), JSON.stringify({ eventId: e.eventId, result: 'rejected', reason: 'alarm code too long' }), { qos: 1 });
    });
    await client.subscribeAsync(`fablab/v1/${site}/machines/+/events`, { qos: 1 });
    const { link, journal } = bridgeLink(site);
    await online(link);
    link.event('laser-1', 'alarm', { code: 'x'.repeat(80) });
    await waitUntil(() => journal.size === 0, 'the refusal to clear the journal');
  });

  it('caps the journal when the server never acknowledges: the oldest events the broker took are given up', async () => {
    const site = uniqueSite();
    const s = await server(site, () => false);
    const { link, journal } = bridgeLink(site, { maxOwed: 3, resend: new ResendSchedule(3600_000, 3600_000) });
    await online(link);
    for (const n of [1, 2, 3]) link.event('laser-1', 'job.progress', { n });
    await waitUntil(() => s.received.length === 3, 'three events at the broker');
    await new Promise((r) => setTimeout(r, 200));
    link.event('laser-1', 'job.progress', { n: 4 });
    link.event('laser-1', 'job.progress', { n: 5 });
    expect(journal.pending().map((r) => r.event.n)).toEqual([3, 4, 5]);
  });
});

/**
 * A broker that refuses the `acks` subscription: with SUBACK 128, as Mosquitto does with an older
 * server's roles, or by closing the connection, as an older embedded broker (aedes) does.
 */
async function brokerRefusingAcks(how: 'suback' | 'close' = 'suback'): Promise<{ server: Server; url: string; published: () => number; logins: () => number }> {
  let published = 0;
  let logins = 0;
  const server = createServer((socket) => {
    const parser = mqttPacket.parser();
    parser.on('packet', (p: any) => {
      if (p.cmd === 'connect') {
        logins++;
        socket.write(mqttPacket.generate({ cmd: 'connack', returnCode: 0, sessionPresent: false } as any));
      } else if (p.cmd === 'subscribe') {
        if (how === 'close' && p.subscriptions.some((s: { topic: string }) => s.topic.endsWith('/acks'))) return void socket.destroy();
        const granted = p.subscriptions.map((s: { topic: string }) => (s.topic.endsWith('/acks') ? 128 : 1));
        socket.write(mqttPacket.generate({ cmd: 'suback', messageId: p.messageId, granted } as any));
      } else if (p.cmd === 'publish' && p.qos === 1) {
        if (p.topic.endsWith('/events')) published++;
        socket.write(mqttPacket.generate({ cmd: 'puback', messageId: p.messageId } as any));
      } else if (p.cmd === 'pingreq') socket.write(mqttPacket.generate({ cmd: 'pingresp' } as any));
    });
    socket.on('data', (d) => parser.parse(d));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, url: `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`, published: () => published, logins: () => logins };
}

describe('a server older than event acknowledgements', () => {
  it('is detected by the refused acks subscription: events then leave the journal on the broker PUBACK', async () => {
    const broker = await brokerRefusingAcks();
    const journal = new Journal(mkdtempSync(join(tmpdir(), 'acks-')));
    const link = new MqttLink({
      url: broker.url,
      username: 'bridge-x',
      password: 'p',
      topics: new Topics('site-a', 'atelier-1'),
      journal,
      version: 't',
      machines: ['laser-1'],
      resend: new ResendSchedule(300, 1000),
    });
    try {
      await new Promise<void>((r) => link.once('online', () => r()));
      await new Promise((r) => setTimeout(r, 300)); // the SUBACK
      link.event('laser-1', 'job.progress', { n: 1 });
      await waitUntil(() => journal.size === 0, 'the PUBACK to clear the journal');
      await new Promise((r) => setTimeout(r, 800));
      expect(broker.published()).toBe(1); // not sent again
    } finally {
      await link.close();
      broker.server.close();
    }
  });

  it('is detected when the broker closes the connection at the acks subscription, twice in a row', async () => {
    const broker = await brokerRefusingAcks('close');
    const journal = new Journal(mkdtempSync(join(tmpdir(), 'acks-')));
    const link = new MqttLink({
      url: broker.url,
      username: 'bridge-x',
      password: 'p',
      topics: new Topics('site-a', 'atelier-1'),
      journal,
      version: 't',
      machines: ['laser-1'],
      resend: new ResendSchedule(300, 1000),
    });
    try {
      link.event('laser-1', 'job.progress', { n: 1 }); // recorded before any connection
      await waitUntil(() => journal.size === 0, 'the PUBACK to clear the journal once acks are given up');
      // Two connections closed at the acks subscription; the third one, without it, stays.
      await waitUntil(() => broker.logins() === 3 && link.connected(), 'a connection that lasts');
      await new Promise((r) => setTimeout(r, 1500));
      expect(broker.logins()).toBe(3);
    } finally {
      await link.close();
      broker.server.close();
    }
  });
});
