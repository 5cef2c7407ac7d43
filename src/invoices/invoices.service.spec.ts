import { ConflictException } from '@nestjs/common';
import { InvoicesService } from './invoices.service';

/** The closing rule, on its own: a document whose day falls in a closed period is refused before any number is taken. */
describe('InvoicesService and closed periods', () => {
  function service(closedUpTo: string | null) {
    const inserted: unknown[] = [];
    const periods = {
      createQueryBuilder: () => {
        let day = '';
        const qb = {
          where: (_: string, p: { day: string }) => {
            day = p.day;
            return qb;
          },
          getCount: async () => (closedUpTo && closedUpTo >= day ? 1 : 0),
        };
        return qb;
      },
    };
    const profiles = {
      findOneBy: async () => ({ siteId: 's', legalName: 'Fab lab', address: '', siren: null, vatNumber: null, vatRegime: 'franchise', paymentDays: 30 }),
    };
    const invoices = { findOneBy: async () => null, findBy: async () => [] };
    const dataSource = {
      options: { type: 'postgres' },
      transaction: async () => {
        inserted.push(1);
      },
    };
    const sites = { zoneOf: async () => 'Europe/Paris', findByIdOrFail: async () => ({ name: 'Fab lab' }) };
    const people = { findPerson: async () => null };
    const s = new InvoicesService(invoices as never, profiles as never, periods as never, dataSource as never, sites as never, people as never);
    return { s, inserted };
  }
  const input = {
    siteId: 's',
    paymentId: 'p1',
    payable: {
      kind: 'statement',
      ref: 'r',
      personId: null,
      label: 'Relevé',
      lines: [{ label: 'PLA', quantity: 1, unitCents: 600, vatRatePercent: 20 }],
      totalCents: 600,
    },
    amountCents: 600,
    issuedById: null,
  };

  it('refuses to date an invoice in a closed period, and numbers nothing', async () => {
    const { s, inserted } = service('2999-12-31');
    await expect(s.issueForPayment(input)).rejects.toBeInstanceOf(ConflictException);
    expect(inserted).toEqual([]);
  });

  it('issues once the period of the day is open', async () => {
    const { s, inserted } = service('2000-01-31');
    await s.issueForPayment(input);
    expect(inserted).toEqual([1]);
  });
});
