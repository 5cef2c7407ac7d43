import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Type } from 'class-transformer';
import { IsEuros } from '../../common/input-rules';
import { DESK_METHODS, type PaymentMethod } from '../entities/payment.entity';
import type { PayableKind } from '../payables';

export const PAYABLE_KINDS: PayableKind[] = ['membership', 'pack', 'booking', 'statement'];
const KIND_MESSAGE = '« kind » : nature attendue : membership, pack, booking ou statement.';

export class PayableRefDto {
  /** @example "statement" */
  @IsIn(PAYABLE_KINDS, { message: KIND_MESSAGE }) kind: PayableKind;
  /** @example "5d1f6a3c-2b4e-4f8a-9c7d-1e2f3a4b5c6d/2027-03/0b9e3c1a-7f2d-4e6b-8a5c-3d2e1f0a9b8c" */
  @IsString() @MinLength(1) @MaxLength(300) ref: string;
}

export class DeskPaymentDto extends PayableRefDto {
  /** @example "cash" */
  @IsIn(DESK_METHODS, { message: '« method » : moyen de paiement : cash (espèces), cheque, card_terminal (carte au terminal) ou transfer (virement).' })
  method: Exclude<PaymentMethod, 'helloasso'>;
  /**
   * Empty: all that is left to pay.
   * @example 12.5
   */
  @IsOptional() @IsEuros('Montant') amountEuros?: number;
  /** @example "Chèque n° 1234567" */
  @IsOptional() @IsString() @MaxLength(100) reference?: string;
  /**
   * An invoice in a company's name: its name, address and SIREN.
   * @example "Menuiserie Martin SARL"
   */
  @IsOptional() @IsString() @MaxLength(200) companyName?: string;
  /** @example "3 rue des Tilleuls, 69001 Lyon" */
  @IsOptional() @IsString() @MaxLength(400) companyAddress?: string;
  /** @example "123456789" */
  @IsOptional() @Matches(/^(\d{9}|\d{14})?$/, { message: '« siren » : SIREN (9 chiffres) ou SIRET (14 chiffres) attendu.' }) companySiren?: string;
  /** @example "FR12123456789" */
  @IsOptional() @Matches(/^([A-Z]{2}[0-9A-Z]{2,13})?$/, { message: 'Numéro de TVA intracommunautaire attendu (ex. FR12345678901).' }) companyVatNumber?: string;
}

export class InvoicePayableDto extends PayableRefDto {
  /** @example "Menuiserie Martin SARL" */
  @IsString() @MinLength(2) @MaxLength(200) companyName: string;
  /** @example "3 rue des Tilleuls, 69001 Lyon" */
  @IsString() @MinLength(2) @MaxLength(400) companyAddress: string;
  /** @example "12345678900012" */
  @Matches(/^(\d{9}|\d{14})$/, { message: '« siren » : SIREN (9 chiffres) ou SIRET (14 chiffres) attendu.' }) companySiren: string;
  /** @example "FR12123456789" */
  @IsOptional() @Matches(/^([A-Z]{2}[0-9A-Z]{2,13})?$/, { message: 'Numéro de TVA intracommunautaire attendu (ex. FR12345678901).' }) companyVatNumber?: string;
}

export class RefundDto {
  /**
   * Empty: all that is left of the payment.
   * @example 5
   */
  @IsOptional() @IsEuros('Montant remboursé') amountEuros?: number;
}

export class PayableQuery {
  @IsIn(PAYABLE_KINDS, { message: KIND_MESSAGE }) kind: PayableKind;
  @IsString() @MinLength(1) @MaxLength(300) ref: string;
}

export class ExportQuery {
  @IsOptional() @IsUUID() siteId?: string;
  @Type(() => Number) @IsInt({ message: '« year » : année attendue (ex. 2027).' }) @Min(2000) @Max(2100) year: number;
}
