import { DashboardBatcher } from './dashboard.batcher';
import { BATCH_MS } from './dashboard.types';

/** A site no wall screen shows, on any instance, costs no batch (issue 16). */
describe('DashboardBatcher', () => {
  let push!: (siteId: string, event: string, payload: unknown) => void;
  let watched = false;
  const sent: unknown[] = [];
  const realtime = {
    onPush: (l: typeof push) => (push = l),
    onJoin: () => undefined,
    watched: () => watched,
    toDashboard: (_site: string, _event: string, batch: unknown) => sent.push(batch),
  };
  const machine = { id: 'm1', name: 'Découpe laser', siteId: 's1' };
  const siteFacts = { facts: jest.fn(async () => ({ site: { id: 's1' }, machines: [machine], bridges: new Map() })) };
  const dashboard = {
    tileOf: (m: { id: string }) => ({ machineId: m.id }),
    alerts: jest.fn(async () => []),
    hasPendingUnattended: () => false,
    liveOf: () => undefined,
    telemetryOf: () => ({}),
  };
  const batcher = new DashboardBatcher(realtime as never, dashboard as never, siteFacts as never);

  beforeAll(() => {
    jest.useFakeTimers();
    batcher.onModuleInit();
  });
  afterAll(async () => {
    await batcher.onModuleDestroy();
    jest.useRealTimers();
  });

  async function batchAfter(event: string) {
    push('s1', event, { machineId: 'm1' });
    await jest.advanceTimersByTimeAsync(BATCH_MS + 10);
  }

  it('reads nothing and sends nothing while no screen watches the site', async () => {
    await batchAfter('machine.status');
    expect(siteFacts.facts).not.toHaveBeenCalled();
    expect(dashboard.alerts).not.toHaveBeenCalled();
    expect(sent).toEqual([]);
  });

  it('batches again, alerts included, once a screen watches', async () => {
    watched = true;
    await batchAfter('machine.status');
    expect(siteFacts.facts).toHaveBeenCalledTimes(1);
    expect(sent).toEqual([expect.objectContaining({ siteId: 's1', tiles: [{ machineId: 'm1' }], alerts: [] })]);
  });

  it('says the alerts again after a time with no screen, even unchanged', async () => {
    watched = false;
    await batchAfter('machine.status');
    watched = true;
    await batchAfter('machine.status');
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(expect.objectContaining({ alerts: [] }));
  });
});
