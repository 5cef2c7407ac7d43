import { dayWords } from '../common/local-format';
import type { OutreachStop } from './entities';

/** « 9 h 30 », « 14 h » for an HH:MM of the site's clock. */
export function hourWords(hhmm: string): string {
  const [h, m] = hhmm.split(':');
  return m === '00' ? `${Number(h)} h` : `${Number(h)} h ${m}`;
}

/** « samedi 12 décembre 2026, de 9 h 30 à 12 h » */
export function whenWords(stop: Pick<OutreachStop, 'date' | 'startsAt' | 'endsAt'>, lang: 'fr' | 'en' = 'fr'): string {
  const day = dayWords(stop.date, lang, 'full');
  return lang === 'fr' ? `${day}, de ${hourWords(stop.startsAt)} à ${hourWords(stop.endsAt)}` : `${day}, ${stop.startsAt}–${stop.endsAt}`;
}

/** « Mairie annexe, 12 rue de la Mairie, 29200 Brest » */
export const whereWords = (stop: Pick<OutreachStop, 'placeName' | 'address' | 'postalCode' | 'commune'>) =>
  `${stop.placeName}, ${stop.address}, ${stop.postalCode} ${stop.commune}`;

/** The inventory's key of a stop's loans. */
export const loanRefOf = (stopId: string) => `outreach-stop:${stopId}`;
