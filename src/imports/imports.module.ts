import { Module } from '@nestjs/common';
import { MachinesModule } from '../machines/machines.module';
import { PeopleModule } from '../people/people.module';
import { SitesModule } from '../sites/sites.module';
import { TrainingsModule } from '../trainings/trainings.module';
import { ImportsController } from './imports.controller';
import { ImportsPages } from './imports.pages';
import { ImportsService } from './imports.service';

/** Bulk import of people (badges, trainings passed) and machines from CSV; it owns no table and writes through their features. */
@Module({
  imports: [PeopleModule, TrainingsModule, MachinesModule, SitesModule],
  controllers: [ImportsController, ImportsPages],
  providers: [ImportsService],
})
export class ImportsModule {}
