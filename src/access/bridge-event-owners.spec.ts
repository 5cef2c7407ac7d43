import type { EntityManager } from 'typeorm';
import type { Machine } from '../machines/entities/machine.entity';
import { BridgeEventApplier, BridgeEventLedger } from './bridge-event-ledger';

/** A ledger whose transaction is a fake manager, enough for the bridge events other features own. */
function accessWith() {
  const marks: unknown[] = [];
  const insert = { into: () => insert, values: (v: unknown) => (marks.push(v), insert), updateEntity: () => insert, execute: async () => undefined };
  const em = { createQueryBuilder: () => ({ insert: () => insert }) } as unknown as EntityManager;
  const manager = { connection: { options: { type: 'postgres' } }, transaction: (work: (m: EntityManager) => Promise<unknown>) => work(em) };
  const realtime = { toSite: jest.fn() };
  const processed = { manager };
  const access = new BridgeEventLedger(processed as never, {} as never, {} as never, {} as never, realtime as never);
  return { access, em, realtime, marks };
}

const machine = { id: 'm1', siteId: 's1', slug: 'prusa' } as Machine;
const event = (type: string) => ({ eventId: `e-${type}`, type, ts: '2026-12-04T10:00:00Z' });

describe('bridge events owned by another feature (BridgeEventLedger.handleBridgeEvents)', () => {
  it("applies an event with its type's owner only, in the transaction that marks it processed, then its after-commit step", async () => {
    const { access, em, realtime, marks } = accessWith();
    const after = jest.fn();
    const jobs = jest.fn<ReturnType<BridgeEventApplier>, Parameters<BridgeEventApplier>>(async () => after);
    access.handleBridgeEvents(['job.started', 'cmd.ack'], jobs);

    expect(await access.otherEventAtBridge(machine, event('job.started'))).toBe('applied');
    expect(jobs).toHaveBeenCalledWith(em, machine, event('job.started'));
    expect(marks).toEqual([{ eventId: 'e-job.started', machineId: 'm1', type: 'job.started' }]);
    expect(after).toHaveBeenCalledTimes(1);

    // A type nobody owns is marked processed and shown, and reaches no owner.
    expect(await access.otherEventAtBridge(machine, event('power.on'))).toBe('applied');
    expect(jobs).toHaveBeenCalledTimes(1);
    expect(realtime.toSite).toHaveBeenCalledTimes(2);
  });

  it('refuses a second owner for a type', () => {
    const { access } = accessWith();
    access.handleBridgeEvents(['job.failed'], async () => undefined);
    expect(() => access.handleBridgeEvents(['job.failed'], async () => undefined)).toThrow('bridge event job.failed already has its owner');
  });
});
