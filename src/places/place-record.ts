import { csvCell, RFC4180 } from '../common/csv';
import type { PlaceSettings } from './entities/place-settings.entity';
import { osmOpeningHours, WeeklyHours } from './opening-hours';
import { MULTI_VALUE_SEPARATOR, PHONE_PATTERN, PLACE_COLUMNS, PlaceColumn } from './places-standard';

/** Who collected the data (`source`): this software, on behalf of each site that filled its own record. */
export const PLACES_SOURCE = 'Fablab Ops';

/** One place as the standard writes it: every column, text (`''` when empty), multi-values joined with `|`. */
export type PlaceRecord = Record<PlaceColumn, string>;

export interface PlaceInputs {
  site: { id: string; name: string };
  settings: PlaceSettings;
  hours: WeeklyHours;
  /** Today on the site's clock (closed days before it are left out of `horaires`). */
  today: string;
  /** The day the record was last changed, on the site's clock (`date_maj`). */
  updatedOn: string;
}

const joined = (values: readonly string[]) => values.join(MULTI_VALUE_SEPARATOR);
/** Coordinates with at most 6 decimals (about 10 cm), dot decimal as the standard wants. */
const coordinate = (v: number | null) => (v === null || v === undefined ? '' : String(Math.round(v * 1e6) / 1e6));

export function placeRecord({ site, settings: s, hours, today, updatedOn }: PlaceInputs): PlaceRecord {
  return {
    id: site.id,
    pivot: s.pivot ?? '',
    nom: site.name,
    commune: s.commune,
    code_postal: s.postalCode,
    code_insee: s.inseeCode ?? '',
    adresse: s.address,
    complement_adresse: s.addressComplement,
    latitude: coordinate(s.latitude),
    longitude: coordinate(s.longitude),
    typologie: joined(s.typologies),
    telephone: s.phone ?? '',
    courriels: joined(s.emails),
    site_web: joined(s.websites),
    horaires: osmOpeningHours(hours, today),
    presentation_resume: s.summary,
    presentation_detail: s.details,
    source: PLACES_SOURCE,
    itinerance: joined(s.roaming),
    structure_parente: s.parent,
    date_maj: updatedOn,
    services: joined(s.services),
    publics_specifiquement_adresses: joined(s.publics),
    prise_en_charge_specifique: joined(s.specificSupport),
    frais_a_charge: joined(s.fees),
    dispositif_programmes_nationaux: joined(s.programmes),
    formations_labels: joined(s.trainingLabels),
    autres_formations_labels: s.otherLabels,
    modalites_acces: joined(s.accessModes),
    modalites_accompagnement: joined(s.supportModes),
    fiche_acces_libre: s.accessLibreUrl ?? '',
    prise_rdv: s.bookingUrl ?? '',
  };
}

/**
 * The CSV the standard asks for: UTF-8 without BOM, comma-separated (RFC 4180), every column in
 * order with its exact name. Cells go through the app's one cell writer (a text a spreadsheet would
 * run as a formula is defused), except the telephone: already checked against the standard's
 * pattern (`+` and digits only), it must stay as the standard writes it.
 */
export function placesCsv(records: PlaceRecord[]): string {
  const line = (cells: string[]) => `${cells.join(RFC4180.separator)}\r\n`;
  const cell = (r: PlaceRecord, c: PlaceColumn) => (c === 'telephone' && PHONE_PATTERN.test(r[c]) ? r[c] : csvCell(r[c], RFC4180.separator));
  return line([...PLACE_COLUMNS]) + records.map((r) => line(PLACE_COLUMNS.map((c) => cell(r, c)))).join('');
}

/**
 * The JSON form: the same field names, one object per place; empty fields are left out, latitude
 * and longitude are numbers, multi-values stay joined with `|` as in the CSV (one reader for both).
 */
export function placeJson(r: PlaceRecord): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const c of PLACE_COLUMNS) {
    if (r[c] === '') continue;
    out[c] = c === 'latitude' || c === 'longitude' ? Number(r[c]) : r[c];
  }
  return out;
}
