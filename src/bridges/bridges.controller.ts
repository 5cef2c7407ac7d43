import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentViewer, Roles, Viewer } from '../common/viewer';
import { BridgesService } from './bridges.service';
import { BridgeConfigService } from './bridge-config.service';
import { BridgeConfigDto } from './dto/bridge-config.dto';
import { AssignMachinesDto, RegisterBridgeDto } from './dto/bridge.dto';
import { SiteQuery } from '../common/query.dto';

@ApiTags('bridges')
@Controller('api/bridges')
export class BridgesController {
  constructor(
    private readonly bridges: BridgesService,
    private readonly configs: BridgeConfigService,
  ) {}

  @Get()
  @Roles('manager')
  list(@CurrentViewer() viewer: Viewer, @Query() q: SiteQuery) {
    return this.bridges.list(viewer, q.siteId);
  }

  /** Pairing: returns the bridge's MQTT credentials once. */
  @Post()
  @Roles('admin')
  register(@CurrentViewer() viewer: Viewer, @Body() dto: RegisterBridgeDto) {
    return this.bridges.register(viewer, dto);
  }

  /** A lost password: a new one, shown once; the old one stops working at once. */
  @Post(':id/secret')
  @Roles('admin')
  resetSecret(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    return this.bridges.resetSecret(viewer, id);
  }

  /** Unpairs a bridge: its broker account goes and a connected bridge is cut off. */
  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  async remove(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.bridges.remove(viewer, id);
  }

  @Put(':id/machines')
  @Roles('manager')
  assign(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: AssignMachinesDto) {
    return this.bridges.assign(viewer, id, dto);
  }

  /** The machine and device configuration served to the bridge, with its health (last seen, version, uptime, silent). */
  @Get(':id/config')
  @Roles('manager')
  config(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    return this.configs.view(viewer, id);
  }

  /** A new version of that configuration: signed with the site's key and published retained on the bridge's `config` topic. */
  @Put(':id/config')
  @Roles('manager')
  updateConfig(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: BridgeConfigDto) {
    return this.configs.update(viewer, id, dto);
  }
}
