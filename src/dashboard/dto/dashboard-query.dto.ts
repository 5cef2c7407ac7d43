import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { SiteQuery } from '../../common/query.dto';

/** GET /api/dashboard/actions. */
export class ActionsQuery extends SiteQuery {
  /** Nombre d'actions, les plus récentes d'abord (100 par défaut). How many, newest first. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}
