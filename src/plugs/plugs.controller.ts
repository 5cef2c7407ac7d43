import { Body, Controller, Get, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentViewer, Roles, Viewer } from '../common/viewer';
import { MachinesService } from '../machines/machines.service';
import { SetPlugDto } from './dto/plug.dto';
import { PlugCredentials } from './plug-credentials';
import { plugView, PlugsService } from './plugs.service';

@ApiTags('plugs')
@Controller('api/machines/:id/plug')
export class PlugsController {
  constructor(
    private readonly plugs: PlugsService,
    private readonly credentials: PlugCredentials,
    private readonly machines: MachinesService,
  ) {}

  /** Fits a machine with a Shelly or Tasmota plug; returns the plug's MQTT credentials once. */
  @Put()
  @Roles('manager')
  set(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: SetPlugDto) {
    return this.credentials.setPlug(viewer, id, dto);
  }

  @Get()
  @Roles('manager', 'trainer')
  async get(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    await this.machines.get(viewer, id);
    const plug = await this.plugs.getPlug(id);
    return plug ? plugView(plug) : null;
  }
}
