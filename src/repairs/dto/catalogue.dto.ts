import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { IsEuros } from '../../common/input-rules';
import { PageQuery, SiteQuery } from '../../common/query.dto';
import { said } from '../../common/validation';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** A phone number (digits, spaces, dots, dashes, a leading +) or an e-mail address. */
const CONTACT = /^(\+?[0-9][0-9 .\-()]{5,24}|[^\s@]+@[^\s@]+\.[^\s@]+)$/;

/** POST /api/catalogue/:slug/requests — the public request form. */
export class CatalogueRequestDto {
  /** L'appareil demandé (un par demande). @example "5d1f6a3c-2b4e-4f8a-9c7d-1e2f3a4b5c6d" */
  @IsUUID('all', { message: said("Choisissez l'appareil dans le catalogue.", 'Pick the device in the catalogue.') }) deviceId: string;
  /** Comment vous appeler quand l'appareil est prêt. @example "Samia" */
  @Transform(trim)
  @IsString({ message: said('Votre nom ou prénom est attendu.', 'Your name is expected.') })
  @Length(1, 120, { message: said('Votre nom ou prénom : entre 1 et 120 caractères.', 'Your name: 1 to 120 characters.') })
  name: string;
  /** Un téléphone ou une adresse e-mail pour vous prévenir. @example "06 12 34 56 78" */
  @Transform(trim)
  @IsString({ message: said('Un téléphone ou un e-mail est attendu.', 'A phone number or an e-mail is expected.') })
  @Matches(CONTACT, {
    message: said('Téléphone (06 12 34 56 78) ou e-mail (nom@exemple.fr) attendu.', 'Phone number (06 12 34 56 78) or e-mail (name@example.org) expected.'),
  })
  contact: string;
  /**
   * Les situations cochées parmi les critères du lieu (chacune vaut « oui ») : aucun justificatif, aucun numéro.
   * @example ["job_seeker"]
   */
  @IsOptional()
  @IsArray({ message: said('Liste des situations cochées attendue.', 'List of ticked situations expected.') })
  @ArrayMaxSize(20)
  @Matches(/^[a-z0-9_]{1,60}$/, { each: true, message: said('Situation non reconnue.', 'Unknown situation.') })
  eligibility?: string[];
}

/** PUT /api/repairs/devices/:id/listing. */
export class ListingDto {
  /** true : dans le catalogue public (appareil prêt seulement) ; false : retiré. @example true */
  @IsBoolean({ message: said('« listed » : true ou false attendu.', '« listed »: true or false expected.') }) listed: boolean;
}

/** POST /api/repairs/requests/:id/reserve. */
export class ReserveDto {
  /** Un autre appareil prêt du lieu que celui demandé (par défaut : celui demandé). @example "5d1f6a3c-2b4e-4f8a-9c7d-1e2f3a4b5c6d" */
  @IsOptional() @IsUUID() deviceId?: string;
}

/** POST /api/repairs/requests/:id/release — defaults: the device's price, a sale if above 0, else a donation. */
export class RequestReleaseDto {
  /** @example "donation" */
  @IsOptional() @IsIn(['sale', 'donation']) mode?: 'sale' | 'donation';
  /** Prix en euros (« 45,00 », « 0 » pour un don) ; par défaut celui de l'appareil. @example "45,00" */
  @IsOptional() @IsEuros('Prix', 10_000) priceEuros?: number;
  /** Le critère vérifié, parmi ceux que la personne a cochés (par défaut le premier). @example "job_seeker" */
  @IsOptional() @IsString() @Matches(/^[a-z0-9_]{1,60}$/) eligibilityCriterion?: string;
  /** @example 6 */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(60) warrantyMonths?: number;
}

export const REQUEST_VIEWS = ['open', 'closed'] as const;

/** GET /api/repairs/requests. */
export class RequestsQuery extends SiteQuery {
  /** « open » (en attente et réservées, par défaut) ou « closed » (remises et annulées). */
  @IsOptional()
  @IsIn([...REQUEST_VIEWS], { message: said('« view » : « open » ou « closed » attendu.', '« view »: « open » or « closed » expected.') })
  view?: (typeof REQUEST_VIEWS)[number];
}

/** GET /api/catalogue/:slug. */
export class CatalogueQuery {
  /** Langue des mots rendus (grade, prix, caractéristiques) : « fr » par défaut. */
  @IsOptional() @IsIn(['fr', 'en']) lang?: 'fr' | 'en';
}

/** GET /repairs/requests. */
export class RequestsPageQuery extends PageQuery {
  @IsOptional() @IsIn([...REQUEST_VIEWS]) view?: (typeof REQUEST_VIEWS)[number];
}
