import { BridgeGrants } from './bridge-grants';

/** Who may connect is rebuilt after each pairing; a slow older rebuild must never win. */
describe('BridgeGrants.reloadGrants', () => {
  it('ends with every bridge paired, even when an earlier reload finishes last', async () => {
    const table: Array<Record<string, unknown>> = [{ id: 'b1', siteId: 's', slug: 'one', username: 'bridge-lab-one', secretHash: 'h1' }];
    let releaseFirst: () => void = () => undefined;
    let calls = 0;
    const bridges = {
      async find() {
        const snapshot = [...table]; // what the database holds when the query runs
        if (calls++ === 0) await new Promise<void>((r) => (releaseFirst = r));
        return snapshot;
      },
    };
    const machines = { all: async () => [] };
    const sites = { findById: async () => ({ slug: 'lab' }) };
    const changes = { on: () => undefined };
    const service = new BridgeGrants(bridges as never, machines as never, sites as never, {} as never, {} as never, changes as never);

    const first = service.reloadGrants();
    await new Promise((r) => setImmediate(r));
    table.push({ id: 'b2', siteId: 's', slug: 'two', username: 'bridge-lab-two', secretHash: 'h2' });
    const second = service.reloadGrants(); // the pairing of b2 asks for a reload
    const third = service.reloadGrants(); // coalesced with the second
    releaseFirst();
    await Promise.all([first, second, third]);

    const grants = (service as unknown as { grants: Map<string, unknown> }).grants;
    expect([...grants.keys()].sort()).toEqual(['bridge-lab-one', 'bridge-lab-two']);
    expect(calls).toBe(2);
  });
});
