import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { BOOKING_KINDS, BookingKind } from '../entities/booking.entity';
import { PRICE_UNITS, PriceUnit } from '../entities/price-line.entity';
import { IsDay, IsInstant } from '../../common/input-rules';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

export class WeeklyIntervalDto {
  @IsInt() @Min(0) @Max(6) weekday: number;
  @Matches(HHMM, { message: 'opens : HH:MM' }) opens: string;
  @Matches(HHMM, { message: 'closes : HH:MM' }) closes: string;
}

export class SetOpeningHoursDto {
  @IsArray() @ArrayMaxSize(70) @ValidateNested({ each: true }) @Type(() => WeeklyIntervalDto) weekly: WeeklyIntervalDto[];
}

export class AddClosureDto {
  @IsDay() startsOn: string;
  @IsDay() endsOn: string;
  @IsOptional() @IsString() @Length(0, 200) reason?: string;
}

export class BookableSettingsDto {
  @IsOptional() @IsInt() @Min(5) @Max(240) slotMinutes?: number;
  @IsOptional() @IsInt() @Min(5) @Max(24 * 60) minMinutes?: number;
  @IsOptional() @IsInt() @Min(5) @Max(7 * 24 * 60) maxMinutes?: number;
  @IsOptional() @IsInt() @Min(0) @Max(365) horizonDays?: number;
  @IsOptional() @IsInt() @Min(0) @Max(30 * 24 * 60) cancelNoticeMinutes?: number;
  @IsOptional() @IsInt() @Min(1) @Max(24 * 60) noShowMinutes?: number;
  @IsOptional() @IsInt() @Min(0) @Max(120) earlyMinutes?: number;
}

export class CreateBookingDto {
  @IsUUID() machineId: string;
  @IsInstant() startsAt: string;
  @IsInstant() endsAt: string;
  /** A manager books for someone else. */
  @IsOptional() @IsUUID() personId?: string;
  /** 'maintenance' or 'workshop': a manager blocks time. */
  @IsOptional() @IsIn(BOOKING_KINDS) kind?: BookingKind;
  @IsOptional() @IsString() @Length(0, 300) note?: string;
}

export class SetCategoryDto {
  @Matches(/^[a-z0-9_-]{1,40}$/, { message: 'catégorie : minuscules, chiffres, _ ou - (ex. demandeur_emploi)' }) category: string;
  @IsOptional() @IsString() @Length(0, 200) companyName?: string;
}

export class CreatePriceLineDto {
  @IsOptional() @IsUUID() siteId?: string;
  @IsString() @Length(1, 200) label: string;
  @IsOptional() @IsUUID() machineId?: string;
  @IsOptional() @IsString() @Length(1, 20) machineType?: string;
  @IsOptional() @IsString() @Length(1, 80) consumable?: string;
  @IsOptional() @Matches(/^(\*|[a-z0-9_-]{1,40})$/) category?: string;
  @IsIn(PRICE_UNITS) unit: PriceUnit;
  @IsOptional() @IsInt() @Min(1) @Max(24 * 60) slotMinutes?: number;
  @IsInt() @Min(0) @Max(10_000_000) unitCents: number;
  @IsOptional() @IsInt() @Min(0) @Max(10000) vatBasisPoints?: number;
  @IsOptional() @IsBoolean() bookingIsMinimum?: boolean;
}

export class RecordConsumableDto {
  @IsUUID() personId: string;
  @IsString() @Length(1, 80) consumable: string;
  @IsInt() @Min(1) @Max(1_000_000) quantity: number;
  @IsOptional() @IsUUID() machineId?: string;
  @IsOptional() @IsInstant() usedAt?: string;
}

export class CreateFeedDto {
  /** A machine's feed (managers); without it, the viewer's own bookings. */
  @IsOptional() @IsUUID() machineId?: string;
}
