import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { SiteQuery } from '../common/query.dto';
import { CurrentViewer, Roles, Viewer } from '../common/viewer';
import { FreeAccessSettingsDto, JoinQueueDto, OpenStationSessionDto } from './dto/stations.dto';
import { StationsService } from './stations.service';

/** Who works the desk of free-access computers. */
export const DESK_ROLES = ['manager', 'mediator', 'volunteer'] as const;

/** Free-access computers at the desk (docs/free-access.md). */
@ApiTags('stations')
@Controller('api/stations')
export class StationsController {
  constructor(private readonly stations: StationsService) {}

  /** The site's public computers, who is on them until when, and the waiting line. */
  @Get()
  @Roles(...DESK_ROLES)
  board(@CurrentViewer() viewer: Viewer, @Query() q: SiteQuery) {
    return this.stations.board(viewer, q.siteId);
  }

  /** Opens a session at the desk (a person, or an anonymous visitor): `unlock` now, `lock` when the time is up. */
  @Post('sessions')
  @Roles(...DESK_ROLES)
  open(@CurrentViewer() viewer: Viewer, @Body() dto: OpenStationSessionDto) {
    return this.stations.open(viewer, dto);
  }

  /** Ends the session on a station (`lock`); the next in line is called. */
  @Post(':machineId/end')
  @Roles(...DESK_ROLES)
  @HttpCode(200)
  end(@CurrentViewer() viewer: Viewer, @Param('machineId', ParseUUIDPipe) machineId: string) {
    return this.stations.end(viewer, machineId);
  }

  /** Adds someone to the waiting line. */
  @Post('queue')
  @Roles(...DESK_ROLES)
  join(@CurrentViewer() viewer: Viewer, @Body() dto: JoinQueueDto) {
    return this.stations.join(viewer, dto);
  }

  /** Takes someone out of the line (gone, or did not come when called). */
  @Post('queue/:id/leave')
  @Roles(...DESK_ROLES)
  @HttpCode(200)
  leave(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    return this.stations.leave(viewer, id);
  }

  /** How long a session on a public computer lasts at most (minutes). */
  @Put('settings')
  @Roles('manager')
  settings(@CurrentViewer() viewer: Viewer, @Body() dto: FreeAccessSettingsDto) {
    return this.stations.setMinutes(viewer, dto);
  }
}
