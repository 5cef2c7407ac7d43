import { checkStep, NEXT_STATUSES, TICKET_STATUSES } from './ticket-flow';

describe('repair ticket status flow', () => {
  it('goes received → diagnosed → waiting for parts → in repair → repaired, one step at a time', () => {
    expect(() => checkStep('received', 'diagnosed', [])).not.toThrow();
    expect(() => checkStep('diagnosed', 'waiting_parts', [])).not.toThrow();
    expect(() => checkStep('waiting_parts', 'in_repair', [])).not.toThrow();
    expect(() => checkStep('in_repair', 'repaired', [])).not.toThrow();
  });

  it('refuses to skip the diagnosis', () => {
    for (const to of ['waiting_parts', 'in_repair', 'repaired', 'repairable_later', 'end_of_life'] as const) {
      expect(() => checkStep('received', to, ['Lack of equipment'])).toThrow(/Impossible de passer/);
    }
  });

  it('refuses « repaired » before the device was in repair', () => {
    expect(() => checkStep('diagnosed', 'repaired', [])).toThrow(/Diagnostiqué/);
    expect(() => checkStep('waiting_parts', 'repaired', [])).toThrow();
  });

  it('asks for a barrier to declare end of life', () => {
    expect(() => checkStep('diagnosed', 'end_of_life', [])).toThrow(/empêche la réparation/);
    expect(() => checkStep('diagnosed', 'end_of_life', ['Spare parts not available'])).not.toThrow();
  });

  it('closes the ticket once repaired or at end of life', () => {
    expect(NEXT_STATUSES.repaired).toEqual([]);
    expect(NEXT_STATUSES.end_of_life).toEqual([]);
    for (const to of TICKET_STATUSES) expect(() => checkStep('repaired', to, [])).toThrow();
  });

  it('lets a device put aside as « repairable later » come back into repair', () => {
    expect(() => checkStep('repairable_later', 'in_repair', [])).not.toThrow();
  });
});
