import { IsBoolean, IsIn, IsOptional, IsUUID, ValidateIf } from 'class-validator';
import { FEED_KINDS, FeedKind } from '../entities/calendar-feed.entity';

/** Which feed: mine (person), a machine's or the whole site's (managers). */
export class FeedTargetDto {
  @IsOptional() @IsIn(FEED_KINDS as unknown as string[], { message: 'kind vaut person, machine ou site. kind is person, machine or site.' })
  kind?: FeedKind;
  /** The machine of a machine feed (required then; a machineId alone also names a machine feed). */
  @ValidateIf((o: FeedTargetDto) => o.kind === 'machine' || o.machineId !== undefined)
  @IsUUID('all', { message: 'Indiquez la machine (machineId). machineId is required for a machine feed.' })
  machineId?: string;
  /** The site of a site feed (admins; a manager's is their own). */
  @IsOptional() @IsUUID('all', { message: 'siteId invalide. Invalid siteId.' }) siteId?: string;
}

export class CalendarSettingsDto {
  @IsOptional() @IsUUID('all', { message: 'siteId invalide. Invalid siteId.' }) siteId?: string;
  /** Show who booked on machine and site feeds. */
  @IsBoolean({ message: 'namesOnStaffFeeds vaut true ou false. namesOnStaffFeeds is true or false.' }) namesOnStaffFeeds: boolean;
}
