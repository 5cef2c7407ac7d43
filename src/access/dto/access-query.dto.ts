import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { SiteQuery } from '../../common/query.dto';

/** GET /api/access/decisions. */
export class DecisionsQuery extends SiteQuery {
  /** Nombre de décisions, les plus récentes d'abord (50 par défaut). How many, newest first. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
}
