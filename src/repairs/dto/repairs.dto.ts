import { said } from '../../common/validation';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { DEVICE_PURPOSES, DevicePurpose, GRADES, Grade, STORAGE_KINDS, StorageKind } from '../entities/device.entity';
import { ERASE_METHODS, EraseMethod, NIST_LEVELS, NistLevel } from '../entities/erasure.entity';
import { DEVICE_CATEGORY_CODES, DeviceCategory, MAX_DEVICE_KG, ORDS_BARRIERS, OrdsBarrier } from '../ords';
import { TICKET_STATUSES, TicketStatus } from '../ticket-flow';
import { decimalComma, IsDay, IsEuros, IsInstantOrLocal } from '../../common/input-rules';

/** 1 petabyte: more than any drive a workshop erases, and exact as a JavaScript number. */
const MAX_DRIVE_BYTES = 1e15;

export class IntakeDto {
  /** @example "5d1f6a3c-2b4e-4f8a-9c7d-1e2f3a4b5c6d" */
  @IsOptional() @IsUUID() siteId?: string;
  /** @example "repair" */
  @IsIn(DEVICE_PURPOSES) purpose: DevicePurpose;
  /** @example "Mme Lefèvre" */
  @IsOptional() @IsString() @MaxLength(120) broughtBy?: string;
  /** @example "06 12 34 56 78" */
  @IsOptional() @IsString() @MaxLength(200) contact?: string;
  /** @example true */
  @IsOptional() @IsBoolean() contactConsent?: boolean;
  /** @example "laptop" */
  @IsIn(DEVICE_CATEGORY_CODES) category: DeviceCategory;
  /** @example "Lenovo" */
  @IsOptional() @IsString() @MaxLength(80) brand?: string;
  /** @example "ThinkPad T480" */
  @IsOptional() @IsString() @MaxLength(120) model?: string;
  /** @example "PF1ABCDE" */
  @IsOptional() @IsString() @MaxLength(120) serialNumber?: string;
  /** @example 2018 */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1950) @Max(2100) yearOfManufacture?: number;
  /** @example "Ne démarre plus, le voyant de charge clignote" */
  @IsString() @Length(1, 1000) reportedFault: string;
  /** @example "Coque rayée, charnière gauche fragile" */
  @IsOptional() @IsString() @MaxLength(500) condition?: string;
  /** @example "Chargeur 65 W" */
  @IsOptional() @IsString() @MaxLength(500) accessories?: string;
  /**
   * In kilograms, « 1,2 » or 1.2; more than 150 is refused (grams typed as kg).
   * @example 1.6
   */
  @IsOptional()
  @Transform(decimalComma)
  @IsNumber({}, { message: said('Poids en kg attendu, par exemple 1,2.', 'Weight in kg expected, for example 1.2.') })
  @Min(0.001)
  @Max(MAX_DEVICE_KG, { message: said('Poids en kg : plus de 150 kg, est-ce des grammes ?', 'Weight in kg: over 150 kg, are these grams?') })
  weightKg?: number;
  /** @example true */
  @IsOptional() @IsBoolean() hasStorage?: boolean;
  /** @example "4b3a2918-7f6e-4d5c-8b4a-39281706f5e4" */
  @IsOptional() @IsUUID() eventId?: string;
}

export class StepDto {
  /** @example "diagnosed" */
  @IsIn(TICKET_STATUSES) to: TicketStatus;
  /** @example "Batterie morte, carte mère saine" */
  @IsOptional() @IsString() @MaxLength(1000) notes?: string;
  /** @example 25 */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(24 * 60) minutesSpent?: number;
  /** @example "Batterie en fin de vie" */
  @IsOptional() @IsString() @MaxLength(1000) problem?: string;
  /** @example ["Spare parts too expensive"] */
  @IsOptional() @IsArray() @ArrayMaxSize(6) @IsIn(ORDS_BARRIERS, { each: true }) barriers?: OrdsBarrier[];
  /**
   * One barrier (the page's single choice); added to `barriers`.
   * @example "Spare parts not available"
   */
  @IsOptional() @IsIn(ORDS_BARRIERS) barrier?: OrdsBarrier;
  /** @example "professional_help" */
  @IsOptional() @IsIn(['more_time', 'professional_help', 'do_it_yourself']) nextSteps?: string;
  /** @example true */
  @IsOptional() @IsBoolean() sparePartsNeeded?: boolean;
}

