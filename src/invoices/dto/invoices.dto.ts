import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsDay, IsEuros } from '../../common/input-rules';
import { VAT_REGIMES, type VatRegime } from '../entities/invoice.entity';

export class SetBillingProfileDto {
  @IsOptional() @IsUUID() siteId?: string;
  @IsString() @MinLength(2, { message: 'Raison sociale : 2 caractères au moins.' }) @MaxLength(200) legalName: string;
  @IsOptional() @IsString() @MaxLength(400) address?: string;
  @IsOptional() @Matches(/^(\d{9}|\d{14})?$/, { message: 'SIREN (9 chiffres) ou SIRET (14 chiffres) attendu.' }) siren?: string;
  @IsOptional() @Matches(/^([A-Z]{2}[0-9A-Z]{2,13})?$/, { message: 'Numéro de TVA intracommunautaire attendu (ex. FR12345678901).' }) vatNumber?: string;
  @IsIn(VAT_REGIMES, { message: 'Régime de TVA : subject (assujetti), franchise (art. 293 B) ou exempt (activité non lucrative).' }) vatRegime: VatRegime;
  @IsOptional() @IsInt() @Min(0) @Max(60, { message: 'Délai de paiement : 60 jours au plus (C. com. L441-10).' }) paymentDays?: number;
}

export class CreditNoteDto {
  /** Empty: the whole of what is left on the invoice. */
  @IsOptional() @IsEuros('Montant de l’avoir') amountEuros?: number;
}

export class ClosePeriodDto {
  @IsOptional() @IsUUID() siteId?: string;
  /** Last day of the closed period (YYYY-MM-DD, on the site's clock). */
  @IsDay() endDay: string;
}

export class InvoicesQuery {
  @IsOptional() @IsUUID() siteId?: string;
  @IsOptional() @IsDay() from?: string;
  @IsOptional() @IsDay() to?: string;
}
