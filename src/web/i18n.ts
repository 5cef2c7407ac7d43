import type { Request, Response } from 'express';
import { Instant, localDate, localDateTime, localTime } from '../common/local-format';

/** Pages speak French first; English on request (`?lang=en`, remembered in the `lang` cookie). */
export const LANGS = ['fr', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'fr';
export const LANG_COOKIE = 'lang';

export type Entry = Record<Lang, string>;
export type Dictionary = Record<string, Entry>;

const entries = new Map<string, Entry>();

/**
 * Adds a feature's words. Keys are namespaced by convention (`bookings.title`); adding a key twice
 * with different words is a mistake caught at start-up.
 */
export function addDictionary(dict: Dictionary): void {
  for (const [key, entry] of Object.entries(dict)) {
    const known = entries.get(key);
    if (known && (known.fr !== entry.fr || known.en !== entry.en)) throw new Error(`i18n key defined twice: ${key}`);
    entries.set(key, entry);
  }
}

/**
 * The words for `key` in `lang`; `{name}` placeholders are replaced from `vars`. An unknown key
 * is shown as-is so a missing translation is visible on the page, never a crash.
 */
export function t(key: string, lang: Lang = DEFAULT_LANG, vars?: Record<string, string | number>): string {
  const entry = entries.get(key);
  let text = entry ? (entry[lang] ?? entry.fr) : key;
  if (vars) text = text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
  return text;
}

/** A dictionary plus its typed translator: `const tr = defineDictionary({...}); tr('x.y', lang)`. */
export function defineDictionary<D extends Dictionary>(dict: D) {
  addDictionary(dict);
  return (key: keyof D & string, lang: Lang = DEFAULT_LANG, vars?: Record<string, string | number>) => t(key, lang, vars);
}

export const isLang = (v: unknown): v is Lang => typeof v === 'string' && (LANGS as readonly string[]).includes(v);

/** The language of a person's `locale` (« fr », « en-GB »…) for their mails; French when unknown. */
export const langOfLocale = (locale: string | null | undefined): Lang => {
  const lang = locale?.slice(0, 2).toLowerCase();
  return isLang(lang) ? lang : DEFAULT_LANG;
};

/**
 * The page language: `?lang=` (remembered in a cookie when a response is given), then the
 * cookie, else French.
 */
export function langOf(req: Request, res?: Response): Lang {
  const asked = req.query?.lang;
  if (isLang(asked)) {
    res?.cookie(LANG_COOKIE, asked, { path: '/', sameSite: 'lax', maxAge: 365 * 24 * 3600_000 });
    return asked;
  }
  const cookie = (req as Request & { cookies?: Record<string, string> }).cookies?.[LANG_COOKIE];
  return isLang(cookie) ? cookie : DEFAULT_LANG;
}

export const locale = (lang: Lang) => (lang === 'fr' ? 'fr-FR' : 'en-GB');

/** « 3 mars 2027 » / "3 March 2027", in the site's zone (`ctx.zone` on a page). */
export function formatDate(d: Instant, lang: Lang, zone: string): string {
  return localDate(d, zone, lang, 'long');
}

/** « 3 mars 2027, 14:05 » style, in the site's zone. */
export function formatDateTime(d: Instant, lang: Lang, zone: string): string {
  return localDateTime(d, zone, lang, 'medium');
}

/** « 14:05:12 », in the site's zone. */
export function formatTime(d: Instant, lang: Lang, zone: string): string {
  return localTime(d, zone, lang, 'seconds');
}

/** Words shared by every page (layout, login, errors). Feature pages add their own. */
export const tr = defineDictionary({
  'site.name': { fr: 'Fablab Ops', en: 'Fablab Ops' },
  'nav.machines': { fr: 'Machines', en: 'Machines' },
  'nav.people': { fr: 'Personnes', en: 'People' },
  'nav.badges': { fr: 'Badges', en: 'Badges' },
  'nav.trainings': { fr: 'Formations', en: 'Trainings' },
  'nav.adminMachines': { fr: 'Gérer les machines', en: 'Manage machines' },
  'nav.apiDocs': { fr: 'API', en: 'API docs' },
  'nav.group.home': { fr: 'Accueil', en: 'Home' },
  'nav.group.machines': { fr: 'Machines', en: 'Machines' },
  'nav.group.learning': { fr: 'Ateliers et formations', en: 'Workshops and trainings' },
  'nav.group.repairs': { fr: 'Réparations', en: 'Repairs' },
  'nav.group.admin': { fr: 'Gestion', en: 'Management' },
  'nav.menu': { fr: 'Menu', en: 'Menu' },
  'nav.logout': { fr: 'Se déconnecter', en: 'Log out' },
  'nav.password': { fr: 'Changer mon mot de passe', en: 'Change my password' },
  'nav.language': { fr: 'Langue', en: 'Language' },
  'nav.skip': { fr: 'Aller au contenu', en: 'Skip to content' },
  'common.save': { fr: 'Enregistrer', en: 'Save' },
  'common.cancel': { fr: 'Annuler', en: 'Cancel' },
  'common.search': { fr: 'Rechercher', en: 'Search' },
  'common.yes': { fr: 'Oui', en: 'Yes' },
  'common.no': { fr: 'Non', en: 'No' },
  'common.none': { fr: 'Aucun', en: 'None' },
  'common.back': { fr: 'Retour', en: 'Back' },
  'common.error': { fr: "Quelque chose n'a pas marché. Réessayez.", en: 'Something went wrong. Please try again.' },
  'common.saved': { fr: 'Enregistré.', en: 'Saved.' },
  'common.sending': { fr: 'Envoi…', en: 'Sending…' },
});
