import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { decimalComma } from '../../common/input-rules';
import { said } from '../../common/validation';
import {
  ACCESS_MODES,
  FEES,
  INSEE_PATTERN,
  NATIONAL_PROGRAMMES,
  PHONE_PATTERN,
  POSTAL_CODE_PATTERN,
  PUBLICS,
  ROAMING,
  SERVICES,
  SPECIFIC_SUPPORT,
  SUMMARY_MAX,
  SUPPORT_MODES,
  TRAINING_LABELS,
  TYPOLOGIES,
} from '../places-standard';

const URL_RULE = { protocols: ['http', 'https'], require_protocol: true };
const oneOf = (list: readonly string[], fr: string, en: string) =>
  IsIn(list, { each: true, message: said(`${fr} : valeur hors de la liste nationale`, `${en}: value not in the national list`) });
/** « 02 98 00 00 00 » or « 02.98.00.00.00 » as typed in France becomes +33298000000; other forms are checked as they come. */
function internationalPhone({ value }: { value: unknown }): unknown {
  if (typeof value !== 'string') return value;
  const bare = value.replace(/[\s.\-()]/g, '');
  if (bare === '') return null;
  return /^0\d{9}$/.test(bare) ? `+33${bare.slice(1)}` : bare;
}
/** An empty text sent by a form means « none ». */
const emptyIsNull = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() === '' ? null : typeof value === 'string' ? value.trim() : value;

/**
 * A site's public record in the national places standard (src/places/places-standard.ts): sent
 * whole each time (what is left out is emptied). `published: true` also requires what the
 * standard requires (SIRET or RNA, street, postal code, commune) and at least one service.
 */
export class PlaceSettingsDto {
  /** « Publier » : in /api/places.csv, /api/places.json and on the map /lieux. @example true */
  @IsBoolean({ message: said('« published » : oui ou non (true/false)', '“published”: true or false') }) published: boolean;

