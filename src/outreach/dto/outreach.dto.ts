import { OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { IsDay } from '../../common/input-rules';
import { RecordActivityDto } from '../../mediation/dto/mediation.dto';

const POSTAL = { message: 'Code postal : 5 chiffres (ex. 29200).' };
const INSEE = { message: 'Code Insee de la commune : 5 caractères (ex. 29019, 2A004).' };
const HOUR = { message: 'Heure au format HH:MM (ex. 09:30).' };
export const HOUR_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;
export const MAX_CAPACITY = 500;

/** POST /api/outreach/stops: a stop of the itinerary. */
export class CreateStopDto {
  /** @example "5d1f6a3c-2b4e-4f8a-9c7d-1e2f3a4b5c6d" */
  @IsOptional() @IsUUID() siteId?: string;
  /** @example "Mairie annexe de Saint-Pierre" */
  @IsString() @Length(2, 200) placeName: string;
  /** @example "12 rue de la Mairie" */
  @IsString() @Length(2, 300) address: string;
  /** @example "Brest" */
  @IsString() @Length(1, 120) commune: string;
  /** @example "29200" */
  @Matches(/^\d{5}$/, POSTAL) postalCode: string;
  /** The commune's INSEE code. @example "29019" */
  @Matches(/^(\d{5}|2[AB]\d{3})$/, INSEE) inseeCode: string;
  /** Day on the site's clock. @example "2026-12-12" */
  @IsDay() date: string;
  /** @example "09:30" */
  @Matches(HOUR_PATTERN, HOUR) startsAt: string;
  /** @example "12:00" */
  @Matches(HOUR_PATTERN, HOUR) endsAt: string;
  /** How many people may sign up. @example 8 */
  @Type(() => Number)
  @IsInt()
  @Min(1, { message: 'Places : 1 au moins.' })
  @Max(MAX_CAPACITY, { message: `Places : ${MAX_CAPACITY} au plus.` })
  capacity: number;
  /** The mobile unit, when it is one. @example "Numéribus" */
  @IsOptional() @IsString() @Length(1, 80) vehicle?: string;
  /** What the public page says. @example "Aide aux démarches en ligne, apportez vos papiers." */
  @IsOptional() @IsString() @Length(1, 1000) details?: string;
}

/** PATCH /api/outreach/stops/:id: any field changed. */
export class UpdateStopDto extends PartialType(OmitType(CreateStopDto, ['siteId'] as const)) {}

/** POST /api/outreach/public/stops/:id/signups: someone of the public signs up. */
export class SignupDto {
  /** @example "Jeanne Le Goff" */
  @IsString() @Length(2, 120, { message: 'Nom : 2 à 120 caractères.' }) name: string;
  /** A phone number (French or international). @example "06 12 34 56 78" */
  @IsOptional()
  @IsString()
  @Matches(/^\+?[0-9 .-]{8,20}$/, { message: 'Téléphone : des chiffres (ex. 06 12 34 56 78 ou +262 692 12 34 56).' })
  phone?: string;
  /** @example "jeanne.legoff@example.org" */
  @IsOptional() @IsEmail({}, { message: 'Adresse e-mail invalide (ex. nom@exemple.fr).' }) @Length(3, 254) email?: string;
}

/** POST /api/outreach/stops/:id/loans: equipment of the site's stock taken to the stop. */
export class LendDto {
  /** @example "6f5e4d3c-2b1a-4f0e-9d8c-7b6a5f4e3d2c" */
  @IsUUID() partId: string;
  /** Where it is taken from (and comes back to). @example "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f" */
  @IsUUID() locationId: string;
  /** @example 2 */
  @Type(() => Number) @IsInt() @Min(1, { message: 'Quantité : 1 au moins.' }) @Max(1000) quantity: number;
}

/** POST /api/outreach/stops/:id/loans/:loanId/return: equipment checked back in. */
export class ReturnDto {
  /** Units back (default: all still out). @example 2 */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1000) returned?: number;
  /** Units that will not come back (lost, broken). @example 0 */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1000) lost?: number;
}

/**
 * POST /api/outreach/stops/:id/activities: an accompaniment or workshop logged at the stop, as the
 * mediation log takes it, without the place (the stop's: « Autre lieu », its name, address,
 * commune and codes) and with the stop's day unless another is given. The `id` is the phone's:
 * sent twice, it is logged once.
 */
export class StopActivityDto extends OmitType(RecordActivityDto, [
  'siteId',
  'date',
  'placeType',
  'placeName',
  'placeAddress',
  'placeCommune',
  'placePostalCode',
  'placeInseeCode',
] as const) {
  /** Defaults to the stop's day. @example "2026-12-12" */
  @IsOptional() @IsDay() date?: string;
}

/** GET /api/outreach/stops: a period of the itinerary (default: from 30 days ago on). */
export class StopsQuery {
  /** @example "5d1f6a3c-2b4e-4f8a-9c7d-1e2f3a4b5c6d" */
  @IsOptional() @IsUUID() siteId?: string;
  /** @example "2026-12-01" */
  @IsOptional() @IsDay() from?: string;
  /** @example "2026-12-31" */
  @IsOptional() @IsDay() to?: string;
}
