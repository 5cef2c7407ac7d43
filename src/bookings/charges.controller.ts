import { Body, Controller, Get, Header, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentViewer, Roles, Viewer } from '../common/viewer';
import { ChargesService } from './charges.service';
import { CreatePriceLineDto, RecordConsumableDto, SetCategoryDto } from './dto/bookings.dto';

@ApiTags('charges')
@Controller('api/charges')
export class ChargesController {
  constructor(private readonly charges: ChargesService) {}

  @Get('prices')
  prices(@CurrentViewer() viewer: Viewer, @Query('siteId') siteId?: string) {
    return this.charges.listPrices(viewer, siteId);
  }

  @Post('prices')
  @Roles('manager')
  addPrice(@CurrentViewer() viewer: Viewer, @Body() dto: CreatePriceLineDto) {
    return this.charges.addPrice(viewer, dto);
  }

  /** A person's pricing category (e.g. demandeur_emploi, adherent, entrepreneur, entreprise) and company. */
  @Put('people/:personId/category')
  @Roles('manager')
  setCategory(@CurrentViewer() viewer: Viewer, @Param('personId', ParseUUIDPipe) personId: string, @Body() dto: SetCategoryDto) {
    return this.charges.setCategory(viewer, personId, dto);
  }

  @Post('consumables')
  @Roles('manager', 'trainer', 'volunteer')
  consumable(@CurrentViewer() viewer: Viewer, @Body() dto: RecordConsumableDto) {
    return this.charges.recordConsumable(viewer, dto);
  }

  /** Monthly statements (YYYY-MM); a maker or entrepreneur only gets their own. */
  @Get('statements')
  statements(@CurrentViewer() viewer: Viewer, @Query('month') month: string, @Query('siteId') siteId?: string, @Query('personId') personId?: string, @Query('company') company?: string) {
    return this.charges.statements(viewer, { month: month ?? '', siteId, personId, company });
  }

  /** The month's charge lines for the accounting software. */
  @Get('statements.csv')
  @Roles('manager')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  csv(@CurrentViewer() viewer: Viewer, @Query('month') month: string, @Query('siteId') siteId?: string) {
    return this.charges.csv(viewer, { month: month ?? '', siteId });
  }
}
