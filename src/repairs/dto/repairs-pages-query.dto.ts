import { IsOptional, IsUUID } from 'class-validator';
import { PageQuery } from '../../common/query.dto';

/** /repairs, from a repair café's page (?event=): that event is chosen. */
export class BenchPageQuery extends PageQuery {
  @IsOptional() @IsUUID() event?: string;
}
