import { Module } from '@nestjs/common';
import { BookingsModule } from '../bookings/bookings.module';
import { InventoryModule } from '../inventory/inventory.module';
import { JobsModule } from '../jobs/jobs.module';
import { MachinesModule } from '../machines/machines.module';
import { MembershipsModule } from '../memberships/memberships.module';
import { PeopleModule } from '../people/people.module';
import { RepairsModule } from '../repairs/repairs.module';
import { SitesModule } from '../sites/sites.module';
import { SkillsModule } from '../skills/skills.module';
import { TrainingsModule } from '../trainings/trainings.module';
import { BenchPages } from './bench.pages';
import { MeMoneyParts } from './me-money.parts';
import { MePages } from './me.pages';
import { TodayAlerts } from './today-alerts';
import { TodayPages } from './today.pages';

/**
 * Each role's home (« Mon espace », the volunteer's bench, the manager's day): pages that read many
 * features, through their services, so they live in a module no feature depends on.
 */
@Module({
  imports: [
    BookingsModule,
    InventoryModule,
    JobsModule,
    MachinesModule,
    MembershipsModule,
    PeopleModule,
    RepairsModule,
    SitesModule,
    SkillsModule,
    TrainingsModule,
  ],
  controllers: [MePages, BenchPages, TodayPages],
  providers: [TodayAlerts, MeMoneyParts],
})
export class HomesModule {}
