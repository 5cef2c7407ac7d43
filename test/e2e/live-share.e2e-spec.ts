import { randomBytes } from 'node:crypto';
import { LiveShare, SharedPush } from '../../src/infra/realtime/live-share';
import { createRedis } from '../../src/infra/queue/redis';
import { waitUntil } from '../factories/wait';
import { SHARED_REDIS_URL } from './harness';

/** Live pushes between instances (issue 16): only what another instance watches, a turn in one message. */
describe('live pushes shared between instances', () => {
  const channel = `live-${randomBytes(4).toString('hex')}`;
  const shares: LiveShare[] = [];
  const heard: string[] = [];
  const spy = createRedis(SHARED_REDIS_URL);

  function instance(rooms: string[]) {
    const got: SharedPush[] = [];
    const share = new LiveShare(
      SHARED_REDIS_URL,
      channel,
      () => rooms,
      (p) => got.push(p),
    );
    shares.push(share);
    return { share, got };
  }

  beforeAll(async () => {
    spy.on('message', (_c, raw: string) => heard.push(raw));
    await spy.subscribe(channel);
  });
  afterAll(() => {
    shares.forEach((s) => s.stop());
    spy.disconnect();
  });

  it('sends nothing no other instance watches, then a turn of pushes in one message, and never back to its sender', async () => {
    const a = instance([]);
    await a.share.start();
    a.share.share([['site:1', 'admins'], 'access.decision', { n: 0 }]);
    await new Promise((r) => setTimeout(r, 100));
    expect(heard.filter((m) => m.includes('"pushes"'))).toEqual([]);

    // B watches site 1: its start asks the others, and says what it watches.
    const b = instance(['site:1']);
    await b.share.start();
    await waitUntil(() => a.share.watchedElsewhere(['site:1']));
    expect(a.share.watchedElsewhere(['site:2', 'admins'])).toBe(false);

    const payload = { n: 1 };
    a.share.share([['site:1', 'admins'], 'access.decision', payload]);
    a.share.share([['site:1', 'admins'], 'machine.session', { n: 2 }]);
    a.share.share([['site:2', 'admins'], 'access.decision', { n: 3 }]); // nobody watches site 2
    payload.n = 99; // a payload changed after its push: the push said what it was
    await waitUntil(() => b.got.length === 2);
    expect(b.got).toEqual([
      [['site:1', 'admins'], 'access.decision', { n: 1 }],
      [['site:1', 'admins'], 'machine.session', { n: 2 }],
    ]);
    expect(heard.filter((m) => m.includes('"pushes"'))).toHaveLength(1);
    expect(a.got).toEqual([]);
  });

  it('ignores an unreadable message and goes on', async () => {
    const c = instance(['site:3']);
    const d = instance([]);
    await c.share.start();
    await d.share.start();
    const other = createRedis(SHARED_REDIS_URL);
    await other.publish(channel, 'someone {not json');
    other.disconnect();
    await waitUntil(() => d.share.watchedElsewhere(['site:3']));
    d.share.share([['site:3'], 'machine.status', { ok: true }]);
    await waitUntil(() => c.got.length === 1);
  });
});
