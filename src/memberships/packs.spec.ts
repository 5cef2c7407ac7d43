import { leftToPay } from '../bookings/charges.service';
import { chargedParts, type Price } from '../bookings/pricing';
import { dueReminder } from './membership-reminders';
import { packCovers } from './pack-ledger';
import { hoursText, packExpiry } from './packs.service';

const line = (over: Partial<Price> = {}): Price => ({
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
const at = (min: number) => new Date(Date.UTC(2027, 2, 1, 10, min));

/** The minutes a pack is drawn for: the paid parts of the session (PackDrawdown). */
const chargedMinutes = (price: Price, s: { startedAt: Date; endedAt: Date }, booking?: { startsAt: Date; endsAt: Date }) =>
  chargedParts(
    [price],
    { id: 'm1', type: 'laser' },
    'standard',
    s.startedAt,
    s.endedAt,
    'Europe/Paris',
    booking ? booking.endsAt.getTime() - booking.startsAt.getTime() : null,
  )
    .filter((p) => p.line && !p.free)
    .reduce((n, p) => n + p.minutes, 0);

describe('prepaid packs', () => {
  it('counts the minutes a session is charged: started slots whole, the booking as a minimum, free under 10 s', () => {
    expect(chargedMinutes(line(), { startedAt: at(0), endedAt: at(70) })).toBe(70);
    expect(chargedMinutes(line({ unit: 'slot', slotMinutes: 30 }), { startedAt: at(0), endedAt: at(61) })).toBe(90);
    expect(chargedMinutes(line({ bookingIsMinimum: true }), { startedAt: at(2), endedAt: at(22) }, { startsAt: at(0), endsAt: at(60) })).toBe(60);
    expect(chargedMinutes(line(), { startedAt: at(0), endedAt: new Date(at(0).getTime() + 5000) })).toBe(0);
  });

  it('charges what a pack leaves, a partly covered slot whole, never below zero', () => {
    expect(leftToPay(line(), 50, 20)).toBe(30);
    expect(leftToPay(line(), 50, 80)).toBe(0);
    expect(leftToPay(line({ unit: 'slot', slotMinutes: 30 }), 3, 40)).toBe(2);
  });

  it('covers its machine, or any machine of its type', () => {
    expect(packCovers({ machineId: 'm1', machineType: null }, { id: 'm1', type: 'laser' })).toBe(true);
    expect(packCovers({ machineId: 'm1', machineType: null }, { id: 'm2', type: 'laser' })).toBe(false);
    expect(packCovers({ machineId: null, machineType: 'laser' }, { id: 'm2', type: 'laser' })).toBe(true);
    expect(packCovers({ machineId: null, machineType: 'cnc' }, { id: 'm2', type: 'laser' })).toBe(false);
  });

  it('expires after its days on the site clock, the day paid included', () => {
    // Paid at 23:30 UTC on 1 March = 2 March in Paris; 10 days: valid through 11 March.
    expect(packExpiry(new Date('2027-03-01T23:30:00Z'), 10, 'Europe/Paris')).toEqual(new Date('2027-03-11T23:00:00Z'));
    expect(hoursText(90)).toBe('1 h 30');
    expect(hoursText(600)).toBe('10 h');
    expect(hoursText(0)).toBe('0 min');
  });

  it('sends the smallest reminder a membership has reached', () => {
    expect(dueReminder(45)).toBeNull();
    expect(dueReminder(30)).toBe(30);
    expect(dueReminder(12)).toBe(30);
    expect(dueReminder(7)).toBe(7);
    expect(dueReminder(0)).toBe(7);
  });
});
