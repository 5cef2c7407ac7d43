import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { decimalComma, IsEuros } from '../../common/input-rules';
import { PageQuery, SiteQuery } from '../../common/query.dto';
import { MACHINE_TYPES } from '../../machines/machine-types';
import { PLAN_PERIODS, PlanPeriod } from '../entities/membership-plan.entity';

const CATEGORY = /^(\*|[a-z0-9_-]{1,40})$/;
const CATEGORY_REASON = 'catégorie : * (tout le monde) ou un code de la liste de prix (minuscules, chiffres, _ ou -, ex. demandeur_emploi)';

/** POST /api/memberships/plans: a plan and its price for everyone; other categories' prices are set one by one. */
export class CreatePlanDto {
  /** @example "5d1f6a3c-2b4e-4f8a-9c7d-1e2f3a4b5c6d" */
  @IsOptional() @IsUUID() siteId?: string;
  /** @example "Adhésion individuelle" */
  @IsString() @Length(1, 120, { message: 'nom : 1 à 120 caractères' }) name: string;
  /**
   * calendar_year: du 1er janvier au 31 décembre ; moving_year: un an à partir du paiement.
   * @example "calendar_year"
   */
  @IsIn(PLAN_PERIODS, { message: 'période : calendar_year (année civile) ou moving_year (année glissante)' }) period: PlanPeriod;
  /** Prix pour tout le monde, en euros. @example "20,00" */
  @IsEuros('Prix', 10_000) priceEuros: number;
  /**
   * Adhésion d'une entreprise, qui couvre plusieurs personnes.
   * @example false
   */
  @IsOptional() @IsBoolean() forCompany?: boolean;
  /** @example 5 */
  @IsOptional() @IsInt({ message: 'nombre de membres : un entier' }) @Min(1) @Max(1000) maxMembers?: number;
}

/** PUT /api/memberships/plans/:id/prices: the price of one category (`*` is everyone). */
export class SetPlanPriceDto {
  /** @example "demandeur_emploi" */
  @Matches(CATEGORY, { message: CATEGORY_REASON }) category: string;
  /** @example "5,00" */
  @IsEuros('Prix', 10_000) priceEuros: number;
}

/** PATCH /api/memberships/plans/:id. */
export class UpdatePlanDto {
  /** @example "Adhésion individuelle" */
  @IsOptional() @IsString() @Length(1, 120) name?: string;
  /**
   * false: no longer offered (memberships already taken stay).
   * @example false
   */
  @IsOptional() @IsBoolean() active?: boolean;
}

/** PUT /api/memberships/rules: what the site asks of its members. */
export class MembershipRulesDto {
  /** @example "5d1f6a3c-2b4e-4f8a-9c7d-1e2f3a4b5c6d" */
  @IsOptional() @IsUUID() siteId?: string;
  /** @example true */
  @IsBoolean() requiredToBook: boolean;
  /** @example true */
  @IsBoolean() requiredToUnlock: boolean;
}

/** POST /api/memberships: asking to join (pending until paid). */
export class JoinDto {
  /** @example "3b8e1c2d-4f5a-4b6c-9d7e-8f9a0b1c2d3e" */
  @IsUUID() planId: string;
  /**
   * Staff only: for whom (default: oneself).
   * @example "0b9e3c1a-7f2d-4e6b-8a5c-3d2e1f0a9b8c"
   */
  @IsOptional() @IsUUID() personId?: string;
  /** For a calendar-year plan: the year (default: this year on the site's clock). @example 2027 */
  @IsOptional() @IsInt() @Min(2000) @Max(2100) year?: number;
  /** Required for a company plan. @example "Menuiserie Dubois SARL" */
  @IsOptional() @IsString() @Length(1, 200) companyName?: string;
}

/** POST /api/memberships/:id/members. */
export class AddMemberDto {
  /** @example "0b9e3c1a-7f2d-4e6b-8a5c-3d2e1f0a9b8c" */
  @IsUUID() personId: string;
}

/** GET /api/memberships. */
export class MembershipsQuery extends SiteQuery {
  /** Only those ending within this many days (current ones). @example 30 */
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(0)
  @Max(366)
  endingWithinDays?: number;
}

/** POST /api/packs/offers. */
export class CreatePackOfferDto {
  /** @example "5d1f6a3c-2b4e-4f8a-9c7d-1e2f3a4b5c6d" */
  @IsOptional() @IsUUID() siteId?: string;
  /** @example "Pack 10 h découpe laser" */
  @IsString() @Length(1, 120, { message: 'nom : 1 à 120 caractères' }) name: string;
  /**
   * One machine… (or machineType, not both)
   * @example "7c4a2f1e-9b3d-4a6c-8e5f-2d1c0b9a8e7f"
   */
  @IsOptional() @IsUUID() machineId?: string;
  /** …or any machine of a type. @example "laser" */
  @IsOptional() @IsIn(MACHINE_TYPES, { message: 'type de machine : laser, printer, cnc, other ou public_computer' }) machineType?: string;
  /** Hours in the pack (« 10 », « 1,5 »). @example "10" */
  @Transform(decimalComma) @IsNumber({ maxDecimalPlaces: 2 }, { message: 'heures : un nombre, par exemple 10 ou 1,5' }) @Min(0.25) @Max(1000) hours: number;
  /** @example "90,00" */
  @IsEuros('Prix', 100_000) priceEuros: number;
  /** TVA en % (0 par défaut : franchise ou activité exonérée). @example "20" */
  @IsOptional()
  @Transform(decimalComma)
  @IsNumber({ maxDecimalPlaces: 2 }, { message: 'TVA : un pourcentage, par exemple 20 ou 5,5' })
  @Min(0)
  @Max(100)
  vatPercent?: number;
  /** Days the pack stays valid from its payment. @example 365 */
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt({ message: 'validité : un nombre de jours' })
  @Min(1)
  @Max(3660)
  validityDays: number;
}

/** PATCH /api/packs/offers/:id. */
export class UpdatePackOfferDto {
  /** @example false */
  @IsOptional() @IsBoolean() active?: boolean;
}

/** POST /api/packs: asking for a pack (pending until paid). */
export class BuyPackDto {
  /** @example "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d" */
  @IsUUID() offerId: string;
  /**
   * Staff only: for whom (default: oneself).
   * @example "0b9e3c1a-7f2d-4e6b-8a5c-3d2e1f0a9b8c"
   */
  @IsOptional() @IsUUID() personId?: string;
}

/** /memberships/admin and /adhesion: an admin picks the site. */
export class MembershipPageQuery extends PageQuery {
  @IsOptional() @IsUUID() siteId?: string;
}
