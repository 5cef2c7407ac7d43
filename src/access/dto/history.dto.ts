import { IsOptional, IsUUID, Matches } from 'class-validator';

const DAY_OR_INSTANT = /^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;
const message = { message: 'date au format AAAA-MM-JJ / date as YYYY-MM-DD' };

export class HistoryQueryDto {
  @IsOptional() @IsUUID() machineId?: string;
  @IsOptional() @IsUUID() personId?: string;
  @IsOptional() @IsUUID() siteId?: string;
  @IsOptional() @Matches(DAY_OR_INSTANT, message) from?: string;
  @IsOptional() @Matches(DAY_OR_INSTANT, message) to?: string;
}
