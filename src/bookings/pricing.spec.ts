import { amounts, billedQuantity, consumablePrice, machinePrice, Price, vatPercent } from './pricing';

const line = (over: Partial<Price>): Price => ({
  label: 'Laser',
  machineId: null,
  machineType: 'laser',
  consumable: null,
  category: '*',
  unit: 'minute',
  slotMinutes: null,
  unitCents: 50,
  vatBasisPoints: 2000,
  bookingIsMinimum: false,
  ...over,
});
const min = 60_000;

describe('pricing', () => {
  const laser = { id: 'm1', type: 'laser' };
  const lines = [
    line({ label: 'Laser (tous)', unitCents: 50 }),
    line({ label: 'Laser demandeurs d’emploi', category: 'demandeur_emploi', unitCents: 0 }),
    line({ label: 'Laser Trotec', machineId: 'm1', machineType: null, category: 'entreprise', unitCents: 120 }),
    line({ label: 'Contreplaqué', machineType: null, consumable: 'contreplaque-3mm', unit: 'sheet', unitCents: 450, vatBasisPoints: 2000 }),
  ];

  it('picks the machine’s own line, then the category, then the catch-all', () => {
    expect(machinePrice(lines, laser, 'entreprise')?.label).toBe('Laser Trotec');
    expect(machinePrice(lines, laser, 'demandeur_emploi')?.unitCents).toBe(0);
    expect(machinePrice(lines, laser, 'adherent')?.label).toBe('Laser (tous)');
    expect(machinePrice(lines, { id: 'm2', type: 'printer' }, 'adherent')).toBeNull();
    expect(consumablePrice(lines, 'contreplaque-3mm', 'adherent')?.unitCents).toBe(450);
  });

  it('bills started minutes, or started slots', () => {
    expect(billedQuantity(line({}), 61 * 1000, null)).toBe(2);
    expect(billedQuantity(line({ unit: 'slot', slotMinutes: 30 }), 31 * min, null)).toBe(2);
    expect(billedQuantity(line({ unit: 'slot', slotMinutes: 30 }), 30 * min, null)).toBe(1);
  });

  it('does not bill a badge touched by mistake (under 10 s)', () => expect(billedQuantity(line({}), 9_000, 60 * min)).toBe(0));

  it('bills at least the booked time when the line says so', () => {
    expect(billedQuantity(line({ bookingIsMinimum: true }), 20 * min, 60 * min)).toBe(60);
    expect(billedQuantity(line({ bookingIsMinimum: false }), 20 * min, 60 * min)).toBe(20);
    expect(billedQuantity(line({ bookingIsMinimum: true }), 75 * min, 60 * min)).toBe(75);
  });

  it('computes VAT in integer cents, rounded half up', () => {
    expect(amounts(50, 37, 2000)).toEqual({ netCents: 1850, vatCents: 370, grossCents: 2220 });
    expect(amounts(33, 1, 550)).toEqual({ netCents: 33, vatCents: 2, grossCents: 35 }); // 1.815 → 2
    expect(amounts(10, 1, 2000)).toEqual({ netCents: 10, vatCents: 2, grossCents: 12 });
    expect(amounts(1, 3, 1000)).toEqual({ netCents: 3, vatCents: 0, grossCents: 3 });
  });

  it('writes VAT rates in percent', () => {
    expect(vatPercent(2000)).toBe('20');
    expect(vatPercent(550)).toBe('5,5');
  });
});
