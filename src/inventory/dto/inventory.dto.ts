import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { LOCATION_KINDS, LocationKind } from '../entities/location.entity';

export class CreateLocationDto {
  @IsOptional() @IsUUID() siteId?: string;
  @IsString() @Length(1, 120) name: string;
  @IsOptional() @IsIn(LOCATION_KINDS) kind?: LocationKind;
  @IsOptional() @IsUUID() parentId?: string;
}

export class CreatePartDto {
  @IsOptional() @IsUUID() siteId?: string;
  @IsString() @Length(1, 200) name: string;
  @IsString() @Length(1, 60) category: string;
  @IsOptional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(120, { each: true }) compatibleModels?: string[];
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(10_000_000) unitCostCents?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(100_000) lowStockThreshold?: number;
}

/** Moves a manager records by hand; `used` and `harvested` go through the repair ticket or device. */
export const MANUAL_MOVES = ['received', 'scrapped', 'counted'] as const;

export class RecordMoveDto {
  @IsUUID() partId: string;
  @IsUUID() locationId: string;
  @IsIn(MANUAL_MOVES) kind: (typeof MANUAL_MOVES)[number];
  @Type(() => Number) @IsInt() @Min(0) @Max(100_000) quantity: number;
  @IsOptional() @IsString() @MaxLength(500) note?: string;
}
