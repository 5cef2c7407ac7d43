import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Type } from 'class-transformer';
import { IsEuros } from '../../common/input-rules';
import { DESK_METHODS, type PaymentMethod } from '../entities/payment.entity';
import type { PayableKind } from '../payables';

export const PAYABLE_KINDS: PayableKind[] = ['membership', 'pack', 'booking', 'statement'];
const KIND_MESSAGE = 'Nature attendue : membership, pack, booking ou statement.';

export class PayableRefDto {
  @IsIn(PAYABLE_KINDS, { message: KIND_MESSAGE }) kind: PayableKind;
  @IsString() @MinLength(1) @MaxLength(300) ref: string;
}

export class DeskPaymentDto extends PayableRefDto {
  @IsIn(DESK_METHODS, { message: 'Moyen de paiement : cash (espèces), cheque, card_terminal (carte au terminal) ou transfer (virement).' })
  method: Exclude<PaymentMethod, 'helloasso'>;
  /** Empty: all that is left to pay. */
  @IsOptional() @IsEuros('Montant') amountEuros?: number;
  @IsOptional() @IsString() @MaxLength(100) reference?: string;
  /** An invoice in a company's name: its name, address and SIREN. */
  @IsOptional() @IsString() @MaxLength(200) companyName?: string;
  @IsOptional() @IsString() @MaxLength(400) companyAddress?: string;
  @IsOptional() @Matches(/^(\d{9}|\d{14})?$/, { message: 'SIREN (9 chiffres) ou SIRET (14 chiffres) attendu.' }) companySiren?: string;
  @IsOptional() @Matches(/^([A-Z]{2}[0-9A-Z]{2,13})?$/, { message: 'Numéro de TVA intracommunautaire attendu (ex. FR12345678901).' }) companyVatNumber?: string;
}

export class InvoicePayableDto extends PayableRefDto {
  @IsString() @MinLength(2) @MaxLength(200) companyName: string;
  @IsString() @MinLength(2) @MaxLength(400) companyAddress: string;
  @Matches(/^(\d{9}|\d{14})$/, { message: 'SIREN (9 chiffres) ou SIRET (14 chiffres) attendu.' }) companySiren: string;
  @IsOptional() @Matches(/^([A-Z]{2}[0-9A-Z]{2,13})?$/, { message: 'Numéro de TVA intracommunautaire attendu (ex. FR12345678901).' }) companyVatNumber?: string;
}

export class RefundDto {
  /** Empty: all that is left of the payment. */
  @IsOptional() @IsEuros('Montant remboursé') amountEuros?: number;
}

export class PayableQuery {
  @IsIn(PAYABLE_KINDS, { message: KIND_MESSAGE }) kind: PayableKind;
  @IsString() @MinLength(1) @MaxLength(300) ref: string;
}

export class ExportQuery {
  @IsOptional() @IsUUID() siteId?: string;
  @Type(() => Number) @IsInt({ message: 'Année attendue (ex. 2027).' }) @Min(2000) @Max(2100) year: number;
}
