import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsDayOrInstant } from '../../common/input-rules';

const limit = { message: '« limit » : nombre entier de 1 à 10000 attendu.' };

export const MAX_SAMPLES = 10_000;

export class TelemetryQueryDto {
  @IsOptional() @IsDayOrInstant() from?: string;
  @IsOptional() @IsDayOrInstant() to?: string;
  @IsOptional() @Type(() => Number) @IsInt(limit) @Min(1, limit) @Max(MAX_SAMPLES, limit) limit?: number;
}
