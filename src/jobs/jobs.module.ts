import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from '../access/access.module';
import { UsageSession } from '../access/entities/usage-session.entity';
import { BookingsModule } from '../bookings/bookings.module';
import { BridgesModule } from '../bridges/bridges.module';
import { MailModule } from '../infra/mail/mail.service';
import { Machine } from '../machines/entities/machine.entity';
import { MachinesModule } from '../machines/machines.module';
import { Person } from '../people/entities/person.entity';
import { Site } from '../sites/entities/site.entity';
import { SkillsModule } from '../skills/skills.module';
import { Qualification } from '../trainings/entities/qualification.entity';
import { Training } from '../trainings/entities/training.entity';
import { JobAnalysisProcessor } from './analysis.processor';
import { FabJob } from './entities/fab-job.entity';
import { JobFileInterceptor, JobsController } from './jobs.controller';
import { JobsPages } from './jobs.pages';
import { JobsReadService } from './jobs-read.service';
import { JobsService } from './jobs.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([FabJob, Machine, Person, Site, Training, Qualification, UsageSession]),
    AccessModule,
    BookingsModule,
    BridgesModule,
    MachinesModule,
    MailModule,
    SkillsModule,
  ],
  controllers: [JobsController, JobsPages],
  providers: [JobsService, JobsReadService, JobAnalysisProcessor, JobFileInterceptor],
  exports: [JobsService, JobsReadService],
})
export class JobsModule {}
