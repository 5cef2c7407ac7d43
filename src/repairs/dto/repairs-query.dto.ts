import { IsIn, IsOptional } from 'class-validator';
import { SiteQuery } from '../../common/query.dto';
import { ORDS_UNFINISHED_OPTIONS, OrdsUnfinished } from '../ords';

/** GET /api/repairs/bench. */
export class BenchQuery extends SiteQuery {
  /** « true » : aussi les tickets rendus ou clos. Include returned and closed tickets. */
  @IsOptional() @IsIn(['true', 'false']) all?: 'true' | 'false';
}

/** GET /api/repairs/photos/:id. */
export class PhotoQuery {
  /** « 1 » ou « true » : la vignette. The thumbnail. */
  @IsOptional() @IsIn(['1', 'true', '0', 'false']) thumb?: string;
}

/** GET /api/repairs/export/ords. */
export class OrdsExportQuery extends SiteQuery {
  /** Réparations en cours : « unknown » (exportées en Unknown, par défaut) ou « omit » (laissées de côté). Unfinished repairs. */
  @IsOptional()
  @IsIn([...ORDS_UNFINISHED_OPTIONS], {
    message: '« unfinished » : « unknown » (réparations en cours exportées en Unknown) ou « omit » (laissées de côté) attendu.',
  })
  unfinished?: OrdsUnfinished;
}
