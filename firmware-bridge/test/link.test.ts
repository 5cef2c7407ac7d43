import './helpers';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MqttLink } from '../src/mqtt/link';
import { Topics } from '../src/mqtt/topics';
import { Journal } from '../src/journal/journal';
import { Throttle } from '../src/util/log';
import { freePort } from './integration/harness';
import { createServer, Server, AddressInfo } from 'node:net';
import mqttPacket from 'mqtt-packet';

/** A broker that refuses the first logins (CONNACK 5, as one does while it starts), then accepts. */
async function brokerRefusingFirst(refusals: number): Promise<{ server: Server; url: string; logins: () => number }> {
  let logins = 0;
  const server = createServer((socket) => {
    const parser = mqttPacket.parser();
    parser.on('packet', (p: any) => {
      if (p.cmd === 'connect') {
        logins++;
        socket.write(mqttPacket.generate({ cmd: 'connack', returnCode: logins <= refusals ? 5 : 0, sessionPresent: false } as any));
      } else if (p.cmd === 'subscribe') {
        socket.write(mqttPacket.generate({ cmd: 'suback', messageId: p.messageId, granted: p.subscriptions.map(() => 1) } as any));
      } else if (p.cmd === 'publish' && p.qos === 1) {
        socket.write(mqttPacket.generate({ cmd: 'puback', messageId: p.messageId } as any));
      } else if (p.cmd === 'pingreq') socket.write(mqttPacket.generate({ cmd: 'pingresp' } as any));
    });
    socket.on('data', (d) => parser.parse(d));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, url: `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`, logins: () => logins };
}

describe('connection warnings', () => {
  it('are said with back-off while the broker is out of reach, not once a second', async () => {
    const port = await freePort(); // nothing listens there
    const lines: string[] = [];
    const write = process.stderr.write;
    process.env.FABLAB_LOG = 'info';
    process.stderr.write = ((chunk: string) => {
      lines.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    const link = new MqttLink({
      url: `mqtt://127.0.0.1:${port}`,
      username: 'bridge-x',
      password: 'p',
      topics: new Topics('site-a', 'atelier-1'),
      journal: new Journal(join(mkdtempSync(join(tmpdir(), 'link-')), 'journal')),
      version: 't',
      machines: ['laser-1'],
    });
    try {
      await new Promise((r) => setTimeout(r, 7500)); // about 8 attempts, one a second
    } finally {
      process.stderr.write = write;
      process.env.FABLAB_LOG = 'silent';
      await link.close();
    }
    const warnings = lines.filter((l) => / WARN fablab:mqtt /.test(l));
    expect(warnings[0]).toMatch(/cannot reach mqtt:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/);
    expect(warnings.length).toBeGreaterThanOrEqual(2);
    expect(warnings.length).toBeLessThanOrEqual(4); // said at 0, 1, 3 and 7 s
    expect(warnings.some((l) => /\d+ more since the last line/.test(l))).toBe(true);
  }, 20_000);

  it('a refused login is tried again (a broker restarting refuses it for a moment)', async () => {
    const broker = await brokerRefusingFirst(2);
    const link = new MqttLink({
      url: broker.url,
      username: 'bridge-x',
      password: 'p',
      topics: new Topics('site-a', 'atelier-1'),
      journal: new Journal(join(mkdtempSync(join(tmpdir(), 'link-')), 'journal')),
      version: 't',
      machines: ['laser-1'],
    });
    try {
      const online = new Promise<void>((r) => link.once('online', () => r()));
      await Promise.race([online, new Promise((_, reject) => setTimeout(() => reject(new Error('never connected')), 8000))]);
      expect(broker.logins()).toBe(3);
      expect(link.connected()).toBe(true);
    } finally {
      await link.close();
      broker.server.close();
    }
  }, 20_000);

  it('the throttle doubles its interval up to the maximum and starts again after a success', () => {
    const t = new Throttle(1000, 4000);
    const said = [0, 500, 1000, 1500, 2999, 3000, 6999, 7000, 10_999, 11_000].map((ms) => t.take(ms));
    expect(said).toEqual([0, false, 1, false, false, 2, false, 1, false, 1]);
    t.reset();
    expect(t.take(11_100)).toBe(0);
  });
});
