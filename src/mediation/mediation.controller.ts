import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Put, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { dayOf } from '../common/local-format';
import { assertVisible, CurrentViewer, requireSite, Roles, siteOf, Viewer } from '../common/viewer';
import { PeopleService } from '../people/people.service';
import { SitesService } from '../sites/sites.service';
import { FollowPersonDto, LogQuery, RecordActivityDto, ReportQuery } from './dto/mediation.dto';
import { ActivityRecorder } from './activity-recorder';
import { FollowUpService } from './follow-up.service';
import { personOfSite } from './mediation-access';
import { MediationExport } from './mediation-export';
import { MediationReportsService, type ReportFilter } from './mediation-reports.service';
import { MediationService } from './mediation.service';

/** The period asked for, or this year so far on the site's clock. */
export async function reportFilter(sites: SitesService, viewer: Viewer, q: ReportQuery): Promise<ReportFilter> {
  const siteId = siteOf(viewer, q.siteId);
  const today = dayOf(new Date(), await sites.zoneOf(siteId ?? viewer.siteId));
  const { siteId: _, from, to, ...slices } = q;
  return { siteId, from: from ?? `${today.slice(0, 4)}-01-01`, to: to ?? today, ...slices };
}

@ApiTags('mediation')
@Controller('api/mediation')
export class MediationController {
  constructor(
    private readonly mediation: MediationService,
    private readonly followUp: FollowUpService,
    private readonly reports: MediationReportsService,
    private readonly exporter: MediationExport,
    private readonly people: PeopleService,
    private readonly sites: SitesService,
    private readonly recorder: ActivityRecorder,
  ) {}

  /** Logs an accompaniment or a workshop. 201 when written, 200 when this id was already logged (nothing written). */
  @Post('activities')
  @Roles('mediator', 'manager')
  async record(@CurrentViewer() viewer: Viewer, @Body() dto: RecordActivityDto, @Res({ passthrough: true }) res: Response) {
    const siteId = requireSite(viewer, dto.siteId);
    const { activity, created, participants } = await this.recorder.record({ siteId, mediatorId: viewer.id }, dto);
    res.status(created ? 201 : 200);
    return { ...activity, created, participants };
  }

  @Get('activities')
  @Roles('mediator', 'manager')
  async log(@CurrentViewer() viewer: Viewer, @Query() q: LogQuery) {
    const siteId = requireSite(viewer, q.siteId);
    const today = dayOf(new Date(), await this.sites.zoneOf(siteId));
    return this.mediation.log(siteId, q.from ?? `${today.slice(0, 7)}-01`, q.to ?? today, { mediatorId: q.mine === 'true' ? viewer.id : undefined });
  }

  @Get('activities/:id')
  @Roles('mediator', 'manager')
  async get(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    const activity = assertVisible(viewer, await this.mediation.get(id).catch(() => null), 'Activité');
    return { ...activity, participants: await this.mediation.participantsOfActivity(id) };
  }

  /** Follows a person by name: `consent: true` is required and recorded. */
  @Put('followed/:personId')
  @Roles('mediator', 'manager')
  async follow(@CurrentViewer() viewer: Viewer, @Param('personId', ParseUUIDPipe) personId: string, @Body() dto: FollowPersonDto) {
    const person = await personOfSite(this.people, viewer, personId);
    return this.mediation.follow(person.siteId!, person.id, viewer.id, dto);
  }

  /** The person withdrew their consent: no longer followed by name (their past lines stay, anonymous). */
  @Delete('followed/:personId')
  @Roles('mediator', 'manager')
  @HttpCode(200)
  async unfollow(@CurrentViewer() viewer: Viewer, @Param('personId', ParseUUIDPipe) personId: string) {
    const person = await personOfSite(this.people, viewer, personId);
    await this.mediation.unfollow(person.id);
    return { personId: person.id, followed: false };
  }

  /** Hours attended against the weekly plan: the person themself, or their site's mediators. */
  @Get('followed/:personId/follow-up')
  async followUpOf(@CurrentViewer() viewer: Viewer, @Param('personId', ParseUUIDPipe) personId: string) {
    const person = await personOfSite(this.people, viewer, personId, { self: true });
    return this.followUp.of(person.id, person.siteId!);
  }

  @Get('reports')
  @Roles('manager')
  async report(@CurrentViewer() viewer: Viewer, @Query() q: ReportQuery) {
    return this.reports.report(await reportFilter(this.sites, viewer, q));
  }

  @Get('exports/activities.xlsx')
  @Roles('manager')
  async xlsx(@CurrentViewer() viewer: Viewer, @Query() q: ReportQuery, @Res() res: Response) {
    const f = await reportFilter(this.sites, viewer, q);
    res
      .status(200)
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .setHeader('Content-Disposition', `attachment; filename="activites-mediation-${f.from}-${f.to}.xlsx"`);
    await this.exporter.xlsx(f, res, await this.title(f));
  }

  @Get('exports/activities.csv')
  @Roles('manager')
  async csv(@CurrentViewer() viewer: Viewer, @Query() q: ReportQuery, @Res() res: Response) {
    const f = await reportFilter(this.sites, viewer, q);
    res.status(200).type('text/csv; charset=utf-8').setHeader('Content-Disposition', `attachment; filename="activites-mediation-${f.from}-${f.to}.csv"`);
    await this.exporter.csv(f, res);
  }

  private async title(f: ReportFilter): Promise<string> {
    const site = f.siteId ? await this.sites.findById(f.siteId) : null;
    return `Activités de médiation numérique — ${site?.name ?? 'tous les lieux'}`;
  }
}
