import type { Lang } from '../common/local-format';
import type { PriceUnit } from './entities/price-line.entity';

type Words = { fr: string; en: string };

/** What a price is per, as a price list reads (« 0,50 € / minute », « 3,00 € / créneau »). */
export const UNIT_WORDS: Record<PriceUnit, Words> = {
  minute: { fr: 'minute', en: 'minute' },
  slot: { fr: 'créneau', en: 'slot' },
  gram: { fr: 'gramme', en: 'gram' },
  sheet: { fr: 'feuille', en: 'sheet' },
  unit: { fr: 'unité', en: 'unit' },
};

/** The price categories the project suggests; a site may add its own (shown without its underscores). */
export const CATEGORY_WORDS: Record<string, Words> = {
  '*': { fr: 'Tout le monde', en: 'Everyone' },
  demandeur_emploi: { fr: 'Demandeur ou demandeuse d’emploi', en: 'Job seeker' },
  adherent: { fr: 'Adhérent·e', en: 'Member' },
  entrepreneur: { fr: 'Entrepreneur·e', en: 'Entrepreneur' },
  entreprise: { fr: 'Entreprise', en: 'Company' },
  etudiant: { fr: 'Étudiant·e', en: 'Student' },
};

export const unitWord = (unit: string, lang: Lang): string => UNIT_WORDS[unit as PriceUnit]?.[lang] ?? unit;

/** A category code as people read it: its word, or a site's own code with spaces for underscores. */
export function categoryWord(code: string, lang: Lang): string {
  const known = CATEGORY_WORDS[code];
  if (known) return known[lang];
  const spaced = code.replace(/[_-]+/g, ' ').trim();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}
