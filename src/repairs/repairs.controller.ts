import { BadRequestException, Body, Controller, Get, Header, Param, ParseUUIDPipe, Post, Put, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/public.decorator';
import { CurrentViewer, Roles, Viewer } from '../common/viewer';
import { DiskUpload, UploadedDiskFile } from '../infra/files/disk-upload';
import { CreateEventDto, ErasureDto, HarvestDto, IntakeDto, LogTimeDto, RefurbishDto, ReleaseDto, SettingsDto, StepDto, UsePartDto } from './dto/repairs.dto';
import { OrdsService } from './ords.service';
import { MAX_PHOTO_BYTES, photoTooLarge } from './photos';
import { RefurbishService } from './refurbish.service';
import { RepairsService } from './repairs.service';
import { SiteQuery } from '../common/query.dto';
import { BenchQuery, OrdsExportQuery, PhotoQuery } from './dto/repairs-query.dto';

/** A phone photo streamed to disk, refused past 15 MB while it arrives. */
const PhotoUpload = DiskUpload('photo', () => MAX_PHOTO_BYTES, photoTooLarge);

@ApiTags('repairs')
@Controller('api/repairs')
@Roles('volunteer', 'manager')
export class RepairsController {
  constructor(
    private readonly repairs: RepairsService,
    private readonly refurbish: RefurbishService,
    private readonly ords: OrdsService,
  ) {}

  @Post('intake')
  intake(@CurrentViewer() viewer: Viewer, @Body() dto: IntakeDto) {
    return this.repairs.intake(viewer, dto);
  }

  @Get('tickets')
  bench(@CurrentViewer() viewer: Viewer, @Query() q: BenchQuery) {
    return this.repairs.bench(viewer, q.siteId, q.all === 'true');
  }

  @Get('tickets/:id')
  detail(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    return this.repairs.detail(viewer, id);
  }

  @Post('tickets/:id/steps')
  step(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: StepDto) {
    return this.repairs.step(viewer, id, dto);
  }

  @Post('tickets/:id/time')
  logTime(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: LogTimeDto) {
    return this.repairs.logTime(viewer, id, dto);
  }

  @Post('tickets/:id/parts')
  usePart(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UsePartDto) {
    return this.repairs.usePart(viewer, id, dto);
  }

  /** Donated devices being refurbished (not yet released). */
  @Get('refurbished')
  refurbished(@CurrentViewer() viewer: Viewer, @Query() q: SiteQuery) {
    return this.refurbish.inWorkshop(viewer, q.siteId);
  }

  @Get('devices/:id')
  device(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    return this.repairs.device(viewer, id);
  }

  @Post('devices/:id/photos')
  @UseInterceptors(PhotoUpload)
  addPhoto(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @UploadedFile() file?: UploadedDiskFile) {
    if (!file?.size) throw new BadRequestException({ code: 'photo_missing', message: 'Ajoutez une photo (champ « photo »). A photo is required.' });
    return this.repairs.addPhoto(viewer, id, file.path);
  }

  @Get('photos/:id')
  @Header('Content-Type', 'image/jpeg')
  @Header('Cache-Control', 'private, max-age=86400')
  async photo(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Query() q: PhotoQuery, @Res() res: Response) {
    res.send(await this.repairs.photoFile(viewer, id, q.thumb === '1' || q.thumb === 'true'));
  }

  @Post('devices/:id/harvest')
  harvest(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: HarvestDto) {
    return this.repairs.harvest(viewer, id, dto);
  }

  @Put('devices/:id/refurbishment')
  refurbishment(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: RefurbishDto) {
    return this.refurbish.update(viewer, id, dto);
  }

  @Post('devices/:id/erasures')
  erasure(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ErasureDto) {
    return this.refurbish.recordErasure(viewer, id, dto);
  }

  @Get('devices/:id/erasures')
  erasures(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    return this.refurbish.erasuresOf(viewer, id);
  }

  @Get('devices/:id/erasure-certificate.pdf')
  async certificate(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Res() res: Response) {
    const pdf = await this.refurbish.certificate(viewer, id);
    res.type('application/pdf').setHeader('Content-Disposition', `inline; filename="effacement-${id.slice(0, 8)}.pdf"`);
    res.send(pdf);
  }

  @Post('devices/:id/release')
  release(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ReleaseDto) {
    return this.refurbish.release(viewer, id, dto);
  }

  @Put('settings')
  @Roles('manager')
  settings(@CurrentViewer() viewer: Viewer, @Body() dto: SettingsDto) {
    return this.refurbish.saveSettings(viewer, dto);
  }

  @Post('events')
  createEvent(@CurrentViewer() viewer: Viewer, @Body() dto: CreateEventDto) {
    return this.repairs.createEvent(viewer, dto);
  }

  @Get('events')
  events(@CurrentViewer() viewer: Viewer, @Query() q: SiteQuery) {
    return this.repairs.listEvents(viewer, q.siteId);
  }

  @Get('events/:id')
  event(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    return this.repairs.event(viewer, id);
  }

  /** ORDS v0.3 CSV of every repair attempt of the site; `unfinished=omit` leaves repairs under way out. */
  @Get('export/ords.csv')
  @Roles('manager')
  async exportOrds(@CurrentViewer() viewer: Viewer, @Res() res: Response, @Query() q: OrdsExportQuery) {
    res.type('text/csv; charset=utf-8').setHeader('Content-Disposition', 'attachment; filename="ords-export.csv"');
    for await (const chunk of this.ords.exportCsv(viewer, q.siteId, q.unfinished ?? 'unknown')) res.write(chunk);
    res.end();
  }

  /** Public impact figures (for funders and the public). */
  @Public()
  @Get('impact')
  impact(@Query() q: SiteQuery) {
    return this.ords.impact(q.siteId);
  }
}
