import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentViewer, Roles, Viewer } from '../common/viewer';
import { DashboardActions } from './dashboard.actions';
import { DashboardService } from './dashboard.service';
import { AcknowledgeAlertDto, ActionReasonDto, MaintenanceDto } from './dto/dashboard.dto';
import { SiteQuery } from '../common/query.dto';
import { ActionsQuery } from './dto/dashboard-query.dto';

/** The wall screen's data, and what a manager may do from it (docs/dashboard.md). */
@ApiTags('dashboard')
@Controller('api/dashboard')
export class DashboardController {
  constructor(
    private readonly dashboard: DashboardService,
    private readonly actions: DashboardActions,
  ) {}

  /** The whole picture of a site, as a reconnecting screen gets it over socket.io. */
  @Get()
  @Roles('manager', 'trainer', 'volunteer')
  snapshot(@CurrentViewer() viewer: Viewer, @Query() q: SiteQuery) {
    return this.dashboard.snapshot(viewer, q.siteId);
  }

  /** The audit of manager actions (lock, end session, maintenance, release, alert acknowledged). */
  @Get('actions')
  @Roles('manager')
  async history(@CurrentViewer() viewer: Viewer, @Query() q: ActionsQuery) {
    const site = await this.dashboard.siteFor(viewer, q.siteId);
    return this.dashboard.recentActions(site.id, undefined, q.limit ?? 100);
  }

  @Post('machines/:id/lock')
  @Roles('manager')
  @HttpCode(200)
  lock(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ActionReasonDto) {
    return this.actions.lock(viewer, id, dto.reason);
  }

  @Post('machines/:id/end-session')
  @Roles('manager')
  @HttpCode(200)
  endSession(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ActionReasonDto) {
    return this.actions.endSession(viewer, id, dto.reason);
  }

  @Post('machines/:id/maintenance')
  @Roles('manager')
  @HttpCode(200)
  maintenance(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: MaintenanceDto) {
    return this.actions.maintenance(viewer, id, dto.reason);
  }

  @Post('machines/:id/release')
  @Roles('manager')
  @HttpCode(200)
  release(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ActionReasonDto) {
    return this.actions.release(viewer, id, dto.reason);
  }

  @Post('alerts/ack')
  @Roles('manager')
  @HttpCode(200)
  acknowledge(@CurrentViewer() viewer: Viewer, @Body() dto: AcknowledgeAlertDto) {
    return this.actions.acknowledge(viewer, dto.key, dto.reason);
  }
}
