import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
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

/** Putting a failed or interrupted job back at the head of its machine's queue. */
export class RequeueJobDto {
  /**
   * A print only: start again from this line of the file instead of the top (the line the bridge
   * said it stopped at, or one a person chose).
   * @example 1234
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'La ligne est un nombre entier.' })
  @Min(1, { message: 'La ligne commence à 1.' })
  @Max(50_000_000)
  fromLine?: number;
  /**
   * The person read the precautions of a restart from a line (bed and nozzle hot, no homing of
   * Z, the part still on the bed). Required with `fromLine`.
   * @example true
   */
  @IsOptional() @Type(() => Boolean) @IsBoolean() warningsRead?: boolean;
}

export class MoveJobDto {
  /** @example 1 */
  @Type(() => Number) @IsInt() @Min(1) @Max(10_000) position: number;
}

/** The /jobs page's restart form (a checkbox posts the text `true`). */
export class RestartJobForm {
  /** @example "1234" */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'La ligne est un nombre entier.' })
  @Min(1, { message: 'La ligne commence à 1.' })
  @Max(50_000_000)
  fromLine?: number;
  /** @example "true" */
  @IsOptional() @IsIn(['true']) warningsRead?: string;
}
