import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/query.dto';

/** /password/reset?token=…, from the e-mail. */
export class ResetPageQuery extends PageQuery {
  @IsOptional() @IsString() @MaxLength(200) token?: string;
}
