import { addDays, dayOf } from '../../src/common/local-format';
import type { TestApp } from '../e2e/harness';
import { as } from './api.factory';

/** A day `days` from today on the Paris clock (the test sites' zone). */
export const dayIn = (days: number) => addDays(dayOf(new Date(), 'Europe/Paris'), days);

/** A stop as the planning form sends it (overrides win). */
export const stopBody = (overrides: Record<string, unknown> = {}) => ({
  placeName: 'Mairie annexe de Saint-Pierre',
  address: '12 rue de la Mairie',
  commune: 'Brest',
  postalCode: '29200',
  inseeCode: '29019',
  date: dayIn(7),
  startsAt: '09:30',
  endsAt: '12:00',
  capacity: 3,
  vehicle: 'Numéribus',
  ...overrides,
});

export async function createStop(t: TestApp, token: string, overrides: Record<string, unknown> = {}) {
  return (await as(t, token).post('/api/outreach/stops', stopBody(overrides)).expect(201)).body as {
    id: string;
    siteId: string;
    date: string;
    placeName: string;
    capacity: number;
  };
}
