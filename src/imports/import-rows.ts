import { headerKey } from './csv-reader';

export const IMPORT_KINDS = ['people', 'machines'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** Why a row would not be imported: its row as a spreadsheet numbers it (header = 1), the column (as headed in the file) and the reason, in French. */
export interface ImportReject {
  row: number;
  column: string;
  value: string;
  reason: string;
}

/**
 * The columns each import reads, by field: our own names first, then Fab-manager's (its members
 * export, « Membres » sheet, French headers: `app/views/exports/users_members.xlsx.axlsx` and
 * `config/locales/fr.yml` `export_members`). Headers are compared without accents, case or
 * punctuation (`headerKey`): « Prénom » and `prenom` are one column. Any other column is ignored,
 * and the check says which.
 */
export const COLUMNS: Record<ImportKind, Record<string, string[]>> = {
  people: {
    firstName: ['prenom'],
    lastName: ['nom'],
    email: ['courriel', 'email', 'e_mail'],
    role: ['role'],
    locale: ['langue'],
    badges: ['badges', 'badge'],
    trainings: ['formations', 'formations_validees'],
    passedOn: ['date_formations', 'date_formation'],
  },
  machines: {
    name: ['nom'],
    slug: ['identifiant', 'slug'],
    type: ['type'],
    maxSessionMinutes: ['duree_max_minutes'],
  },
};

/** The column required in each kind of file. */
export const REQUIRED: Record<ImportKind, string> = { people: 'firstName', machines: 'name' };

export interface HeaderMap {
  /** field → index of its column, and the column's name as the file heads it. */
  fields: Map<string, { index: number; header: string }>;
  ignored: string[];
}

export function mapHeaders(kind: ImportKind, headers: string[]): HeaderMap {
  const fields = new Map<string, { index: number; header: string }>();
  const ignored: string[] = [];
  headers.forEach((header, index) => {
    const key = headerKey(header);
    const field = Object.entries(COLUMNS[kind]).find(([, keys]) => keys.includes(key))?.[0];
    if (field && !fields.has(field)) fields.set(field, { index, header: header.trim() });
    else if (header.trim()) ignored.push(header.trim());
  });
  return { fields, ignored };
}

/** A machine type said in the file: our codes, or the French words a lab would write. */
const MACHINE_TYPE_WORDS: Record<string, 'laser' | 'printer' | 'cnc' | 'other'> = {
  laser: 'laser',
  decoupeuse_laser: 'laser',
  printer: 'printer',
  imprimante: 'printer',
  imprimante_3d: 'printer',
  cnc: 'cnc',
  fraiseuse: 'cnc',
  fraiseuse_numerique: 'cnc',
  other: 'other',
  autre: 'other',
};
export const machineTypeOf = (said: string) => MACHINE_TYPE_WORDS[headerKey(said)] ?? null;

/** « Découpeuse laser n°2 » → `decoupeuse-laser-n-2`: a machine's slug when the file gives none. */
export const slugOf = (name: string) => headerKey(name).replace(/_/g, '-').slice(0, 63);

/** A date as a French sheet or ISO writes it (JJ/MM/AAAA or AAAA-MM-JJ), as AAAA-MM-JJ; null if it is no real date. */
export function dayFrom(said: string): string | null {
  const fr = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(said);
  const iso = fr ? `${fr[3]}-${fr[2].padStart(2, '0')}-${fr[1].padStart(2, '0')}` : said;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return null;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : null;
}

/** A list in one cell: one item per line (Fab-manager's way), or separated by `|`. */
export const listIn = (cell: string) =>
  cell
    .split(/\r?\n|\|/)
    .map((s) => s.trim())
    .filter(Boolean);
