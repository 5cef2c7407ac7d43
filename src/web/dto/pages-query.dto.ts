import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/query.dto';

/** /login. */
export class LoginPageQuery extends PageQuery {
  /** Where to go once logged in (a path of this site; anything else is ignored by safeNext). */
  @IsOptional() @IsString() @MaxLength(2000) next?: string;
}

/** /machines: the live machines of a site, the wall version, or just the live part for live.js. */
export class MachinesPageQuery extends PageQuery {
  @IsOptional() @IsUUID() siteId?: string;
  @IsOptional() @IsIn(['1', '0']) wall?: string;
  @IsOptional() @IsIn(['1']) fragment?: string;
}

/** /people: a site's people, found by name. */
export class PeoplePageQuery extends PageQuery {
  @IsOptional() @IsUUID() siteId?: string;
  @IsOptional() @IsString() @MaxLength(200) q?: string;
}
