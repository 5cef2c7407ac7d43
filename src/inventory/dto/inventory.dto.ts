import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { IsEuros } from '../../common/input-rules';
import { LOCATION_KINDS, LocationKind } from '../entities/location.entity';

export class CreateLocationDto {
  /** @example "5d1f6a3c-2b4e-4f8a-9c7d-1e2f3a4b5c6d" */
  @IsOptional() @IsUUID() siteId?: string;
  /** @example "Étagère B, atelier réparation" */
  @IsString() @Length(1, 120) name: string;
  /** @example "shelf" */
  @IsOptional() @IsIn(LOCATION_KINDS) kind?: LocationKind;
  /** @example "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f" */
  @IsOptional() @IsUUID() parentId?: string;
}

export class CreatePartDto {
  /** @example "5d1f6a3c-2b4e-4f8a-9c7d-1e2f3a4b5c6d" */
  @IsOptional() @IsUUID() siteId?: string;
  /** @example "Batterie Lenovo ThinkPad T480 (01AV422)" */
  @IsString() @Length(1, 200) name: string;
  /** @example "battery" */
  @IsString() @Length(1, 60) category: string;
  /** @example ["ThinkPad T480", "ThinkPad T580"] */
  @IsOptional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(120, { each: true }) compatibleModels?: string[];
  /**
   * Coût unitaire, en centimes d’euro : 3490 = 34,90 €.
   * @example 3490
   */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(10_000_000) unitCostCents?: number;
  /**
   * Le même coût en euros, comme on l'écrit (« 34,90 ») : ce que remplit la page ; prime sur unitCostCents.
   * @example "34,90"
   */
  @IsOptional()
  @IsEuros('Coût unitaire')
  unitCostEuros?: number;
  /** @example 2 */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(100_000) lowStockThreshold?: number;
}

/** A location renamed, its kind changed or moved elsewhere (`parentId: null`: top level). */
export class UpdateLocationDto {
  /** @example "Étagère B" */
  @IsOptional() @IsString() @Length(1, 120) name?: string;
  /** @example "shelf" */
  @IsOptional() @IsIn(LOCATION_KINDS) kind?: LocationKind;
  /** @example "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f" */
  @IsOptional() @ValidateIf((_, v) => v !== null && v !== '') @IsUUID() parentId?: string | null;
}

/** A part's description or cost corrected; stock only changes through moves. */
export class UpdatePartDto {
  /** @example "Batterie Lenovo ThinkPad T480 (01AV422)" */
  @IsOptional() @IsString() @Length(1, 200) name?: string;
  /** @example "battery" */
  @IsOptional() @IsString() @Length(1, 60) category?: string;
  /** @example ["ThinkPad T480"] */
  @IsOptional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(120, { each: true }) compatibleModels?: string[];
  /** @example "34,90" */
  @IsOptional()
  @IsEuros('Coût unitaire')
  unitCostEuros?: number;
  /** @example 2 */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(100_000) lowStockThreshold?: number;
}

/** Moves a manager records by hand; `used` and `harvested` go through the repair ticket or device. */
export const MANUAL_MOVES = ['received', 'scrapped', 'counted'] as const;

export class RecordMoveDto {
  /** @example "6f5e4d3c-2b1a-4f0e-9d8c-7b6a5f4e3d2c" */
  @IsUUID() partId: string;
  /** @example "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f" */
  @IsUUID() locationId: string;
  /** @example "received" */
  @IsIn(MANUAL_MOVES) kind: (typeof MANUAL_MOVES)[number];
  /** @example 5 */
  @Type(() => Number) @IsInt() @Min(0) @Max(100_000) quantity: number;
  /** @example "Livraison du 14 décembre" */
  @IsOptional() @IsString() @MaxLength(500) note?: string;
}
