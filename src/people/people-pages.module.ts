import { Module } from '@nestjs/common';
import { SitesModule } from '../sites/sites.module';
import { TrainingsModule } from '../trainings/trainings.module';
import { PeopleModule } from './people.module';
import { DayCardsPages } from './day-cards.pages';
import { PeoplePages } from './people.pages';

/** The people pages; a module of their own because they show trainings, which depend on people. */
@Module({
  imports: [PeopleModule, TrainingsModule, SitesModule],
  controllers: [PeoplePages, DayCardsPages],
})
export class PeoplePagesModule {}
