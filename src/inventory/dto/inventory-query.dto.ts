import { IsOptional, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/query.dto';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** The most labels one sheet prints. */
export const MAX_LABELS = 100;

/** /inventory/labels?devices=id,id: those devices' labels (else every bin's). */
export class LabelsPageQuery extends PageQuery {
  @IsOptional()
  @MaxLength(MAX_LABELS * 37)
  @Matches(new RegExp(`^${UUID}(,${UUID})*$`, 'i'), { message: `« devices » : identifiants (UUID) séparés par des virgules attendus, ${MAX_LABELS} au plus.` })
  devices?: string;
}

/** /inventory?location=: a bin's QR label leads here, with that bin chosen in the stock move form. */
export class InventoryPageQuery extends PageQuery {
  @IsOptional() @IsUUID() location?: string;
}
