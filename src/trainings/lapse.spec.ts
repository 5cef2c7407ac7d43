import { addMonthsToDay, hasLapsed, lapseOf, lastUseOf } from './lapse';

const training = { lapseMonths: 6, machineIds: ['m9'], machineTypes: ['laser' as const] };
const q = { personId: 'p1', passedOn: '2026-01-10', renewedOn: null };

describe('trainings that lapse when unused', () => {
  it('adds months to a day, keeping to the last day of a shorter month', () => {
    expect(addMonthsToDay('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonthsToDay('2027-08-31', 6)).toBe('2028-02-29');
    expect(addMonthsToDay('2026-05-15', 6)).toBe('2026-11-15');
  });

  it('counts from the latest of the pass, the check-up and the last session on a covered machine', () => {
    const uses = [
      { personId: 'p1', machineId: 'm1', machineType: 'laser', at: new Date('2026-03-01T10:00:00Z') },
      { personId: 'p1', machineId: 'm2', machineType: 'printer', at: new Date('2026-06-01T10:00:00Z') },
      { personId: 'p2', machineId: 'm1', machineType: 'laser', at: new Date('2026-07-01T10:00:00Z') },
    ];
    expect(lastUseOf(training, 'p1', uses)).toEqual(new Date('2026-03-01T10:00:00Z'));
    expect(lapseOf(q, training, lastUseOf(training, 'p1', uses), 'Europe/Paris')).toMatchObject({ lastActiveOn: '2026-03-01', lapsesOn: '2026-09-01' });
    expect(lapseOf({ ...q, renewedOn: '2026-04-02' }, training, lastUseOf(training, 'p1', uses), 'Europe/Paris')).toMatchObject({ lapsesOn: '2026-10-02' });
    expect(lapseOf(q, { lapseMonths: null }, null, 'Europe/Paris')).toBeNull();
  });

  it('lapses at the end of that day on the site clock (Réunion is 2 hours ahead of Paris in summer)', () => {
    const lapse = lapseOf(q, training, null, 'Indian/Reunion')!;
    expect(lapse.lapsesAt.toISOString()).toBe('2026-07-10T19:59:59.999Z');
    expect(hasLapsed(q, training, [], 'Indian/Reunion', new Date('2026-07-10T19:59:59Z'))).toBe(false);
    expect(hasLapsed(q, training, [], 'Indian/Reunion', new Date('2026-07-10T20:00:00Z'))).toBe(true);
  });
});
