import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Length, Matches, Max,
  MaxLength, Min, ValidateNested,
} from 'class-validator';
import { DEVICE_PURPOSES, DevicePurpose, GRADES, Grade } from '../entities/device.entity';
import { ERASE_METHODS, EraseMethod, NIST_LEVELS, NistLevel } from '../entities/erasure.entity';
import { DEVICE_CATEGORY_CODES, DeviceCategory, MAX_DEVICE_KG, ORDS_BARRIERS, OrdsBarrier } from '../ords';
import { TICKET_STATUSES, TicketStatus } from '../ticket-flow';
import { IsDay, IsInstant } from '../../common/input-rules';

/** 1 petabyte: more than any drive a workshop erases, and exact as a JavaScript number. */
const MAX_DRIVE_BYTES = 1e15;

export class IntakeDto {
  @IsOptional() @IsUUID() siteId?: string;
  @IsIn(DEVICE_PURPOSES) purpose: DevicePurpose;
  @IsOptional() @IsString() @MaxLength(120) broughtBy?: string;
  @IsOptional() @IsString() @MaxLength(200) contact?: string;
  @IsOptional() @IsBoolean() contactConsent?: boolean;
  @IsIn(DEVICE_CATEGORY_CODES) category: DeviceCategory;
  @IsOptional() @IsString() @MaxLength(80) brand?: string;
  @IsOptional() @IsString() @MaxLength(120) model?: string;
  @IsOptional() @IsString() @MaxLength(120) serialNumber?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1950) @Max(2100) yearOfManufacture?: number;
  @IsString() @Length(1, 1000) reportedFault: string;
  @IsOptional() @IsString() @MaxLength(500) condition?: string;
  @IsOptional() @IsString() @MaxLength(500) accessories?: string;
  /** In kilograms; more than 150 is refused (grams typed as kg). */
  @IsOptional() @Type(() => Number) @IsNumber() @Min(0.001) @Max(MAX_DEVICE_KG, { message: 'Poids en kg : plus de 150 kg, est-ce des grammes ? Weight is in kg.' }) weightKg?: number;
  @IsOptional() @IsBoolean() hasStorage?: boolean;
  @IsOptional() @IsUUID() eventId?: string;
}

export class StepDto {
  @IsIn(TICKET_STATUSES) to: TicketStatus;
  @IsOptional() @IsString() @MaxLength(1000) notes?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(24 * 60) minutesSpent?: number;
  @IsOptional() @IsString() @MaxLength(1000) problem?: string;
  @IsOptional() @IsArray() @ArrayMaxSize(6) @IsIn(ORDS_BARRIERS, { each: true }) barriers?: OrdsBarrier[];
  /** One barrier (the page's single choice); added to `barriers`. */
  @IsOptional() @IsIn(ORDS_BARRIERS) barrier?: OrdsBarrier;
  @IsOptional() @IsIn(['more_time', 'professional_help', 'do_it_yourself']) nextSteps?: string;
  @IsOptional() @IsBoolean() sparePartsNeeded?: boolean;
}

export class LogTimeDto {
  @Type(() => Number) @IsInt() @Min(1) @Max(24 * 60) minutesSpent: number;
  @IsOptional() @IsString() @MaxLength(1000) notes?: string;
}

export class CreateEventDto {
  @IsOptional() @IsUUID() siteId?: string;
  @IsString() @Length(1, 200) name: string;
  @IsDay() date: string;
}

export class UsePartDto {
  @IsUUID() partId: string;
  @IsUUID() locationId: string;
  @Type(() => Number) @IsInt() @Min(1) @Max(1000) quantity: number;
}

export class HarvestDto extends UsePartDto {
  @IsOptional() @IsString() @MaxLength(500) note?: string;
}

export class ChecklistEntryDto {
  @IsString() @Length(1, 40) item: string;
  @IsBoolean() ok: boolean;
  @IsOptional() @IsString() @MaxLength(300) note?: string;
}

export class RefurbishDto {
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => ChecklistEntryDto) checklist?: ChecklistEntryDto[];
  @IsOptional() @IsString() @MaxLength(120) osInstalled?: string;
  @IsOptional() @IsIn(GRADES) grade?: Grade;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000) priceCents?: number;
}

export class ErasureDto {
  @IsOptional() @IsString() @MaxLength(80) driveMake?: string;
  @IsOptional() @IsString() @MaxLength(120) driveModel?: string;
  @IsString() @Length(1, 120) driveSerial: string;
  @IsString() @Length(1, 20) bus: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(MAX_DRIVE_BYTES) sizeBytes?: number;
  @IsOptional() @IsString() @MaxLength(120) hostSerial?: string;
  @IsIn(NIST_LEVELS) nistLevel: NistLevel;
  @IsIn(ERASE_METHODS) method: EraseMethod;
  @IsString() @Length(1, 120) tool: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(100) passes?: number;
  @IsBoolean() verified: boolean;
  @IsOptional() @IsString() @MaxLength(500) verification?: string;
  @IsInstant() startedAt: string;
  @IsInstant() endedAt: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(MAX_DRIVE_BYTES) bytesErased?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000_000) errors?: number;
  @IsOptional() @IsBoolean() hiddenAreasChecked?: boolean;
}

export class ReleaseDto {
  @IsIn(['sale', 'donation']) mode: 'sale' | 'donation';
  @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000) priceCents: number;
  @IsOptional() @IsString() @MaxLength(60) eligibilityCriterion?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(60) warrantyMonths?: number;
}

export class CriterionDto {
  @IsString() @Matches(/^[a-z0-9_]{1,60}$/) code: string;
  @IsString() @Length(1, 120) label: string;
}

export class SettingsDto {
  @IsOptional() @IsUUID() siteId?: string;
  @IsOptional() @Matches(/^[A-Z]{3}$/, { message: 'Pays : code ISO à 3 lettres (FRA). Country: ISO alpha-3.' }) country?: string;
  @IsOptional() @IsString() @MaxLength(120) dataProvider?: string;
  @IsOptional() @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => CriterionDto) eligibilityCriteria?: CriterionDto[];
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(60) warrantyMonths?: number;
}
