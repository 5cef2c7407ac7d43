import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsDayOrInstant } from '../../common/input-rules';

const date = (name: string) => ({
  message: `${name} : date ISO 8601 attendue, par ex. 2027-03-03 ou 2027-03-03T14:00:00Z / ISO 8601 date expected`,
});
const limit = { message: 'limit : nombre entier de 1 à 10000 / integer from 1 to 10000' };

export const MAX_SAMPLES = 10_000;

export class TelemetryQueryDto {
  @IsOptional() @IsDayOrInstant(date('from')) from?: string;
  @IsOptional() @IsDayOrInstant(date('to')) to?: string;
  @IsOptional() @Type(() => Number) @IsInt(limit) @Min(1, limit) @Max(MAX_SAMPLES, limit) limit?: number;
}
