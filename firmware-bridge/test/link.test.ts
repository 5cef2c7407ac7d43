import './helpers';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MqttLink } from '../src/mqtt/link';
import { Topics } from '../src/mqtt/topics';
import { Journal } from '../src/journal/journal';
import { Throttle } from '../src/util/log';
import { freePort } from './integration/harness';

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
      url: `mqtt://127.0.0.1:${port}`, username: 'bridge-x', password: 'p', topics: new Topics('site-a', 'atelier-1'),
      journal: new Journal(join(mkdtempSync(join(tmpdir(), 'link-')), 'journal')), version: 't', machines: ['laser-1'],
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

  it('the throttle doubles its interval up to the maximum and starts again after a success', () => {
    const t = new Throttle(1000, 4000);
    const said = [0, 500, 1000, 1500, 2999, 3000, 6999, 7000, 10_999, 11_000].map((ms) => t.take(ms));
    expect(said).toEqual([0, false, 1, false, false, 2, false, 1, false, 1]);
    t.reset();
    expect(t.take(11_100)).toBe(0);
  });
});
