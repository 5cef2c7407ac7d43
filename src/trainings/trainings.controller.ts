import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { ApiTags } from '@nestjs/swagger';
import { CurrentViewer, Roles, siteOf, Viewer } from '../common/viewer';
import { frenchReasons, invalidInput } from '../common/validation';
import {
  CreateTrainingDto,
  CreateTrainingSessionDto,
  RecordPassDto,
  SuspendQualificationDto,
  RenewQualificationDto,
  UpdateTrainingDto,
} from './dto/training.dto';
import { TrainingSessionsService } from './training-sessions.service';
import { TrainingsService } from './trainings.service';
import { SiteQuery } from '../common/query.dto';
import { ExpiringQuery, SessionsQuery } from './dto/trainings-query.dto';

const DAY_MS = 86400_000;

/** A flat form (`r_<personId>` radios) as the session's JSON shape. */
export function sessionFromForm(body: Record<string, unknown>) {
  const attendees = Object.entries(body)
    .filter(([k, v]) => k.startsWith('r_') && typeof v === 'string' && v !== 'none')
    .map(([k, v]) => ({ personId: k.slice(2), result: v }));
  const pick = (k: string) => (typeof body[k] === 'string' && body[k] !== '' ? body[k] : undefined);
  const duration = pick('durationMinutes');
  return {
    trainingId: pick('trainingId'),
    date: pick('date'),
    notes: pick('notes'),
    trainerId: pick('trainerId'),
    // A select's value arrives as text; a text that is no number stays one, so the check names it.
    durationMinutes: typeof duration === 'string' && /^\d+$/.test(duration) ? Number(duration) : duration,
    attendees,
  };
}

@ApiTags('trainings')
@Controller('api')
export class TrainingsController {
  constructor(
    private readonly trainings: TrainingsService,
    private readonly sessions: TrainingSessionsService,
  ) {}

  @Get('trainings')
  list(@CurrentViewer() viewer: Viewer, @Query() q: SiteQuery) {
    return this.trainings.list(viewer, q.siteId);
  }

  @Post('trainings')
  @Roles('manager')
  create(@CurrentViewer() viewer: Viewer, @Body() dto: CreateTrainingDto) {
    return this.trainings.create(viewer, dto);
  }

  @Patch('trainings/:id')
  @Roles('manager')
  update(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateTrainingDto) {
    return this.trainings.update(viewer, id, dto);
  }

  @Post('qualifications')
  @Roles('trainer', 'manager')
  recordPass(@CurrentViewer() viewer: Viewer, @Body() dto: RecordPassDto) {
    return this.trainings.recordPass(viewer, dto);
  }

  /** Qualifications ending within `days` (60 by default), soonest first. */
  @Get('qualifications/expiring')
  @Roles('trainer', 'manager')
  expiring(@CurrentViewer() viewer: Viewer, @Query() q: ExpiringQuery) {
    const now = new Date();
    const within = q.days ?? 60;
    return this.trainings.expiringBetween(now, new Date(now.getTime() + within * DAY_MS), siteOf(viewer, q.siteId));
  }

  @Post('qualifications/:id/suspend')
  @Roles('manager')
  @HttpCode(200)
  suspend(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: SuspendQualificationDto) {
    return this.trainings.suspend(viewer, id, dto.reason);
  }

  /** A trainer's check-up renews a qualification that lapsed (or would) from disuse. */
  @Post('qualifications/:id/renew')
  @Roles('trainer', 'manager')
  renew(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: RenewQualificationDto) {
    return this.trainings.renew(viewer, id, dto);
  }

  @Post('qualifications/:id/reinstate')
  @Roles('manager')
  @HttpCode(200)
  reinstate(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    return this.trainings.reinstate(viewer, id);
  }

  @Get('people/:id/qualifications')
  qualifications(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    return this.trainings.qualificationsOf(viewer, id);
  }

  @Post('training-sessions')
  @Roles('trainer', 'manager')
  recordSession(@CurrentViewer() viewer: Viewer, @Body() dto: CreateTrainingSessionDto) {
    return this.sessions.record(viewer, dto);
  }

  /**
   * The same from the page's form (no script framework): one radio group per person named
   * `r_<personId>` with passed | failed | absent | none.
   */
  @Post('training-sessions/form')
  @Roles('trainer', 'manager')
  async recordSessionForm(@CurrentViewer() viewer: Viewer, @Body() body: Record<string, unknown>) {
    const dto = plainToInstance(CreateTrainingSessionDto, sessionFromForm(body));
    const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length) throw invalidInput(frenchReasons(errors));
    return this.sessions.record(viewer, dto);
  }

  @Get('training-sessions')
  @Roles('trainer', 'manager')
  listSessions(@CurrentViewer() viewer: Viewer, @Query() q: SessionsQuery) {
    return this.sessions.list(viewer, { siteId: q.siteId, trainingId: q.trainingId });
  }
}