  /** SIRET (14 chiffres), à défaut RNA (W suivi de 9 caractères). @example "13002526500013" */
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.replace(/\s/g, '').toUpperCase() || null : value))
  @Matches(/^(\d{14}|W[0-9A-Z]{9})$/, {
    message: said('SIRET (14 chiffres) ou RNA (W suivi de 9 caractères) attendu', 'SIRET (14 digits) or RNA (W and 9 characters) expected'),
  })
  pivot?: string | null;

  /** La voie : numéro, type et nom. @example "12 rue de Siam" */
  @IsOptional() @IsString() @MaxLength(300) address?: string;
  /** @example "2e étage, porte B" */
  @IsOptional() @IsString() @MaxLength(300) addressComplement?: string;
  /** @example "Brest" */
  @IsOptional() @IsString() @MaxLength(150) commune?: string;
  /** @example "29200" */
  @IsOptional()
  @Transform(emptyIsNull)
  @Matches(POSTAL_CODE_PATTERN, { message: said('Code postal : 5 chiffres (ex. 29200)', 'Postal code: 5 digits (e.g. 29200)') })
  postalCode?: string | null;
  /** Code officiel de la commune (COG). @example "29019" */
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() || null : value))
  @Matches(INSEE_PATTERN, { message: said('Code Insee : 5 caractères (ex. 29019, 2A004)', 'INSEE code: 5 characters (e.g. 29019, 2A004)') })
  inseeCode?: string | null;
  /** WGS84. @example 48.3904 */
  @IsOptional()
  @Transform(decimalComma)
  @IsNumber({}, { message: said('Latitude : nombre décimal (ex. 48,3904)', 'Latitude: a decimal number (e.g. 48.3904)') })
  @Min(-90, { message: said('Latitude : entre -90 et 90', 'Latitude: between -90 and 90') })
  @Max(90, { message: said('Latitude : entre -90 et 90', 'Latitude: between -90 and 90') })
  latitude?: number | null;
  /** WGS84. @example -4.4861 */
  @IsOptional()
  @Transform(decimalComma)
  @IsNumber({}, { message: said('Longitude : nombre décimal (ex. -4,4861)', 'Longitude: a decimal number (e.g. -4.4861)') })
  @Min(-180, { message: said('Longitude : entre -180 et 180', 'Longitude: between -180 and 180') })
  @Max(180, { message: said('Longitude : entre -180 et 180', 'Longitude: between -180 and 180') })
  longitude?: number | null;

  /** Codes de typologie (data·inclusion). @example ["EPN", "FABLAB"] */
  @IsOptional() @IsArray() @ArrayUnique() @ArrayMaxSize(10) @oneOf(TYPOLOGIES, 'Typologie', 'Typology') typologies?: string[];

  /** Format international sans espace (+33…) ; « 02 98 00 00 00 » est accepté. @example "+33298000000" */
  @IsOptional()
  @Transform(internationalPhone)
  @Matches(PHONE_PATTERN, {
    message: said(
      'Téléphone : format international sans espace (ex. +33298000000) ou 10 chiffres (02 98 00 00 00)',
      'Phone: international form (e.g. +33298000000)',
    ),
  })
  phone?: string | null;
  /** @example ["contact@fablab.example"] */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsEmail({}, { each: true, message: said('Courriel : adresse e-mail invalide', 'E-mail: invalid address') })
  emails?: string[];
  /** @example ["https://fablab.example"] */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsUrl(URL_RULE, { each: true, message: said('Site web : adresse commençant par https:// attendue', 'Website: an address starting with https:// expected') })
  @Matches(/^[^|]*$/, { each: true, message: said('Site web : pas de « | » dans une adresse', 'Website: no “|” in an address') })
  websites?: string[];

  /** 280 caractères au plus. @example "Fab lab associatif : impression 3D, découpe laser, ateliers numériques." */
  @IsOptional()
  @IsString()
  @MaxLength(SUMMARY_MAX, { message: said(`Présentation courte : ${SUMMARY_MAX} caractères au plus`, `Short presentation: ${SUMMARY_MAX} characters at most`) })
  summary?: string;
  /** @example "Ateliers d’initiation le mercredi, permanence d’aide aux démarches le samedi matin." */
  @IsOptional() @IsString() @MaxLength(5000) details?: string;
  /** @example ["Fixe"] */
  @IsOptional() @IsArray() @ArrayUnique() @oneOf(ROAMING, 'Itinérance', 'Roaming') roaming?: string[];
  /** Le réseau ou la structure dont le lieu fait partie. @example "Réseau des fab labs de Bretagne" */
  @IsOptional() @IsString() @MaxLength(200) parent?: string;

  /** @example ["Loisirs et créations numériques", "Maîtrise des outils numériques du quotidien"] */
  @IsOptional() @IsArray() @ArrayUnique() @oneOf(SERVICES, 'Services', 'Services') services?: string[];
  /** @example ["Jeunes", "Seniors"] */
  @IsOptional() @IsArray() @ArrayUnique() @oneOf(PUBLICS, 'Publics', 'Publics') publics?: string[];
  /** @example ["Handicaps moteurs"] */
  @IsOptional() @IsArray() @ArrayUnique() @oneOf(SPECIFIC_SUPPORT, 'Prise en charge spécifique', 'Specific support') specificSupport?: string[];
  /** @example ["Gratuit sous condition"] */
  @IsOptional() @IsArray() @ArrayUnique() @oneOf(FEES, 'Frais', 'Fees') fees?: string[];
  /** Labels et programmes nationaux. @example ["Conseillers numériques"] */
  @IsOptional() @IsArray() @ArrayUnique() @oneOf(NATIONAL_PROGRAMMES, 'Labels nationaux', 'National labels') programmes?: string[];
  /** @example ["Fabriques de Territoire"] */
  @IsOptional() @IsArray() @ArrayUnique() @oneOf(TRAINING_LABELS, 'Formations et labels', 'Training labels') trainingLabels?: string[];
  /** Autres labels, texte libre. @example "Label Tiers-lieux de Bretagne" */
  @IsOptional() @IsString() @Length(0, 500) otherLabels?: string;
  /** @example ["Se présenter", "Téléphoner"] */
  @IsOptional() @IsArray() @ArrayUnique() @oneOf(ACCESS_MODES, 'Modalités d’accès', 'Access modes') accessModes?: string[];
  /** @example ["En autonomie", "Dans un atelier collectif"] */
  @IsOptional() @IsArray() @ArrayUnique() @oneOf(SUPPORT_MODES, 'Modalités d’accompagnement', 'Support modes') supportModes?: string[];
  /** Page du lieu sur acceslibre. @example "https://acceslibre.beta.gouv.fr/app/29-brest/a/fablab/erp/fablab-demo/" */
  @IsOptional()
  @Transform(emptyIsNull)
  @IsUrl(URL_RULE, {
    message: said('Fiche acceslibre : adresse commençant par https:// attendue', 'acceslibre page: an address starting with https:// expected'),
  })
  @MaxLength(500)
  accessLibreUrl?: string | null;
  /** Prise de rendez-vous en ligne. @example "https://fablab.example/rdv" */
  @IsOptional()
  @Transform(emptyIsNull)
  @IsUrl(URL_RULE, { message: said('Prise de rendez-vous : adresse commençant par https:// attendue', 'Booking: an address starting with https:// expected') })
  @MaxLength(500)
  bookingUrl?: string | null;
}
