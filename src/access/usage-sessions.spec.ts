import { UsageSessions } from './usage-sessions';

/** What an instance remembers of open sessions, told by the other instances' machine changes (issue 16). */
describe('UsageSessions memory of free machines', () => {
  const findOneBy = jest.fn(async () => null);
  const findOne = jest.fn(async () => ({ id: 's1', machineId: 'm1', personId: 'p1' }));
  const ctor = UsageSessions as unknown as new (...args: unknown[]) => UsageSessions;
  const sessions = new ctor({ findOneBy, findOne }, ...Array(UsageSessions.length - 1).fill(null));
  const memory = (sessions as unknown as { memory: { openedHere(s: { id: string; machineId: string; personId: string }): void } }).memory;

  beforeEach(() => jest.clearAllMocks());

  it('reads a machine once, then again only after another instance put it in use', async () => {
    await sessions.openOn('m1');
    await sessions.openOn('m1');
    expect(findOneBy).toHaveBeenCalledTimes(1);
    sessions.mayBeTaken('m1');
    await sessions.openOn('m1');
    expect(findOneBy).toHaveBeenCalledTimes(2);
  });

  it('reads nothing at the next badge once the other instance freed the machine', async () => {
    sessions.mayBeTaken('m2');
    sessions.freedElsewhere('m2');
    expect(await sessions.openOn('m2')).toBeNull();
    expect(findOneBy).not.toHaveBeenCalled();
  });

  it('forgets the sessions opened here on a machine another instance freed: their holder is read if asked', async () => {
    memory.openedHere({ id: 's1', machineId: 'm3', personId: 'p1' });
    memory.openedHere({ id: 's2', machineId: 'm4', personId: 'p2' });
    expect(await sessions.holderOf('s1')).toEqual({ id: 's1', machineId: 'm3', personId: 'p1' });
    expect(findOne).not.toHaveBeenCalled();
    sessions.freedElsewhere('m3');
    await sessions.holderOf('s1');
    expect(findOne).toHaveBeenCalledTimes(1);
    expect(await sessions.holderOf('s2')).toEqual({ id: 's2', machineId: 'm4', personId: 'p2' }); // another machine's: still known
    expect(findOne).toHaveBeenCalledTimes(1);
  });
});
