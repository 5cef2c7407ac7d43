import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from '../access/access.module';
import { AccessReadModule } from '../access/access-read.module';
import { BookingsModule } from '../bookings/bookings.module';
import { BridgesModule } from '../bridges/bridges.module';
import { MailModule } from '../infra/mail/mail.service';
import { MachinesModule } from '../machines/machines.module';
import { PeopleModule } from '../people/people.module';
import { SitesModule } from '../sites/sites.module';
import { SkillsModule } from '../skills/skills.module';
import { TrainingsModule } from '../trainings/trainings.module';
import { JobAnalysisProcessor } from './analysis.processor';
import { FabJob, JobApprovalRule } from './entities/fab-job.entity';
import { JobApprovals } from './job-approvals.service';
import { JobApprovalsController } from './job-approvals.controller';
import { JobDispatchService } from './job-dispatch.service';
import { JobFitCheck } from './job-fit';
import { JobIntakeService } from './job-intake.service';
import { JobMachineEventsService } from './job-machine-events.service';
import { JobNotices } from './job-notices';
import { JobQueueService } from './job-queue.service';
import { JobFileInterceptor, JobsController } from './jobs.controller';
import { JobsPages } from './jobs.pages';
import { JobsReadService } from './jobs-read.service';
import { JobsService } from './jobs.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([FabJob, JobApprovalRule]),
    AccessModule,
    AccessReadModule,
    BookingsModule,
    BridgesModule,
    MachinesModule,
    MailModule,
    PeopleModule,
    SitesModule,
    SkillsModule,
    TrainingsModule,
  ],
  // JobApprovalsController first: its `api/jobs/approvals` must not be read as `api/jobs/:id`.
  controllers: [JobApprovalsController, JobsController, JobsPages],
  providers: [
    JobsService,
    JobApprovals,
    JobIntakeService,
    JobFitCheck,
    JobQueueService,
    JobDispatchService,
    JobMachineEventsService,
    JobNotices,
    JobsReadService,
    JobAnalysisProcessor,
    JobFileInterceptor,
  ],
  exports: [JobsService, JobsReadService],
})
export class JobsModule {}
