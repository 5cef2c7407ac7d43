import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentViewer, Viewer } from '../common/viewer';
import { HistoryQueryDto } from './dto/history.dto';
import { historyCsv, UsageHistoryService } from './usage-history.service';

/** Usage sessions: staff see their site's, a maker only their own. */
@ApiTags('access')
@Controller('api')
export class UsageHistoryController {
  constructor(private readonly history: UsageHistoryService) {}

  @Get('sessions')
  list(@CurrentViewer() viewer: Viewer, @Query() q: HistoryQueryDto) {
    return this.history.history(viewer, q);
  }

  /** The same rows for a spreadsheet (UTF-8 with BOM, `;`, French header, the site's local times). */
  @Get('sessions.csv')
  @Header('Cache-Control', 'no-store')
  async csv(@CurrentViewer() viewer: Viewer, @Query() q: HistoryQueryDto, @Res() res: Response) {
    const [rows, zone] = await Promise.all([this.history.history(viewer, q), this.history.zoneFor(viewer, q.siteId)]);
    const day = new Date().toISOString().slice(0, 10);
    res.status(200).type('text/csv; charset=utf-8').setHeader('Content-Disposition', `attachment; filename="sessions-${day}.csv"`).send(historyCsv(rows, zone));
  }
}
