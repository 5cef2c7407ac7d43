import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { MACHINE_TYPES } from '../../machines/entities/machine.entity';

/** Multipart form of a print/cut job: the file and where it should go. */
export class UploadJobDto {
  /** The G-code file (multer takes it out of the body; described here for /api/docs). */
  @ApiProperty({ type: 'string', format: 'binary', required: true, description: 'Fichier G-code. G-code file.' })
  file?: unknown;
  @IsOptional() @IsUUID() machineId?: string;
  @IsOptional() @IsIn(MACHINE_TYPES as unknown as string[]) machineType?: string;
  @IsOptional() @IsString() @MaxLength(60) material?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) quantity?: number;
  @IsOptional() @IsUUID() siteId?: string;
}

export class MoveJobDto {
  @Type(() => Number) @IsInt() @Min(1) position: number;
}
