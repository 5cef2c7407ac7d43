import { IsIn, IsOptional, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/query.dto';

/** /repairs, from a repair café's page (?event=): that event is chosen. */
export class BenchPageQuery extends PageQuery {
  @IsOptional() @IsUUID() event?: string;
  /** « Terminés »: closed tickets and released devices instead of the bench. */
  @IsOptional() @IsIn(['open', 'done'], { message: '« view » : open ou done attendu.' }) view?: 'open' | 'done';
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
export const MAX_DEVICE_LABELS = 60;

/** /repairs/labels?devices=id,id: the QR labels of those devices. */
export class DeviceLabelsPageQuery extends PageQuery {
  @MaxLength(MAX_DEVICE_LABELS * 37)
  @Matches(new RegExp(`^${UUID}(,${UUID})*$`, 'i'), {
    message: `« devices » : identifiants (UUID) séparés par des virgules attendus, ${MAX_DEVICE_LABELS} au plus.`,
  })
  devices: string;
}
