import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsDay } from '../../common/input-rules';
import {
  ACTIVITY_TYPES,
  AGE_BANDS,
  AUTONOMY,
  EQUIPMENT,
  GENDERS,
  MAX_ANONYMOUS,
  PLACE_TYPES,
  REDIRECTIONS,
  SOCIAL_STATUSES,
  TOPICS,
  WORKSHOP_LEVELS,
} from '../national';
import type { ActivityType, AgeBand, Autonomy, Equipment, Gender, PlaceType, Redirection, SocialStatus, Topic, WorkshopLevel } from '../national';

const POSTAL = { message: 'Code postal : 5 chiffres (ex. 29200).' };
const INSEE = { message: 'Code Insee : 5 caractères (ex. 29019, 2A004).' };
const CURRENT_YEAR = new Date().getFullYear();

/** How many men and women among a workshop's anonymous participants (the rest: not given). */
export class GenderCountsDto {
  /** @example 3 */
  @IsOptional() @IsInt() @Min(0) @Max(MAX_ANONYMOUS) masculin?: number;
  /** @example 4 */
  @IsOptional() @IsInt() @Min(0) @Max(MAX_ANONYMOUS) feminin?: number;
}

/** Anonymous participants by age band (the rest: not given). */
export class AgeBandCountsDto {
  /** @example 0 */
  @IsOptional() @IsInt() @Min(0) @Max(MAX_ANONYMOUS) moins_de_douze?: number;
  /** @example 0 */
  @IsOptional() @IsInt() @Min(0) @Max(MAX_ANONYMOUS) douze_dix_huit?: number;
  /** @example 1 */
  @IsOptional() @IsInt() @Min(0) @Max(MAX_ANONYMOUS) dix_huit_vingt_quatre?: number;
  /** @example 2 */
  @IsOptional() @IsInt() @Min(0) @Max(MAX_ANONYMOUS) vingt_cinq_trente_neuf?: number;
  /** @example 2 */
  @IsOptional() @IsInt() @Min(0) @Max(MAX_ANONYMOUS) quarante_cinquante_neuf?: number;
  /** @example 1 */
  @IsOptional() @IsInt() @Min(0) @Max(MAX_ANONYMOUS) soixante_soixante_neuf?: number;
  /** @example 1 */
  @IsOptional() @IsInt() @Min(0) @Max(MAX_ANONYMOUS) soixante_dix_plus?: number;
}

/** Anonymous participants by social status (the rest: not given or mixed). */
export class StatusCountsDto {
  /** @example 0 */
  @IsOptional() @IsInt() @Min(0) @Max(MAX_ANONYMOUS) scolarise?: number;
  /** @example 3 */
  @IsOptional() @IsInt() @Min(0) @Max(MAX_ANONYMOUS) sans_emploi?: number;
  /** @example 1 */
  @IsOptional() @IsInt() @Min(0) @Max(MAX_ANONYMOUS) en_emploi?: number;
  /** @example 2 */
  @IsOptional() @IsInt() @Min(0) @Max(MAX_ANONYMOUS) retraite?: number;
}

/** A workshop's participants counted, not named (« participants anonymes »). */
export class AnonymousCountersDto {
  /** @example 7 */
  @IsInt() @Min(0) @Max(MAX_ANONYMOUS) total: number;
  /** Already accompanied before (returning). @example 2 */
  @IsOptional() @IsInt() @Min(0) @Max(MAX_ANONYMOUS) alreadyAccompanied?: number;
  /** @example {"masculin": 3, "feminin": 4} */
  @IsOptional() @ValidateNested() @Type(() => GenderCountsDto) genders?: GenderCountsDto;
  /** @example {"vingt_cinq_trente_neuf": 2, "soixante_dix_plus": 1} */
  @IsOptional() @ValidateNested() @Type(() => AgeBandCountsDto) ageBands?: AgeBandCountsDto;
  /** @example {"sans_emploi": 3, "retraite": 2} */
  @IsOptional() @ValidateNested() @Type(() => StatusCountsDto) statuses?: StatusCountsDto;
}