export class LogTimeDto {
  /** @example 40 */
  @Type(() => Number) @IsInt() @Min(1) @Max(24 * 60) minutesSpent: number;
  /** @example "Remplacement de la batterie et test" */
  @IsOptional() @IsString() @MaxLength(1000) notes?: string;
}

export class CreateEventDto {
  /** @example "5d1f6a3c-2b4e-4f8a-9c7d-1e2f3a4b5c6d" */
  @IsOptional() @IsUUID() siteId?: string;
  /** @example "Repair café de décembre" */
  @IsString() @Length(1, 200) name: string;
  /** @example "2026-12-12" */
  @IsDay() date: string;
}

export class UsePartDto {
  /** @example "6f5e4d3c-2b1a-4f0e-9d8c-7b6a5f4e3d2c" */
  @IsUUID() partId: string;
  /** @example "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f" */
  @IsUUID() locationId: string;
  /** @example 1 */
  @Type(() => Number) @IsInt() @Min(1) @Max(1000) quantity: number;
}

export class HarvestDto extends UsePartDto {
  /** @example "Barrette de 8 Go récupérée, testée" */
  @IsOptional() @IsString() @MaxLength(500) note?: string;
}

export class ChecklistEntryDto {
  /** @example "battery_health" */
  @IsString() @Length(1, 40) item: string;
  /** @example true */
  @IsBoolean() ok: boolean;
  /** @example "84 % de la capacité d’origine" */
  @IsOptional() @IsString() @MaxLength(300) note?: string;
}

export class RefurbishDto {
  /** @example [{"item": "battery_health", "ok": true}, {"item": "keyboard", "ok": true, "note": "touche F4 remplacée"}] */
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => ChecklistEntryDto) checklist?: ChecklistEntryDto[];
  /** @example "Linux Mint 22" */
  @IsOptional() @IsString() @MaxLength(120) osInstalled?: string;
  /** @example "B" */
  @IsOptional() @IsIn(GRADES) grade?: Grade;
  /**
   * Prix de vente, en centimes d’euro : 12000 = 120,00 €.
   * @example 12000
   */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000) priceCents?: number;
  /**
   * Le même prix en euros, comme on l'écrit (« 120,00 ») : ce que remplit la page ; prime sur priceCents.
   * @example "120,00"
   */
  @IsOptional() @IsEuros('Prix', 10_000) priceEuros?: number;
  /** @example "Intel Core i5-8250U" */
  @IsOptional() @IsString() @MaxLength(120) cpu?: string;
  /**
   * Mémoire vive en Go (« 8 », « 1,5 »).
   * @example 8
   */
  @IsOptional()
  @Transform(decimalComma)
  @IsNumber({}, { message: said('Mémoire en Go attendue, par exemple 8.', 'Memory in GB expected, for example 8.') })
  @Min(0.5, { message: said('Mémoire : 0,5 Go au moins.', 'Memory: 0.5 GB at least.') })
  @Max(1024, { message: said('Mémoire : 1024 Go au plus (des Mo saisis comme des Go ?).', 'Memory: 1024 GB at most (MB typed as GB?).') })
  ramGb?: number;
  /**
   * Stockage en Go.
   * @example 256
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: said('Stockage en Go, nombre entier attendu (par exemple 256).', 'Storage in GB, a whole number expected (for example 256).') })
  @Min(1, { message: said('Stockage : 1 Go au moins.', 'Storage: 1 GB at least.') })
  @Max(100_000, { message: said('Stockage : 100 000 Go au plus.', 'Storage: 100,000 GB at most.') })
  storageGb?: number;
  /** @example "ssd" */
  @IsOptional() @IsIn(STORAGE_KINDS) storageKind?: StorageKind;
  /**
   * Diagonale de l'écran en pouces (« 14 », « 15,6 »).
   * @example 14
   */
  @IsOptional()
  @Transform(decimalComma)
  @IsNumber({}, { message: said('Écran en pouces attendu, par exemple 15,6.', 'Screen in inches expected, for example 15.6.') })
  @Min(1, { message: said('Écran : 1 pouce au moins.', 'Screen: 1 inch at least.') })
  @Max(100, { message: said('Écran : 100 pouces au plus.', 'Screen: 100 inches at most.') })
  screenInches?: number;
}

