import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentViewer, Roles, Viewer } from '../common/viewer';
import { CreateLocationDto, CreatePartDto, RecordMoveDto, UpdateLocationDto, UpdatePartDto } from './dto/inventory.dto';
import { InventoryService } from './inventory.service';
import { StockService } from './stock.service';
import { SiteQuery } from '../common/query.dto';

@ApiTags('inventory')
@Controller('api/inventory')
@Roles('volunteer', 'manager')
export class InventoryController {
  constructor(
    private readonly inventory: InventoryService,
    private readonly stock: StockService,
  ) {}

  @Get('locations')
  locations(@CurrentViewer() viewer: Viewer, @Query() q: SiteQuery) {
    return this.inventory.listLocations(viewer, q.siteId);
  }

  @Post('locations')
  @Roles('manager')
  createLocation(@CurrentViewer() viewer: Viewer, @Body() dto: CreateLocationDto) {
    return this.inventory.createLocation(viewer, dto);
  }

  @Put('locations/:id')
  @Roles('manager')
  updateLocation(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateLocationDto) {
    return this.inventory.updateLocation(viewer, id, dto);
  }

  @Get('parts')
  parts(@CurrentViewer() viewer: Viewer, @Query() q: SiteQuery) {
    return this.inventory.listParts(viewer, q.siteId);
  }

  @Post('parts')
  @Roles('manager')
  createPart(@CurrentViewer() viewer: Viewer, @Body() dto: CreatePartDto) {
    return this.inventory.createPart(viewer, dto);
  }

  @Put('parts/:id')
  @Roles('manager')
  updatePart(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdatePartDto) {
    return this.inventory.updatePart(viewer, id, dto);
  }

  @Get('parts/:id')
  part(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    return this.inventory.getPart(viewer, id);
  }

  @Get('parts/:id/moves')
  moves(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    return this.stock.movesOf(viewer, id);
  }

  /** Received from a supplier or a donation, scrapped, or counted during a stock take. */
  @Post('moves')
  recordMove(@CurrentViewer() viewer: Viewer, @Body() dto: RecordMoveDto) {
    return this.stock.recordMove(viewer, dto);
  }

  @Get('low-stock')
  lowStock(@CurrentViewer() viewer: Viewer, @Query() q: SiteQuery) {
    return this.stock.lowStock(viewer, q.siteId);
  }
}
