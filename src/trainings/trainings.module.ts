import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessReadModule } from '../access/access-read.module';
import { MailModule } from '../infra/mail/mail.service';
import { MachinesModule } from '../machines/machines.module';
import { PeopleModule } from '../people/people.module';
import { SitesModule } from '../sites/sites.module';
import { Qualification, QualificationCheckup, QualificationLapseWarning, QualificationReminder, Training, TrainingAttendee, TrainingSession } from './entities';
import { CataloguePages } from './catalogue.pages';
import { LapseWarnings } from './lapse-warnings';
import { TrainingReminders, TrainingRemindersSchedule } from './training-reminders';
import { TrainingSessionsPages } from './training-sessions.pages';
import { TrainingSessionsService } from './training-sessions.service';
import { TrainingsController } from './trainings.controller';
import { TrainingsPages } from './trainings.pages';
import { TrainingsService } from './trainings.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      Training,
      Qualification,
      TrainingSession,
      TrainingAttendee,
      QualificationReminder,
      QualificationCheckup,
      QualificationLapseWarning,
    ]),
    AccessReadModule,
    MailModule,
    MachinesModule,
    PeopleModule,
    SitesModule,
  ],
  controllers: [TrainingsController, TrainingsPages, TrainingSessionsPages, CataloguePages],
  providers: [TrainingsService, TrainingSessionsService, TrainingReminders, TrainingRemindersSchedule, LapseWarnings],
  exports: [TrainingsService, TrainingSessionsService],
})
export class TrainingsModule {}
