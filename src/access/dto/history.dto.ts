import { IsOptional, IsUUID } from 'class-validator';
import { IsDayOrInstant } from '../../common/input-rules';

export class HistoryQueryDto {
  @IsOptional() @IsUUID() machineId?: string;
  @IsOptional() @IsUUID() personId?: string;
  @IsOptional() @IsUUID() siteId?: string;
  @IsOptional() @IsDayOrInstant() from?: string;
  @IsOptional() @IsDayOrInstant() to?: string;
}
