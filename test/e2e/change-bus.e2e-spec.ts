import { randomBytes } from 'node:crypto';
import { Change, ChangeBus } from '../../src/common/change-bus';
import { DomainEventBus } from '../../src/common/domain-events';
import { createRedis } from '../../src/infra/queue/redis';
import { waitUntil } from '../factories/wait';
import { SHARED_REDIS_URL } from './harness';

/** Changes carried between two instances (issue 16): in order, a turn's machine changes in one message. */
describe('the change bus between two instances', () => {
  const config = { env: { REDIS_URL: SHARED_REDIS_URL, QUEUE_PREFIX: `b${randomBytes(4).toString('hex')}` } } as never;
  const a = new ChangeBus(config, new DomainEventBus());
  const bEvents = new DomainEventBus();
  const b = new ChangeBus(config, bEvents);
  const spy = createRedis(SHARED_REDIS_URL);
  const raw: string[] = [];

  beforeAll(async () => {
    await Promise.all([a.onModuleInit(), b.onModuleInit(), spy.subscribe(`${(config as { env: { QUEUE_PREFIX: string } }).env.QUEUE_PREFIX}:changes`)]);
    spy.on('message', (_c, m: string) => raw.push(m));
  });
  afterAll(async () => {
    await a.onModuleDestroy();
    await b.onModuleDestroy();
    spy.disconnect();
  });

  it('hears every change in the order it was made, machine changes of one turn in one message', async () => {
    const heard: Change[] = [];
    b.on((c) => heard.push(c), { local: false });
    const machine = (id: string, status: string): Change => ({ kind: 'machine', siteId: 's', affectsAccess: false, machineId: id, status });
    const sent = [machine('m1', 'in_use'), machine('m2', 'in_use'), { kind: 'training', siteId: 's' } as Change, machine('m1', 'free')];
    sent.forEach((c) => a.emit(c));
    await waitUntil(() => heard.length === 4);
    expect(heard).toEqual(sent);
    const notices = raw.map((m) => JSON.parse(m));
    expect(notices.map((n) => (n.changes ? n.changes.length : 'one'))).toEqual([2, 'one', 'one']); // the access change alone, in the form every version reads
  });
});
