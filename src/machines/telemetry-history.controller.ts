import { Controller, Get, Header, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentViewer, Roles, Viewer } from '../common/viewer';
import { MAX_SAMPLES, TelemetryQueryDto } from './dto/telemetry.dto';
import { samplesCsv, TelemetryHistory } from './telemetry-history';

/** A machine's kept telemetry: the team reads it, as JSON or as a spreadsheet. Another site's machine is 404. */
@ApiTags('machines')
@Controller('api/machines')
export class TelemetryHistoryController {
  constructor(private readonly history: TelemetryHistory) {}

  @Get(':id/telemetry')
  @Roles('manager', 'trainer', 'volunteer')
  async list(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Query() q: TelemetryQueryDto) {
    return (await this.history.of(viewer, id, q)).samples;
  }

  /** The whole period by default (up to 10 000 samples): UTF-8 with BOM, `;`, French header, the site's local times. */
  @Get(':id/telemetry.csv')
  @Roles('manager', 'trainer', 'volunteer')
  @Header('Cache-Control', 'no-store')
  async csv(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Query() q: TelemetryQueryDto, @Res() res: Response) {
    const { machine, samples, zone } = await this.history.of(viewer, id, q, MAX_SAMPLES);
    const day = new Date().toISOString().slice(0, 10);
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .setHeader('Content-Disposition', `attachment; filename="telemetrie-${machine.slug}-${day}.csv"`)
      .send(samplesCsv(samples, zone));
  }
}
