import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsDay, IsEuros } from '../../common/input-rules';
import { VAT_REGIMES, type VatRegime } from '../entities/invoice.entity';

export class SetBillingProfileDto {
  /** @example "5d1f6a3c-2b4e-4f8a-9c7d-1e2f3a4b5c6d" */
  @IsOptional() @IsUUID() siteId?: string;
  /** @example "Association Fab'Lab du Marché" */
  @IsString() @MinLength(2, { message: 'Raison sociale : 2 caractères au moins.' }) @MaxLength(200) legalName: string;
  /** @example "12 place du Marché, 35000 Rennes" */
  @IsOptional() @IsString() @MaxLength(400) address?: string;
  /** @example "12345678900012" */
  @IsOptional() @Matches(/^(\d{9}|\d{14})?$/, { message: '« siren » : SIREN (9 chiffres) ou SIRET (14 chiffres) attendu.' }) siren?: string;
  /** @example "FR12123456789" */
  @IsOptional() @Matches(/^([A-Z]{2}[0-9A-Z]{2,13})?$/, { message: 'Numéro de TVA intracommunautaire attendu (ex. FR12345678901).' }) vatNumber?: string;
  /** @example "franchise" */
  @IsIn(VAT_REGIMES, { message: '« vatRegime » : régime de TVA : subject (assujetti), franchise (art. 293 B) ou exempt (activité non lucrative).' })
  vatRegime: VatRegime;
  /** @example 30 */
  @IsOptional() @IsInt() @Min(0) @Max(60, { message: 'Délai de paiement : 60 jours au plus (C. com. L441-10).' }) paymentDays?: number;
}

export class CreditNoteDto {
  /**
   * Empty: the whole of what is left on the invoice.
   * @example 4.5
   */
  @IsOptional() @IsEuros('Montant de l’avoir') amountEuros?: number;
}

export class ClosePeriodDto {
  /** @example "5d1f6a3c-2b4e-4f8a-9c7d-1e2f3a4b5c6d" */
  @IsOptional() @IsUUID() siteId?: string;
  /**
   * Last day of the closed period (YYYY-MM-DD, on the site's clock).
   * @example "2026-12-31"
   */
  @IsDay() endDay: string;
}

export class InvoicesQuery {
  @IsOptional() @IsUUID() siteId?: string;
  @IsOptional() @IsDay() from?: string;
  @IsOptional() @IsDay() to?: string;
}
