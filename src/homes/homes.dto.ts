import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../common/query.dto';

/** /me: `done` says which action just succeeded, to say so in words. */
export class MeDoneQuery extends PageQuery {
  @IsOptional() @IsIn(['job-cancelled']) done?: string;
}
