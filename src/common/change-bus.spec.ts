import { Change, ChangeBus } from './change-bus';
import { DomainEventBus } from './domain-events';

/** Who hears which change: this instance's, the others' (carried through Redis), or both. */
describe('ChangeBus listeners', () => {
  const events = new DomainEventBus();
  const bus = new ChangeBus({ env: {} } as never, events);
  const heard = { both: [] as Change[], here: [] as Change[], elsewhere: [] as Change[] };
  bus.on((c) => heard.both.push(c));
  bus.on((c) => heard.here.push(c), { remote: false });
  bus.on((c) => heard.elsewhere.push(c), { local: false });

  it('gives each listener the changes it asked for', () => {
    const mine: Change = { kind: 'machine', siteId: 's', machineId: 'm', status: 'in_use', affectsAccess: false };
    const theirs: Change = { kind: 'machine', siteId: 's', machineId: 'm', status: 'free', affectsAccess: false };
    bus.emit(mine);
    events.emit('change', { change: theirs, here: false }); // as the Redis subscriber delivers another instance's
    expect(heard.both).toEqual([mine, theirs]);
    expect(heard.here).toEqual([mine]);
    expect(heard.elsewhere).toEqual([theirs]);
  });
});
