/**
 * The Open Repair Data Standard v0.3 (2021-12-07) vocabulary and the impact factors, kept as
 * data with their source. Only the words of the standard are exported.
 */
import type { TicketStatus } from './ticket-flow';
import { dayOf } from '../common/local-format';
import { csvLine, RFC4180 } from '../common/csv';

/** ORDS v0.3 product categories (id → exact name). */
export const ORDS_PRODUCT_CATEGORIES: Record<number, string> = {
  1: 'Aircon/dehumidifier',
  2: 'Battery/charger/adapter',
  3: 'Decorative or safety lights',
  4: 'Desktop computer',
  5: 'Digital compact camera',
  6: 'DSLR/video camera',
  7: 'Fan',
  8: 'Flat screen',
  9: 'Hair & beauty item',
  10: 'Handheld entertainment device',
  11: 'Headphones',
  12: 'Hi-Fi integrated',
  13: 'Hi-Fi separates',
  14: 'Kettle',
  15: 'Lamp',
  16: 'Laptop',
  17: 'Large home electrical',
  18: 'Misc',
  19: 'Mobile',
  20: 'Musical instrument',
  21: 'Paper shredder',
  22: 'PC accessory',
  23: 'Portable radio',
  24: 'Power tool',
  25: 'Printer/scanner',
  26: 'Projector',
  27: 'Sewing machine',
  28: 'Small home electrical',
  29: 'Small kitchen item',
  30: 'Tablet',
  31: 'Toaster',
  32: 'Toy',
  33: 'TV and gaming-related accessories',
  34: 'Vacuum',
  35: 'Watch/clock',
  36: 'Coffee maker',
  37: 'Food processor',
  38: 'Games console',
  39: 'Hair dryer',
  40: 'Iron',
};

/** The statuses the Alliance publishes; Unknown is what a repair not yet decided is worth. */
export const ORDS_REPAIR_STATUSES = ['Fixed', 'Repairable', 'End of life', 'Unknown'] as const;
export type OrdsRepairStatus = (typeof ORDS_REPAIR_STATUSES)[number];

/** Barriers as DOMAIN-REFERENCE.md names them (the texts the Alliance publishes). */
export const ORDS_BARRIERS = [
  'Spare parts not available',
  'Spare parts too expensive',
  'No way to open product',
  'Repair information not available',
  'Lack of equipment',
  'Item too worn out',
] as const;
export type OrdsBarrier = (typeof ORDS_BARRIERS)[number];

/** The barriers in French for the pages; exports and the API keep the Alliance's English texts. */
export const BARRIER_WORDS: Record<OrdsBarrier, { fr: string; en: string }> = {
  'Spare parts not available': { fr: 'Pièces détachées introuvables', en: 'Spare parts not available' },
  'Spare parts too expensive': { fr: 'Pièces détachées trop chères', en: 'Spare parts too expensive' },
  'No way to open product': { fr: 'Impossible d’ouvrir l’appareil', en: 'No way to open product' },
  'Repair information not available': { fr: 'Pas d’information de réparation', en: 'Repair information not available' },
  'Lack of equipment': { fr: 'Manque d’outillage', en: 'Lack of equipment' },
  'Item too worn out': { fr: 'Appareil trop usé', en: 'Item too worn out' },
};

/** Every field of ORDS v0.3, and those it requires. */
export const ORDS_FIELDS = [
  'id',
  'data_provider',
  'country',
  'partner_product_category',
  'product_category',
  'product_category_id',
  'brand',
  'year_of_manufacture',
  'product_age',
  'repair_status',
  'repair_barrier_if_end_of_life',
  'group_identifier',
  'event_date',
  'problem',
  'record_date',
] as const;
export const ORDS_REQUIRED = ['id', 'partner_product_category', 'repair_status', 'problem', 'event_date', 'country', 'data_provider'] as const;

/** Our categories (what the volunteer picks at intake), with the French word and ORDS id. */
export const DEVICE_CATEGORIES = {
  laptop: { fr: 'Ordinateur portable', en: 'Laptop', ords: 16 },
  desktop: { fr: 'Ordinateur fixe', en: 'Desktop computer', ords: 4 },
  phone: { fr: 'Téléphone', en: 'Phone', ords: 19 },
  tablet: { fr: 'Tablette', en: 'Tablet', ords: 30 },
  printer: { fr: 'Imprimante / scanner', en: 'Printer / scanner', ords: 25 },
  screen: { fr: 'Écran', en: 'Screen', ords: 8 },
  pc_accessory: { fr: 'Accessoire informatique', en: 'PC accessory', ords: 22 },
  small_appliance: { fr: 'Petit électroménager', en: 'Small household appliance', ords: 28 },
  kitchen: { fr: 'Petit appareil de cuisine', en: 'Small kitchen item', ords: 29 },
  other: { fr: 'Autre', en: 'Other', ords: 18 },
} as const;
export type DeviceCategory = keyof typeof DEVICE_CATEGORIES;
export const DEVICE_CATEGORY_CODES = Object.keys(DEVICE_CATEGORIES) as DeviceCategory[];