/**
 * POST /api/mediation/activities: one accompaniment or workshop, in the national report's codes.
 * The rules between fields (a commune for a home visit, sub-domains only under administrative
 * help…) are the service's, with French reasons.
 */
export class RecordActivityDto {
  /** The client's id for this activity (an offline queue sends it again safely). @example "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f" */
  @IsOptional() @IsUUID() id?: string;
  /** @example "5d1f6a3c-2b4e-4f8a-9c7d-1e2f3a4b5c6d" */
  @IsOptional() @IsUUID() siteId?: string;
  /** @example "individuel" */
  @IsIn(ACTIVITY_TYPES) type: ActivityType;
  /** @example "2026-11-30" */
  @IsDay() date: string;
  /** Minutes. @example 45 */
  @IsInt() @Min(1, { message: 'Durée : 1 minute au moins.' }) @Max(1440, { message: 'Durée : 24 heures au plus.' }) durationMinutes: number;
  /** @example "lieu_activite" */
  @IsIn(PLACE_TYPES) placeType: PlaceType;
  /** « Autre lieu » only: the place's name (« Nom du lieu »). @example "Mairie annexe de Saint-Pierre" */
  @IsOptional() @IsString() @Length(1, 200) placeName?: string;
  /** « Autre lieu » only: its street address (« Adresse »). @example "12 rue de la Mairie" */
  @IsOptional() @IsString() @Length(1, 300) placeAddress?: string;
  /** @example "Brest" */
  @IsOptional() @IsString() @Length(1, 120) placeCommune?: string;
  /** @example "29200" */
  @IsOptional() @Matches(/^\d{5}$/, POSTAL) placePostalCode?: string;
  /** @example "29019" */
  @IsOptional() @Matches(/^(\d{5}|2[AB]\d{3})$/, INSEE) placeInseeCode?: string;
  /** @example ["ordinateur"] */
  @IsOptional() @IsArray() @ArrayUnique() @IsIn(EQUIPMENT, { each: true }) equipment?: Equipment[];
  /** @example ["aide_aux_demarches_administratives", "social_sante"] */
  @IsArray() @ArrayMinSize(1, { message: 'Choisissez au moins une thématique.' }) @ArrayUnique() @IsIn(TOPICS, { each: true }) topics: Topic[];
  /** @example "Demande de RSA" */
  @IsOptional() @IsString() @Length(1, 300) procedureName?: string;
  /** An Aidants Connect mandate was used. @example false */
  @IsOptional() @IsBoolean() mandateUsed?: boolean;
  /** @example "partiellement_autonome" */
  @IsOptional() @IsIn(AUTONOMY) autonomy?: Autonomy;
  /** @example true */
  @IsOptional() @IsBoolean() redirected?: boolean;
  /** @example "aide_sociale" */
  @IsOptional() @IsIn(REDIRECTIONS) redirectedTo?: Redirection;
  /** @example "Découvrir sa messagerie" */
  @IsOptional() @IsString() @Length(1, 200) workshopTitle?: string;
  /** @example "debutant" */
  @IsOptional() @IsIn(WORKSHOP_LEVELS) workshopLevel?: WorkshopLevel;
  /** @example "À revoir pour la déclaration trimestrielle" */
  @IsOptional() @IsString() @Length(1, 2000) notes?: string;
  /** Individual, followed person (consent recorded). @example "0b9e3c1a-7f2d-4e6b-8a5c-3d2e1f0a9b8c" */
  @IsOptional() @IsUUID() personId?: string;
  /** Individual, anonymous. @example "feminin" */
  @IsOptional() @IsIn(GENDERS) gender?: Gender;
  /** Individual, anonymous: the age band is derived from it. @example 1961 */
  @IsOptional() @IsInt() @Min(1900) @Max(CURRENT_YEAR) birthYear?: number;
  /** @example "retraite" */
  @IsOptional() @IsIn(SOCIAL_STATUSES) socialStatus?: SocialStatus;
  /** @example "Brest" */
  @IsOptional() @IsString() @Length(1, 120) beneficiaryCommune?: string;
  /** @example "29200" */
  @IsOptional() @Matches(/^\d{5}$/, POSTAL) beneficiaryPostalCode?: string;
  /** @example "29019" */
  @IsOptional() @Matches(/^(\d{5}|2[AB]\d{3})$/, INSEE) beneficiaryInseeCode?: string;
  /** Individual, anonymous: came before. @example false */
  @IsOptional() @IsBoolean() alreadyAccompanied?: boolean;
  /** Workshop: followed participants. @example ["0b9e3c1a-7f2d-4e6b-8a5c-3d2e1f0a9b8c"] */
  @IsOptional() @IsArray() @ArrayMaxSize(200) @ArrayUnique() @IsUUID('all', { each: true }) participantIds?: string[];
  /** Workshop: anonymous participants, counted. @example {"total": 7, "alreadyAccompanied": 2, "genders": {"feminin": 4}} */
  @IsOptional() @ValidateNested() @Type(() => AnonymousCountersDto) anonymous?: AnonymousCountersDto;
}

