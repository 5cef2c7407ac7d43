import { Body, Controller, Get, Header, Param, ParseUUIDPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/public.decorator';
import { CurrentViewer, Roles, Viewer } from '../common/viewer';
import { CatalogueService } from './catalogue.service';
import { CatalogueQuery, CatalogueRequestDto, ListingDto, RequestReleaseDto, RequestsQuery, ReserveDto } from './dto/catalogue.dto';
import { PhotoQuery } from './dto/repairs-query.dto';
import { RefurbishService } from './refurbish.service';

/**
 * The public side: a site's catalogue of refurbished devices ready for release, and the request
 * form. Public on purpose (people on low incomes ask without an account); a site that has not
 * published its catalogue answers 404, and nothing here names a donor, a serial number or a person.
 */
@ApiTags('catalogue')
@Controller('api/catalogue')
export class CatalogueController {
  constructor(private readonly catalogue: CatalogueService) {}

  @Public()
  @Get('photos/:id')
  @Header('Content-Type', 'image/jpeg')
  @Header('Cache-Control', 'public, max-age=3600')
  async photo(@Param('id', ParseUUIDPipe) id: string, @Query() q: PhotoQuery, @Res() res: Response) {
    res.send(await this.catalogue.publicPhoto(id, q.thumb === '1' || q.thumb === 'true'));
  }

  @Public()
  @Get(':slug')
  list(@Param('slug') slug: string, @Query() q: CatalogueQuery) {
    return this.catalogue.catalogue(slug, q.lang ?? 'fr');
  }

  @Public()
  @Get(':slug/devices/:id')
  device(@Param('slug') slug: string, @Param('id', ParseUUIDPipe) id: string, @Query() q: CatalogueQuery) {
    return this.catalogue.catalogueDevice(slug, id, q.lang ?? 'fr');
  }

  /** A request for one device: the situations ticked (each a yes), a name and a phone or e-mail. */
  @Public()
  @Post(':slug/requests')
  request(@Param('slug') slug: string, @Body() dto: CatalogueRequestDto) {
    return this.catalogue.request(slug, dto);
  }
}

/** The workshop's side: requests waiting, reservation, release with its receipt, catalogue listing. */
@ApiTags('repairs')
@Controller('api/repairs')
@Roles('volunteer', 'manager')
export class CatalogueStaffController {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly refurbish: RefurbishService,
  ) {}

  @Get('requests')
  requests(@CurrentViewer() viewer: Viewer, @Query() q: RequestsQuery) {
    return this.catalogue.list(viewer, q.siteId, q.view ?? 'open');
  }

  @Post('requests/:id/reserve')
  reserve(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ReserveDto) {
    return this.catalogue.reserve(viewer, id, dto);
  }

  @Post('requests/:id/cancel')
  cancel(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    return this.catalogue.cancel(viewer, id);
  }

  @Post('requests/:id/release')
  release(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: RequestReleaseDto) {
    return this.catalogue.release(viewer, id, dto);
  }

  @Put('devices/:id/listing')
  listing(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ListingDto) {
    return this.catalogue.setListing(viewer, id, dto);
  }

  /** The receipt the person keeps (PDF, French). */
  @Get('releases/:id/receipt.pdf')
  async receipt(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Res() res: Response) {
    const pdf = await this.refurbish.receipt(viewer, id);
    res.type('application/pdf').setHeader('Content-Disposition', `inline; filename="recu-${id.slice(0, 8)}.pdf"`);
    res.send(pdf);
  }
}
