import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentViewer, Roles, Viewer } from '../common/viewer';
import { CreateSiteDto } from './dto/create-site.dto';
import { SitesService } from './sites.service';

@ApiTags('sites')
@Controller('api/sites')
export class SitesController {
  constructor(private readonly sites: SitesService) {}

  @Get()
  list(@CurrentViewer() viewer: Viewer) {
    return this.sites.list(viewer);
  }

  @Get(':id')
  get(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    return this.sites.get(viewer, id);
  }

  @Post()
  @Roles('admin')
  create(@Body() dto: CreateSiteDto) {
    return this.sites.create(dto);
  }
}
