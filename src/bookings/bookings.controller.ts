import { Body, Controller, Delete, Get, Header, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentViewer, Roles, Viewer } from '../common/viewer';
import { Public } from '../common/public.decorator';
import { BookingsService } from './bookings.service';
import { CalendarService } from './calendar.service';
import { AddClosureDto, BookableSettingsDto, CreateBookingDto, MoveBookingDto, SetOpeningHoursDto } from './dto/bookings.dto';
import { CalendarSettingsDto, FeedTargetDto } from './dto/calendar.dto';
import { SiteHoursService } from './site-hours.service';
import { SiteQuery } from '../common/query.dto';
import { AvailabilityQuery, BookingsListQuery } from './dto/bookings-query.dto';

@ApiTags('bookings')
@Controller('api')
export class BookingsController {
  constructor(
    private readonly bookings: BookingsService,
    private readonly hours: SiteHoursService,
    private readonly calendar: CalendarService,
  ) {}

  @Get('bookings/sites/:siteId/hours')
  getHours(@CurrentViewer() viewer: Viewer, @Param('siteId', ParseUUIDPipe) siteId: string) {
    return this.hours.get(viewer, siteId);
  }

  /** Replaces the weekly pattern (an empty list: always open). */
  @Put('bookings/sites/:siteId/hours')
  @Roles('manager')
  setHours(@CurrentViewer() viewer: Viewer, @Param('siteId', ParseUUIDPipe) siteId: string, @Body() dto: SetOpeningHoursDto) {
    return this.hours.setWeekly(viewer, siteId, dto);
  }

  @Post('bookings/sites/:siteId/closures')
  @Roles('manager')
  addClosure(@CurrentViewer() viewer: Viewer, @Param('siteId', ParseUUIDPipe) siteId: string, @Body() dto: AddClosureDto) {
    return this.hours.addClosure(viewer, siteId, dto);
  }

  @Delete('bookings/closures/:id')
  @Roles('manager')
  @HttpCode(204)
  removeClosure(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    return this.hours.removeClosure(viewer, id);
  }

  /** Makes a machine bookable, with its slot, min/max duration, horizon, notice, no-show and early-access minutes. */
  @Put('bookings/machines/:machineId/settings')
  @Roles('manager')
  setBookable(@CurrentViewer() viewer: Viewer, @Param('machineId', ParseUUIDPipe) machineId: string, @Body() dto: BookableSettingsDto) {
    return this.hours.setBookable(viewer, machineId, dto);
  }

  @Delete('bookings/machines/:machineId/settings')
  @Roles('manager')
  @HttpCode(204)
  unsetBookable(@CurrentViewer() viewer: Viewer, @Param('machineId', ParseUUIDPipe) machineId: string) {
    return this.hours.unsetBookable(viewer, machineId);
  }

  /** Free slots over a week (Monday of `week`, default this week) for a machine or a machine type. */
  @Get('bookings/availability')
  availability(@CurrentViewer() viewer: Viewer, @Query() q: AvailabilityQuery) {
    return this.bookings.availability(viewer, { machineId: q.machineId, machineType: q.machineType, siteId: q.siteId, week: q.week });
  }

  /** Books a machine (409 `slot_taken` with the conflicting slot when someone was faster). */
  @Post('bookings')
  book(@CurrentViewer() viewer: Viewer, @Body() dto: CreateBookingDto) {
    return this.bookings.book(viewer, dto);
  }

  @Get('bookings/mine')
  mine(@CurrentViewer() viewer: Viewer) {
    return this.bookings.mine(viewer);
  }

  /** A site's bookings and blocked time between two instants (default: the next 7 days). */
  @Get('bookings')
  @Roles('manager', 'trainer', 'volunteer')
  list(@CurrentViewer() viewer: Viewer, @Query() q: BookingsListQuery) {
    const start = q.from ? new Date(q.from) : new Date();
    const end = q.to ? new Date(q.to) : new Date(start.getTime() + 7 * 86400_000);
    return this.bookings.list(viewer, { siteId: q.siteId, machineId: q.machineId, from: start, to: end });
  }

  /**
   * Moves, shortens or lengthens a booking (same machine): its person up to the site's change
   * cut-off (else the machine's cancellation notice; 409 `too_late_to_change`), a manager at any
   * time; the same rules as a new booking. The answer carries the change kept, with the price
   * before and after.
   */
  @Post('bookings/:id/move')
  @HttpCode(200)
  move(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: MoveBookingDto) {
    return this.bookings.move(viewer, id, dto);
  }

  /** A booking's changes, oldest first (its person, the site's staff). */
  @Get('bookings/:id/changes')
  changes(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    return this.bookings.changesOf(viewer, id);
  }

  @Post('bookings/:id/cancel')
  @HttpCode(200)
  cancel(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    return this.bookings.cancel(viewer, id);
  }

  /** The secret iCalendar URL of my bookings, or of a machine's or the site's (managers). */
  @Post('bookings/calendar-feeds')
  @HttpCode(200)
  feed(@CurrentViewer() viewer: Viewer, @Body() dto: FeedTargetDto) {
    return this.calendar.feedFor(viewer, dto);
  }

  /** A new secret URL for that feed; the previous one stops answering. */
  @Post('bookings/calendar-feeds/rotate')
  @HttpCode(200)
  rotateFeed(@CurrentViewer() viewer: Viewer, @Body() dto: FeedTargetDto) {
    return this.calendar.rotate(viewer, dto);
  }

  /** Stops my URL for that feed. */
  @Post('bookings/calendar-feeds/revoke')
  @HttpCode(200)
  revokeFeed(@CurrentViewer() viewer: Viewer, @Body() dto: FeedTargetDto) {
    return this.calendar.revoke(viewer, dto);
  }

  /** Whether machine and site feeds show who booked (managers of the site). */
  @Get('bookings/calendar-settings')
  @Roles('manager')
  calendarSettings(@CurrentViewer() viewer: Viewer, @Query() q: SiteQuery) {
    return this.calendar.settingsOf(viewer, q.siteId);
  }

  @Put('bookings/calendar-settings')
  @Roles('manager')
  saveCalendarSettings(@CurrentViewer() viewer: Viewer, @Body() dto: CalendarSettingsDto) {
    return this.calendar.saveSettings(viewer, dto);
  }

  /** The feed itself: public, the secret in the URL is the key (calendar apps cannot log in). */
  @Public()
  @Get('calendar/:file')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Cache-Control', 'private, max-age=300')
  ics(@Param('file') file: string) {
    return this.calendar.ics(file.replace(/\.ics$/, ''));
  }
}
