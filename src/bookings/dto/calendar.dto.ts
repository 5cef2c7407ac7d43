import { said } from '../../common/validation';
import { IsBoolean, IsIn, IsOptional, IsUUID, ValidateIf } from 'class-validator';
import { FEED_KINDS, FeedKind } from '../entities/calendar-feed.entity';

/** Which feed: mine (person), a machine's or the whole site's (managers). */
export class FeedTargetDto {
  /** @example "machine" */
  @IsOptional()
  @IsIn(FEED_KINDS as unknown as string[], { message: said('kind vaut person, machine ou site.', 'kind is person, machine or site.') })
  kind?: FeedKind;
  /**
   * The machine of a machine feed (required then; a machineId alone also names a machine feed).
   * @example "7c4a2f1e-9b3d-4a6c-8e5f-2d1c0b9a8e7f"
   */
  @ValidateIf((o: FeedTargetDto) => o.kind === 'machine' || o.machineId !== undefined)
  @IsUUID('all', { message: said('Indiquez la machine (machineId).', 'machineId is required for a machine feed.') })
  machineId?: string;
  /**
   * The site of a site feed (admins; a manager's is their own).
   * @example "5d1f6a3c-2b4e-4f8a-9c7d-1e2f3a4b5c6d"
   */
  @IsOptional() @IsUUID('all', { message: said('siteId invalide.', 'Invalid siteId.') }) siteId?: string;
}

export class CalendarSettingsDto {
  /** @example "5d1f6a3c-2b4e-4f8a-9c7d-1e2f3a4b5c6d" */
  @IsOptional() @IsUUID('all', { message: said('siteId invalide.', 'Invalid siteId.') }) siteId?: string;
  /**
   * Show who booked on machine and site feeds.
   * @example true
   */
  @IsBoolean({ message: said('namesOnStaffFeeds vaut true ou false.', 'namesOnStaffFeeds is true or false.') }) namesOnStaffFeeds: boolean;
}
