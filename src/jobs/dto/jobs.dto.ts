import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { MACHINE_TYPES } from '../../machines/entities/machine.entity';

/** The fields of a job's multipart form, beside its `file` (G-code). */
export class UploadJobDto {
  @IsOptional() @IsUUID() machineId?: string;
  @IsOptional() @IsIn(MACHINE_TYPES as unknown as string[]) machineType?: string;
  @IsOptional() @IsString() @MaxLength(60) material?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) quantity?: number;
  @IsOptional() @IsUUID() siteId?: string;
}

export class MoveJobDto {
  @Type(() => Number) @IsInt() @Min(1) @Max(10_000) position: number;
}
