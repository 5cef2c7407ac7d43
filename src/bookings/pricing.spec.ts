import { amounts, billedQuantity, chargedParts, consumablePrice, machinePrice, Price, vatPercent } from './pricing';

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

describe('price periods and free first minutes', () => {
  const laser = { id: 'm1', type: 'laser' };
  // CET = UTC+1 in winter.
  const paris = (day: string, hh: number, mm = 0) => {
    const [y, m, d] = day.split('-').map(Number);
    return new Date(Date.UTC(y, m - 1, d, hh - 1, mm));
  };
  const day = line({ label: 'Laser jour', unitCents: 50 });
  const evening = line({ label: 'Laser soirée', unitCents: 80, fromTime: '18:00', untilTime: '22:00' });
  const parts = (lines: Price[], category: string, from: Date, to: Date, booked: number | null = null) =>
    chargedParts(lines, laser, category, from, to, 'Europe/Paris', booked).map((p) => [p.line?.label, p.free, p.quantity, p.start.toISOString()]);

  it('splits a session across the day and evening rates at 18:00 on the site’s clock', () => {
    expect(parts([day, evening], 'standard', paris('2027-01-12', 17, 30), paris('2027-01-12', 18, 45))).toEqual([
      ['Laser jour', false, 30, '2027-01-12T16:30:00.000Z'],
      ['Laser soirée', false, 45, '2027-01-12T17:00:00.000Z'],
    ]);
    // Past 22:00 the day rate applies again: three lines.
    expect(parts([day, evening], 'standard', paris('2027-01-12', 17, 0), paris('2027-01-12', 23, 0)).map((p) => [p[0], p[2]])).toEqual([
      ['Laser jour', 60],
      ['Laser soirée', 240],
      ['Laser jour', 60],
    ]);
  });

  it('splits at a price change at a date (midnight on the site’s clock), and bands across midnight', () => {
    const old = line({ label: 'Laser 2026', unitCents: 50, validUntil: '2026-12-31' });
    const fresh = line({ label: 'Laser 2027', unitCents: 60, validFrom: '2027-01-01' });
    expect(parts([old, fresh], 'standard', paris('2026-12-31', 23, 30), paris('2027-01-01', 0, 20)).map((p) => [p[0], p[2]])).toEqual([
      ['Laser 2026', 30],
      ['Laser 2027', 20],
    ]);
    const night = line({ label: 'Laser nuit', unitCents: 30, fromTime: '22:00', untilTime: '06:00' });
    expect(parts([day, night], 'standard', paris('2027-01-12', 21, 0), paris('2027-01-13', 7, 0)).map((p) => [p[0], p[2]])).toEqual([
      ['Laser jour', 60],
      ['Laser nuit', 480],
      ['Laser jour', 60],
    ]);
  });

  it('gives the first minutes free to the category whose line says so, then charges the rest by period', () => {
    const seekers = line({ label: 'Laser demandeurs d’emploi', category: 'demandeur_emploi', unitCents: 40, freeMinutes: 30 });
    expect(parts([day, evening, seekers], 'demandeur_emploi', paris('2027-01-12', 10, 0), paris('2027-01-12', 11, 15))).toEqual([
      ['Laser demandeurs d’emploi', true, 30, '2027-01-12T09:00:00.000Z'],
      ['Laser demandeurs d’emploi', false, 45, '2027-01-12T09:30:00.000Z'],
    ]);
    // Others pay from the first minute.
    expect(parts([day, evening, seekers], 'standard', paris('2027-01-12', 10, 0), paris('2027-01-12', 11, 15))).toEqual([
      ['Laser jour', false, 75, '2027-01-12T09:00:00.000Z'],
    ]);
    // A 20-minute session is all free; under 10 s nothing at all.
    expect(parts([seekers], 'demandeur_emploi', paris('2027-01-12', 10, 0), paris('2027-01-12', 10, 20))).toEqual([
      ['Laser demandeurs d’emploi', true, 20, '2027-01-12T09:00:00.000Z'],
    ]);
    expect(parts([seekers], 'demandeur_emploi', paris('2027-01-12', 10, 0), new Date(paris('2027-01-12', 10, 0).getTime() + 5000))).toEqual([]);
  });

  it('counts started slots per period and the booking as a minimum from the start', () => {
    const slotDay = line({ label: 'Jour', unit: 'slot', slotMinutes: 30, unitCents: 500 });
    const slotEvening = line({ label: 'Soirée', unit: 'slot', slotMinutes: 30, unitCents: 800, fromTime: '18:00', untilTime: '22:00', bookingIsMinimum: true });
    expect(parts([slotDay, slotEvening], 'standard', paris('2027-01-12', 17, 50), paris('2027-01-12', 18, 40)).map((p) => [p[0], p[2]])).toEqual([
      ['Jour', 1],
      ['Soirée', 2],
    ]);
    expect(parts([slotEvening], 'standard', paris('2027-01-12', 19, 0), paris('2027-01-12', 19, 20), 60 * min).map((p) => [p[0], p[2]])).toEqual([
      ['Soirée', 2],
    ]);
  });
});