export class ErasureDto {
  /** @example "Samsung" */
  @IsOptional() @IsString() @MaxLength(80) driveMake?: string;
  /** @example "PM981 NVMe 256 Go" */
  @IsOptional() @IsString() @MaxLength(120) driveModel?: string;
  /** @example "S4DXNX0M123456" */
  @IsString() @Length(1, 120) driveSerial: string;
  /** @example "nvme" */
  @IsString() @Length(1, 20) bus: string;
  /** @example 256060514304 */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(MAX_DRIVE_BYTES) sizeBytes?: number;
  /** @example "PF1ABCDE" */
  @IsOptional() @IsString() @MaxLength(120) hostSerial?: string;
  /** @example "purge" */
  @IsIn(NIST_LEVELS) nistLevel: NistLevel;
  /** @example "crypto_erase" */
  @IsIn(ERASE_METHODS) method: EraseMethod;
  /** @example "nvme-cli 2.8 (nvme format --ses=2)" */
  @IsString() @Length(1, 120) tool: string;
  /** @example 1 */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(100) passes?: number;
  /** @example true */
  @IsBoolean() verified: boolean;
  /** @example "Lecture de 1 % des secteurs au hasard : tous à zéro" */
  @IsOptional() @IsString() @MaxLength(500) verification?: string;
  /** Avec fuseau, ou en heure locale du lieu comme l'envoie la page (« 2026-12-14T09:00 »). @example "2026-12-14T09:00:00+01:00" */
  @IsInstantOrLocal() startedAt: string;
  /** @example "2026-12-14T09:02:30+01:00" */
  @IsInstantOrLocal() endedAt: string;
  /** @example 256060514304 */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(MAX_DRIVE_BYTES) bytesErased?: number;
  /** @example 0 */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000_000) errors?: number;
  /** @example true */
  @IsOptional() @IsBoolean() hiddenAreasChecked?: boolean;
}

export class ReleaseDto {
  /** @example "sale" */
  @IsIn(['sale', 'donation']) mode: 'sale' | 'donation';
  /**
   * Prix demandé (0 pour un don), en centimes d’euro : 12000 = 120,00 €.
   * @example 12000
   */
  @ValidateIf((o: ReleaseDto) => o.priceEuros === undefined) @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000) priceCents: number;
  /**
   * Le même prix en euros, comme on l'écrit (« 0 » pour un don, « 120,00 ») : ce que remplit la page ; prime sur priceCents.
   * @example "120,00"
   */
  @IsOptional() @IsEuros('Prix', 10_000) priceEuros?: number;
  /** @example "minima_sociaux" */
  @IsOptional() @IsString() @MaxLength(60) eligibilityCriterion?: string;
  /** @example 6 */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(60) warrantyMonths?: number;
}

export class CriterionDto {
  /** @example "minima_sociaux" */
  @IsString() @Matches(/^[a-z0-9_]{1,60}$/) code: string;
  /** @example "Bénéficiaire des minima sociaux (RSA, ASS, AAH)" */
  @IsString() @Length(1, 120) label: string;
}

export class SettingsDto {
  /** @example "5d1f6a3c-2b4e-4f8a-9c7d-1e2f3a4b5c6d" */
  @IsOptional() @IsUUID() siteId?: string;
  /** @example "FRA" */
  @IsOptional() @Matches(/^[A-Z]{3}$/, { message: said('Pays : code ISO à 3 lettres (FRA).', 'Country: ISO code in 3 letters (FRA).') }) country?: string;
  /** @example "Atelier de réparation de Lyon" */
  @IsOptional() @IsString() @MaxLength(120) dataProvider?: string;
  /** @example [{"code": "minima_sociaux", "label": "Bénéficiaire des minima sociaux (RSA, ASS, AAH)"}] */
  @IsOptional() @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => CriterionDto) eligibilityCriteria?: CriterionDto[];
  /** @example 6 */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(60) warrantyMonths?: number;
  /**
   * Publie le catalogue public des appareils reconditionnés du lieu (`/catalogue/<slug>`).
   * @example true
   */
  @IsOptional() @IsBoolean() catalogueOpen?: boolean;
}
