import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { MACHINE_TYPES } from '../../machines/entities/machine.entity';

/** The fields of a job's multipart form, beside its `file` (G-code). */
export class UploadJobDto {
  /** @example "7c4a2f1e-9b3d-4a6c-8e5f-2d1c0b9a8e7f" */
  @IsOptional() @IsUUID() machineId?: string;
  /** @example "printer" */
  @IsOptional() @IsIn(MACHINE_TYPES as unknown as string[]) machineType?: string;
  /** @example "PLA" */
  @IsOptional() @IsString() @MaxLength(60) material?: string;
  /** @example 2 */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) quantity?: number;
  /** @example "5d1f6a3c-2b4e-4f8a-9c7d-1e2f3a4b5c6d" */
  @IsOptional() @IsUUID() siteId?: string;
}

export class MoveJobDto {
  /** @example 1 */
  @Type(() => Number) @IsInt() @Min(1) @Max(10_000) position: number;
}
