import { randomBytes, randomUUID } from 'node:crypto';
import { AccessCoordination } from '../../src/access/access-coordination';
import type { AppConfig } from '../../src/config/app-config';
import { SHARED_REDIS_URL } from './harness';

/**
 * Two instances' coordination on one Redis (issue 16): one waiting for a machine the other holds
 * is told when it is let go of, instead of asking Redis again and again.
 */
describe('access coordination between two instances', () => {
  const config = { env: { REDIS_URL: SHARED_REDIS_URL, QUEUE_PREFIX: `c${randomBytes(4).toString('hex')}` } } as unknown as AppConfig;
  const a = new AccessCoordination(config);
  const b = new AccessCoordination(config);

  beforeAll(async () => {
    a.onModuleInit();
    b.onModuleInit();
    await new Promise((r) => setTimeout(r, 200)); // connected, subscribed
  });
  afterAll(() => {
    a.onApplicationShutdown();
    b.onApplicationShutdown();
  });

  /** Counts B's waits between two tries at taking a machine. */
  const countWaits = () => jest.spyOn(b as unknown as { whenFree: () => unknown }, 'whenFree');

  it('gives the machine to the waiting instance as soon as the holder lets go, not asking Redis every few ms meanwhile', async () => {
    const waits = countWaits();
    const machineId = randomUUID();
    let letGoAt = 0;
    const holding = a.withMachine(machineId, async () => {
      await new Promise((r) => setTimeout(r, 500));
      letGoAt = Date.now();
    });
    await new Promise((r) => setTimeout(r, 20));
    const claim = await b.claimRequest(randomUUID(), machineId);
    const gotAt = Date.now();
    await holding;
    expect(claim.kind).toBe('go');
    expect(gotAt - letGoAt).toBeLessThan(40); // told, not found at the next poll (up to 50 ms apart)
    expect(waits.mock.calls.length).toBeLessThanOrEqual(4); // asking every 2 to 50 ms, it waited 12 times
    waits.mockRestore();
    if (claim.kind === 'go') await b.settleRequest('r', machineId, claim.token, null);
  });

  it('a copy of a request waits for its answer from the other instance, then gets the same one', async () => {
    const machineId = randomUUID();
    const requestId = randomUUID();
    const first = await a.claimRequest(requestId, machineId);
    expect(first.kind).toBe('go');
    const copy = b.claimRequest(requestId, machineId);
    await new Promise((r) => setTimeout(r, 100));
    if (first.kind === 'go') await a.settleRequest(requestId, machineId, first.token, { decision: 'granted', requestId });
    expect(await copy).toEqual({ kind: 'known', reply: { decision: 'granted', requestId } });
  });

  it('still finds the machine free by asking again when nobody says so (a holder whose hold ran out)', async () => {
    const machineId = randomUUID();
    const redis = (a as unknown as { redis: { set: (...args: unknown[]) => Promise<unknown> } }).redis;
    await redis.set(`${config.env.QUEUE_PREFIX}:access-shared:machine:${machineId}`, 'gone', 'PX', 150); // an instance that died holding it
    const started = Date.now();
    const claim = await b.claimRequest(randomUUID(), machineId);
    expect(claim.kind).toBe('go');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    if (claim.kind === 'go') await b.settleRequest('r2', machineId, claim.token, null);
  });
});