/** PUT /api/mediation/followed/:personId: follow a person by name, with their consent. */
export class FollowPersonDto {
  /** The person agreed to be followed by name (required, recorded with the date and who asked). @example true */
  @IsBoolean() consent: boolean;
  /** @example 1961 */
  @IsOptional() @IsInt() @Min(1900) @Max(CURRENT_YEAR) birthYear?: number;
  /** @example "feminin" */
  @IsOptional() @IsIn(GENDERS) gender?: Gender;
  /** @example "sans_emploi" */
  @IsOptional() @IsIn(SOCIAL_STATUSES) socialStatus?: SocialStatus;
  /** @example "Brest" */
  @IsOptional() @IsString() @Length(1, 120) commune?: string;
  /** @example "29200" */
  @IsOptional() @Matches(/^\d{5}$/, POSTAL) postalCode?: string;
  /** @example "29019" */
  @IsOptional() @Matches(/^(\d{5}|2[AB]\d{3})$/, INSEE) inseeCode?: string;
  /** The job-centre adviser's name. @example "M. Le Gall (France Travail Brest)" */
  @IsOptional() @IsString() @Length(1, 200) prescriberName?: string;
  /** @example "conseiller.legall@francetravail.example" */
  @IsOptional() @IsEmail({}, { message: 'E-mail du prescripteur invalide.' }) @Length(3, 254) prescriberEmail?: string;
  /** The person agreed that the prescriber be told of the plan's milestones. @example true */
  @IsOptional() @IsBoolean() prescriberConsent?: boolean;
}

/** Filters of the reports and exports (GET, all optional but the period). */
export class ReportQuery {
  /** @example "5d1f6a3c-2b4e-4f8a-9c7d-1e2f3a4b5c6d" */
  @IsOptional() @IsUUID() siteId?: string;
  /** @example "2026-01-01" */
  @IsOptional() @IsDay() from?: string;
  /** @example "2026-12-31" */
  @IsOptional() @IsDay() to?: string;
  /** @example "individuel" */
  @IsOptional() @IsIn(ACTIVITY_TYPES) type?: ActivityType;
  /** @example "domicile" */
  @IsOptional() @IsIn(PLACE_TYPES) placeType?: PlaceType;
  /** @example "email" */
  @IsOptional() @IsIn(TOPICS) topic?: Topic;
  /** @example "feminin" */
  @IsOptional() @IsIn(GENDERS) gender?: Gender;
  /** @example "soixante_dix_plus" */
  @IsOptional() @IsIn(AGE_BANDS) ageBand?: AgeBand;
  /** @example "retraite" */
  @IsOptional() @IsIn(SOCIAL_STATUSES) socialStatus?: SocialStatus;
}

/** The log's list: one site's days. */
export class LogQuery {
  /** @example "5d1f6a3c-2b4e-4f8a-9c7d-1e2f3a4b5c6d" */
  @IsOptional() @IsUUID() siteId?: string;
  /** @example "2026-11-01" */
  @IsOptional() @IsDay() from?: string;
  /** @example "2026-11-30" */
  @IsOptional() @IsDay() to?: string;
  /** Only this mediator's lines. @example true */
  @IsOptional() @IsIn(['true', 'false']) mine?: 'true' | 'false';
}
