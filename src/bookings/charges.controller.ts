import { Body, Controller, Get, Header, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentViewer, Roles, Viewer } from '../common/viewer';
import { ChargesService } from './charges.service';
import { StatementsService } from './statements.service';
import { CreatePriceLineDto, RecordConsumableDto, SetCategoryDto } from './dto/bookings.dto';
import { SiteQuery } from '../common/query.dto';
import { MonthQuery, StatementsQuery } from './dto/bookings-query.dto';

@ApiTags('charges')
@Controller('api/charges')
export class ChargesController {
  constructor(
    private readonly charges: ChargesService,
    private readonly monthly: StatementsService,
  ) {}

  @Get('prices')
  prices(@CurrentViewer() viewer: Viewer, @Query() q: SiteQuery) {
    return this.charges.listPrices(viewer, q.siteId);
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
  statements(@CurrentViewer() viewer: Viewer, @Query() q: StatementsQuery) {
    return this.monthly.statements(viewer, { month: q.month, siteId: q.siteId, personId: q.personId, company: q.company });
  }

  /** The month's charge lines for the accounting software. */
  @Get('statements.csv')
  @Roles('manager')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  csv(@CurrentViewer() viewer: Viewer, @Query() q: MonthQuery) {
    return this.monthly.csv(viewer, { month: q.month, siteId: q.siteId });
  }
}
