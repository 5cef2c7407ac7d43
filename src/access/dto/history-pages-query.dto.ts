import { IsIn, IsOptional } from 'class-validator';
import { IsDay } from '../../common/input-rules';
import { PageQuery } from '../../common/query.dto';

/** /people/:id/history: the sessions between two days. */
export class HistoryPageQuery extends PageQuery {
  @IsOptional() @IsDay() from?: string;
  @IsOptional() @IsDay() to?: string;
}

/** /machines/:id/history: the sessions, and the telemetry of the last 24 hours or 7 days. */
export class MachineHistoryPageQuery extends HistoryPageQuery {
  @IsOptional() @IsIn(['24h', '7d']) period?: string;
}
