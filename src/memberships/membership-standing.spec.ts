import { DomainEventBus } from '../common/domain-events';
import type { ChangeBus } from '../common/change-bus';
import { MembershipStanding } from './membership-standing';

const d = (s: string) => new Date(`${s}T00:00:00Z`);

/** The standing over fixed rows: the repositories answer what a database would. */
function standing(rows: { memberships: object[]; members?: object[]; rules?: object[] }) {
  const repo = (all: object[]) => ({ find: async () => all, findBy: async () => all });
  const events = new DomainEventBus();
  const changes = { on: (fn: (c: { kind: string }) => void) => events.on('change', ({ change }) => fn(change)), emit: () => undefined } as unknown as ChangeBus;
  const s = new MembershipStanding(repo(rows.memberships) as never, repo(rows.members ?? []) as never, repo(rows.rules ?? []) as never, changes);
  return { s, events };
}

describe('MembershipStanding', () => {
  const paid = (over: object) => ({
    id: 'm1',
    siteId: 's',
    personId: 'p',
    companyName: null,
    status: 'active',
    startsAt: d('2027-01-01'),
    endsAt: d('2028-01-01'),
    ...over,
  });

  it('says who is a member when, and when the last membership ended', async () => {
    const { s } = standing({ memberships: [paid({})], rules: [{ siteId: 's', requiredToBook: true, requiredToUnlock: false }] });
    expect(await s.isMember('s', 'p', d('2027-06-01'))).toEqual({ current: true });
    expect(await s.isMember('s', 'p', d('2028-02-01'))).toEqual({ current: false, endedAt: d('2028-01-01') });
    expect(await s.isMember('s', 'p', d('2026-06-01'))).toEqual({ current: false, endedAt: undefined });
    expect(await s.forUnlock('s', 'x', d('2027-06-01'))).toEqual({ required: false, current: true });
    expect(await s.forBooking('s', 'x', d('2027-06-01'))).toMatchObject({ required: true, current: false });
  });

  it('joins periods that follow on, and covers the people of a company membership', async () => {
    const { s } = standing({
      memberships: [paid({}), paid({ id: 'm2', startsAt: d('2028-01-01'), endsAt: d('2029-01-01') }), paid({ id: 'c', personId: 'boss', companyName: 'SARL' })],
      members: [{ membershipId: 'c', personId: 'worker' }],
    });
    expect(await s.memberUntil('s', 'p', d('2027-06-01'))).toEqual(d('2029-01-01'));
    expect(await s.memberUntil('s', 'p', d('2026-06-01'))).toBeNull();
    expect((await s.isMember('s', 'worker', d('2027-06-01'))).current).toBe(true);
    expect((await s.isMember('other-site', 'worker', d('2027-06-01'))).current).toBe(false);
  });

  it('reloads after a membership change told by the change bus', async () => {
    const rows = { memberships: [] as object[] };
    const { s, events } = standing(rows);
    expect((await s.isMember('s', 'p', d('2027-06-01'))).current).toBe(false);
    rows.memberships.push(paid({}));
    expect((await s.isMember('s', 'p', d('2027-06-01'))).current).toBe(false); // still the picture in memory
    events.emit('change', { change: { kind: 'membership', siteId: 's' }, here: false });
    expect((await s.isMember('s', 'p', d('2027-06-01'))).current).toBe(true);
  });
});
