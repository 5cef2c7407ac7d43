import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { SiteQuery } from '../../common/query.dto';

/** GET /api/qualifications/expiring. */
export class ExpiringQuery extends SiteQuery {
  /** Échéances dans ce nombre de jours (60 par défaut). Expiring within this many days. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(366) days?: number;
}

/** GET /api/training-sessions. */
export class SessionsQuery extends SiteQuery {
  /** Seulement les séances de cette formation. Only this training's sessions. */
  @IsOptional() @IsUUID() trainingId?: string;
}