export const ordsCategoryOf = (c: DeviceCategory) => {
  const id = DEVICE_CATEGORIES[c].ords;
  return { id, name: ORDS_PRODUCT_CATEGORIES[id] };
};

/** A ticket still under way has no outcome yet: the standard's Unknown, never an empty field. */
export const ordsStatusOf = (status: TicketStatus): OrdsRepairStatus =>
  status === 'repaired' ? 'Fixed' : status === 'repairable_later' ? 'Repairable' : status === 'end_of_life' ? 'End of life' : 'Unknown';

/** What the export does with repairs under way: write them as Unknown, or leave them out. */
export const ORDS_UNFINISHED_OPTIONS = ['unknown', 'omit'] as const;
export type OrdsUnfinished = (typeof ORDS_UNFINISHED_OPTIONS)[number];

/** The calendar day (YYYY-MM-DD) of an instant in the site's zone: a repair at 00:30 in Paris is that day's. */
export function localDay(instant: Date, timeZone: string): string {
  return dayOf(instant, timeZone);
}

/**
 * Typical weight (kg) and production footprint (kg CO2e) per ORDS category.
 * Source: The Restart Project, Restarters.net (Fixometer) category table, revision 2 — the
 * factors the Open Repair Alliance partners use. Null: no published factor, not counted.
 */
export const IMPACT_SOURCE = {
  name: 'The Restart Project — Restarters.net category weights and footprints (revision 2)',
  url: 'https://github.com/TheRestartProject/restarters.net',
  displacement: 0.5,
  displacementNote: 'A repaired device displaces half a new purchase (ORDS / Restart Project method).',
};
export const IMPACT_FACTORS: Record<number, { weightKg: number | null; footprintKg: number | null }> = {
  4: { weightKg: 9.15, footprintKg: 398.4 },
  8: { weightKg: 3.72, footprintKg: 102.93 },
  16: { weightKg: 2.26, footprintKg: 258.25 },
  19: { weightKg: 0.14, footprintKg: 35.82 },
  22: { weightKg: 1.185, footprintKg: 18.87 },
  25: { weightKg: 7.05, footprintKg: 47.7 },
  28: { weightKg: null, footprintKg: null },
  29: { weightKg: 2.7, footprintKg: 15.8 },
  30: { weightKg: 0.51, footprintKg: 107.76 },
  18: { weightKg: 1, footprintKg: null },
};

const round = (x: number) => Math.round(x * 10) / 10;

/**
 * Devices fixed, kg kept out of waste and CO2e avoided from the number of fixed devices per
 * category, with the factors and their source. One computation for the public impact page and
 * the figures of a repair café.
 */
export function impactOf(fixedByCategory: Iterable<[DeviceCategory, number]>) {
  let fixed = 0;
  let kg = 0;
  let co2 = 0;
  const byCategory = [...fixedByCategory].map(([category, n]) => {
    const cat = ordsCategoryOf(category);
    const f = IMPACT_FACTORS[cat.id] ?? { weightKg: null, footprintKg: null };
    const wasteKg = f.weightKg === null ? 0 : n * f.weightKg;
    const co2eKg = f.footprintKg === null ? 0 : n * f.footprintKg * IMPACT_SOURCE.displacement;
    fixed += n;
    kg += wasteKg;
    co2 += co2eKg;
    return { category, ordsCategory: cat.name, fixed: n, weightKg: f.weightKg, footprintKg: f.footprintKg, wasteKg: round(wasteKg), co2eKg: round(co2eKg) };
  });
  return { fixed, wastePreventedKg: round(kg), co2eAvoidedKg: round(co2), byCategory, source: IMPACT_SOURCE };
}

/** A weight typed in grams instead of kg is the classic mistake: refuse what no device here weighs. */
export const MAX_DEVICE_KG = 150;

export interface OrdsRow {
  id: string;
  data_provider: string;
  country: string;
  partner_product_category: string;
  product_category: string;
  product_category_id: string;
  brand: string;
  year_of_manufacture: string;
  product_age: string;
  repair_status: string;
  repair_barrier_if_end_of_life: string;
  group_identifier: string;
  event_date: string;
  problem: string;
  record_date: string;
}

/** ORDS is comma-separated (RFC 4180), written by the app's one CSV writer. */
export function ordsCsvHeader(): string {
  return csvLine([...ORDS_FIELDS], RFC4180);
}

export function ordsCsvLine(row: OrdsRow): string {
  return csvLine(
    ORDS_FIELDS.map((f) => row[f]),
    RFC4180,
  );
}

/** Problem text without e-mail addresses or phone numbers (ORDS: no personal data). */
export function scrubPersonalData(text: string): string {
  return text
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '[email]')
    .replace(/(\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}/g, '[tél]')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Product age in years (one decimal) at the event date. */
export function productAge(year: number | null, eventDate: string): string {
  if (!year) return '';
  const [y, m] = eventDate.split('-').map(Number);
  const age = y + (m - 1) / 12 - year;
  return age >= 0 ? age.toFixed(1) : '';
}
