import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailModule } from '../infra/mail/mail.service';
import { PeopleModule } from '../people/people.module';
import { SitesModule } from '../sites/sites.module';
import { SkillsModule } from '../skills/skills.module';
import { FreeAccessReadModule } from '../stations/free-access-read';
import { TrainingsModule } from '../trainings/trainings.module';
import { ActivityRecorder } from './activity-recorder';
import { MEDIATION_ENTITIES } from './entities';
import { FollowUpService } from './follow-up.service';
import { MediationController } from './mediation.controller';
import { MediationExport } from './mediation-export';
import { MediationPages } from './mediation.pages';
import { MediationReportsService } from './mediation-reports.service';
import { MediationService } from './mediation.service';

/**
 * Digital mediation: the public digital space's daily log (accompaniments and workshops, in the
 * national activity report's terms), a person's follow-up against their plan, reports and exports.
 * `MediationService.record` is the one way in, for pages, the API and later on-site logging.
 */
@Module({
  imports: [TypeOrmModule.forFeature(MEDIATION_ENTITIES), PeopleModule, SitesModule, SkillsModule, TrainingsModule, MailModule, FreeAccessReadModule],
  controllers: [MediationController, MediationPages],
  providers: [MediationService, MediationReportsService, MediationExport, FollowUpService, ActivityRecorder],
  exports: [MediationService, MediationReportsService, ActivityRecorder],
})
export class MediationModule {}
