import { Payables } from './payables';

describe('Payables', () => {
  it('reads a registered kind through its seller, and nothing for a kind nobody sells', async () => {
    const payables = new Payables();
    payables.register('pack', async (ref) =>
      ref === 'p1'
        ? {
            kind: 'pack',
            ref,
            siteId: 's',
            personId: 'a',
            label: 'Pack 10 h laser',
            lines: [{ label: 'Pack 10 h laser', quantity: 1, unitCents: 9000, vatRatePercent: 0 }],
            totalCents: 9000,
            paidCents: 0,
          }
        : null,
    );
    expect((await payables.read('pack', 'p1'))?.totalCents).toBe(9000);
    expect(await payables.read('pack', 'nope')).toBeNull();
    expect(await payables.read('membership', 'p1')).toBeNull();
    expect(payables.kinds()).toEqual(['pack']);
  });

  it('refuses a second seller for the same kind', () => {
    const payables = new Payables();
    payables.register('booking', async () => null);
    expect(() => payables.register('booking', async () => null)).toThrow('registered twice');
  });
});
