import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentViewer, Roles, Viewer } from '../common/viewer';
import { CreateTrainingDto, RecordPassDto } from './dto/training.dto';
import { TrainingsService } from './trainings.service';

@ApiTags('trainings')
@Controller('api')
export class TrainingsController {
  constructor(private readonly trainings: TrainingsService) {}

  @Get('trainings')
  list(@CurrentViewer() viewer: Viewer, @Query('siteId') siteId?: string) {
    return this.trainings.list(viewer, siteId);
  }

  @Post('trainings')
  @Roles('manager')
  create(@CurrentViewer() viewer: Viewer, @Body() dto: CreateTrainingDto) {
    return this.trainings.create(viewer, dto);
  }

  @Post('qualifications')
  @Roles('trainer', 'manager')
  recordPass(@CurrentViewer() viewer: Viewer, @Body() dto: RecordPassDto) {
    return this.trainings.recordPass(viewer, dto);
  }

  @Get('people/:id/qualifications')
  qualifications(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    return this.trainings.qualificationsOf(viewer, id);
  }
}
