import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { assertVisible, CurrentViewer, Roles, siteOf, Viewer } from '../common/viewer';
import { uidFor } from '../people/card-uid';
import { AuditLog } from './audit-log';
import { UsageSessions } from './usage-sessions';
import { SiteQuery } from '../common/query.dto';
import { DecisionsQuery } from './dto/access-query.dto';

@ApiTags('access')
@Controller('api')
export class AccessController {
  constructor(
    private readonly auditLog: AuditLog,
    private readonly sessions: UsageSessions,
  ) {}

  /** The audit log: the latest badge-in decisions of the site. */
  @Get('access/decisions')
  @Roles('manager', 'trainer', 'volunteer')
  async decisions(@CurrentViewer() viewer: Viewer, @Query() q: DecisionsQuery) {
    const rows = await this.auditLog.recent(siteOf(viewer, q.siteId), q.limit ?? 50);
    return rows.map((d) => ({ ...d, uid: uidFor(viewer, d.uid) }));
  }

  @Get('sessions/open')
  @Roles('manager', 'trainer', 'volunteer')
  open(@CurrentViewer() viewer: Viewer, @Query() q: SiteQuery) {
    return this.sessions.openSessions(siteOf(viewer, q.siteId));
  }

  /** A manager ends a session: the machine is locked (after its grace period on the bridge). */
  @Post('sessions/:id/end')
  @Roles('manager')
  @HttpCode(200)
  async end(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    assertVisible(viewer, await this.sessions.findSession(id), 'Session');
    return { ended: await this.sessions.endSession(id, 'manual', { lock: true }) };
  }
}
