import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { assertAllInSite, assertVisible, CurrentViewer, requireSite, Roles, siteOf, Viewer } from '../common/viewer';
import { PeopleService } from '../people/people.service';
import { AttendanceDto, EnrolDto, WorkshopDto } from './dto/skills.dto';
import { isMediator, visiblePerson } from './people-access';
import { WorkshopReminders } from './workshop-reminders';
import { WorkshopsService } from './workshops.service';
import { SiteQuery } from '../common/query.dto';
import { CancelEnrolmentQuery } from './dto/skills-query.dto';

@ApiTags('workshops')
@Controller('api/workshops')
export class WorkshopsController {
  constructor(
    private readonly workshops: WorkshopsService,
    private readonly people: PeopleService,
    private readonly reminders: WorkshopReminders,
  ) {}

  @Get()
  list(@CurrentViewer() viewer: Viewer, @Query() q: SiteQuery) {
    return this.workshops.list(siteOf(viewer, q.siteId));
  }

  @Post()
  @Roles('manager', 'trainer', 'mediator')
  async create(@CurrentViewer() viewer: Viewer, @Body() dto: WorkshopDto) {
    const siteId = requireSite(viewer, dto.siteId);
    if (dto.trainerId) assertAllInSite(siteId, [dto.trainerId], [await visiblePerson(this.people, viewer, dto.trainerId, { mediatorOnly: true })], 'Personne');
    return this.workshops.create(siteId, dto);
  }

  @Get(':id')
  async get(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    const w = assertVisible(viewer, await this.workshops.get(id), 'Atelier');
    const counts = (await this.workshops.counts([w.id])).get(w.id) ?? { enrolled: 0, waiting: 0 };
    const roster = await this.workshops.roster(w.id);
    return {
      ...w,
      ...counts,
      // Names of the others are for mediators; a person sees only their own line.
      roster: isMediator(viewer) ? roster : roster.filter((r) => r.personId === viewer.id),
    };
  }

  /** Enrols the viewer (or, for a mediator, the person named). 201 with enrolled or waiting. */
  @Post(':id/enrol')
  async enrol(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: EnrolDto) {
    const w = assertVisible(viewer, await this.workshops.get(id), 'Atelier');
    const personId = dto.personId ?? viewer.id;
    if (personId !== viewer.id) assertAllInSite(w.siteId, [personId], [await visiblePerson(this.people, viewer, personId, { mediatorOnly: true })], 'Personne');
    const { enrolment, waitingPosition } = await this.workshops.enrol(w.id, personId);
    return { workshopId: w.id, personId, status: enrolment.status, seq: enrolment.seq, waitingPosition };
  }

  @Delete(':id/enrolment')
  @HttpCode(200)
  async cancel(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Query() q: CancelEnrolmentQuery) {
    const w = assertVisible(viewer, await this.workshops.get(id), 'Atelier');
    const who = q.personId ?? viewer.id;
    if (who !== viewer.id) await visiblePerson(this.people, viewer, who, { mediatorOnly: true });
    const result = await this.workshops.cancel(w.id, who);
    if (result.promoted) await this.reminders.notifyPromoted(result.promoted, w);
    return result;
  }

  @Post(':id/attendance')
  @Roles('manager', 'trainer', 'mediator')
  async attendance(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: AttendanceDto) {
    const w = assertVisible(viewer, await this.workshops.get(id), 'Atelier');
    return this.workshops.recordAttendance(w, dto.personIds, viewer.id);
  }
}
