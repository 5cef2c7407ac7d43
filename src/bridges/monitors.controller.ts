import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentViewer, Roles, Viewer } from '../common/viewer';
import { CreateMonitorDto } from './dto/bridge.dto';
import { MonitorsService } from './monitors.service';
import { SiteQuery } from '../common/query.dto';

/** Read-only MQTT accounts of a site: an admin, or the site's own manager. */
@ApiTags('bridges')
@Controller('api/monitors')
export class MonitorsController {
  constructor(private readonly monitors: MonitorsService) {}

  @Get()
  @Roles('manager')
  list(@CurrentViewer() viewer: Viewer, @Query() q: SiteQuery) {
    return this.monitors.list(viewer, q.siteId);
  }

  /** Returns the account's MQTT credentials once. */
  @Post()
  @Roles('manager')
  create(@CurrentViewer() viewer: Viewer, @Body() dto: CreateMonitorDto) {
    return this.monitors.create(viewer, dto);
  }

  @Post(':id/secret')
  @Roles('manager')
  resetSecret(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    return this.monitors.resetSecret(viewer, id);
  }

  @Delete(':id')
  @Roles('manager')
  @HttpCode(204)
  async remove(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.monitors.remove(viewer, id);
  }
}
