import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PeopleModule } from '../people/people.module';
import { SitesModule } from '../sites/sites.module';
import { TrainingsModule } from '../trainings/trainings.module';
import { CredentialIssuerPages, CredentialsPages } from './credentials.pages';
import { WorkshopsCalendar } from './workshops.calendar';
import { CredentialsService } from './credentials.service';
import { SkillsPages } from './skills.pages';
import { EvidenceRulesListener } from './evidence-rules.listener';
import { EvidenceService } from './evidence.service';
import { FrameworksService } from './frameworks.service';
import { PathExport } from './path-export';
import { PathsService } from './paths.service';
import { ReportsService } from './reports.service';
import { SkillsController } from './skills.controller';
import { WorkshopsController } from './workshops.controller';
import { WorkshopsService } from './workshops.service';
import { WorkshopReminders, WorkshopRemindersSchedule } from './workshop-reminders';
import { SKILLS_ENTITY_LIST } from './entities';

export const SKILLS_ENTITIES = SKILLS_ENTITY_LIST;

@Module({
  imports: [TypeOrmModule.forFeature(SKILLS_ENTITIES), PeopleModule, SitesModule, TrainingsModule],
  controllers: [SkillsController, WorkshopsController, WorkshopsCalendar, CredentialsPages, CredentialIssuerPages, SkillsPages],
  providers: [
    FrameworksService,
    EvidenceService,
    PathsService,
    WorkshopsService,
    CredentialsService,
    ReportsService,
    PathExport,
    WorkshopReminders,
    WorkshopRemindersSchedule,
    EvidenceRulesListener,
  ],
  exports: [EvidenceService, FrameworksService, CredentialsService, PathsService, WorkshopsService],
})
export class SkillsModule {}
