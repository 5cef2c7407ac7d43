import { Body, Controller, Get, Param, ParseUUIDPipe, Put, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/public.decorator';
import { CurrentViewer, Roles, Viewer } from '../common/viewer';
import { PlaceSettingsDto } from './dto/place-settings.dto';
import { placeJson, placesCsv } from './place-record';
import { PlacesService } from './places.service';

/** The open-data files are read by the national map's tools and anyone: no cookie, any origin. */
function openData(res: Response, type: string, filename: string) {
  res.type(type).setHeader('Access-Control-Allow-Origin', '*').setHeader('Cache-Control', 'public, max-age=300');
  res.setHeader('Content-Disposition', `inline; filename="${filename}"`);
}

const today = () => new Date().toISOString().slice(0, 10);

@ApiTags('places')
@Controller('api')
export class PlacesController {
  constructor(private readonly places: PlacesService) {}

  /**
   * The federation's published places in the national standard « lieux de médiation numérique »
   * v1.0.2: UTF-8 CSV, comma-separated, the 32 columns in order, multi-values joined with `|`,
   * `horaires` in OpenStreetMap opening_hours syntax. Only sites that chose to publish.
   */
  @Public()
  @Get('places.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV du standard national des lieux de médiation numérique (v1.0.2).' })
  async csv(@Res() res: Response) {
    const places = await this.places.published();
    openData(res, 'text/csv; charset=utf-8', `${today()}_lieux-de-mediation-numerique.csv`);
    res.send(placesCsv(places.map((p) => p.record)));
  }

  /** The same places as a JSON array: the standard's field names, empty fields left out, coordinates as numbers. */
  @Public()
  @Get('places.json')
  async json(@Res() res: Response) {
    const places = await this.places.published();
    openData(res, 'application/json; charset=utf-8', `${today()}_lieux-de-mediation-numerique.json`);
    res.send(
      JSON.stringify(
        places.map((p) => placeJson(p.record)),
        null,
        2,
      ),
    );
  }

  /** A site's settings for the standard, with the record as it would be published. */
  @Get('places/sites/:siteId')
  @Roles('manager')
  async get(@CurrentViewer() viewer: Viewer, @Param('siteId', ParseUUIDPipe) siteId: string) {
    const settings = await this.places.settingsOf(viewer, siteId);
    return { settings, record: await this.places.recordOf(viewer, siteId) };
  }

  /** Replaces a site's settings (sent whole). `published: true` requires SIRET or RNA, street, postal code, commune and a service. */
  @Put('places/sites/:siteId')
  @Roles('manager')
  async put(@CurrentViewer() viewer: Viewer, @Param('siteId', ParseUUIDPipe) siteId: string, @Body() dto: PlaceSettingsDto) {
    const settings = await this.places.save(viewer, siteId, dto);
    return { settings, record: await this.places.recordOf(viewer, siteId) };
  }
}
