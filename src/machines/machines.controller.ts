import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentViewer, Roles, Viewer } from '../common/viewer';
import { CreateMachineDto, SetMachineStatusDto, UpdateMachineDto } from './dto/machine.dto';
import { MachinesService } from './machines.service';
import { SiteQuery } from '../common/query.dto';

@ApiTags('machines')
@Controller('api/machines')
export class MachinesController {
  constructor(private readonly machines: MachinesService) {}

  @Get()
  list(@CurrentViewer() viewer: Viewer, @Query() q: SiteQuery) {
    return this.machines.list(viewer, q.siteId);
  }

  @Get(':id')
  get(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    return this.machines.get(viewer, id);
  }

  @Post()
  @Roles('manager')
  create(@CurrentViewer() viewer: Viewer, @Body() dto: CreateMachineDto) {
    return this.machines.create(viewer, dto);
  }

  @Patch(':id')
  @Roles('manager')
  update(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateMachineDto) {
    return this.machines.update(viewer, id, dto);
  }

  @Put(':id/status')
  @Roles('manager')
  setStatus(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: SetMachineStatusDto) {
    return this.machines.setStatus(viewer, id, dto);
  }
}
