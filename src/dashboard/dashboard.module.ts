import { MaintenanceModule } from '../maintenance/maintenance.module';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessReadModule } from '../access/access-read.module';
import { AccessModule } from '../access/access.module';
import { BridgesModule } from '../bridges/bridges.module';
import { JobsModule } from '../jobs/jobs.module';
import { MachinesModule } from '../machines/machines.module';
import { PeopleModule } from '../people/people.module';
import { PlugsModule } from '../plugs/plugs.module';
import { SitesModule } from '../sites/sites.module';
import { DashboardActions } from './dashboard.actions';
import { DashboardBatcher } from './dashboard.batcher';
import { DashboardPages } from './dashboard.pages';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';
import { ManagerAction } from './entities/manager-action.entity';
import { SiteFactsReader } from './site-facts.reader';

/**
 * The managers' wall screen: a read model over machines, sessions, bridges and jobs, plus audited
 * actions. It reads the other features through their services, one whole-site query each.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([ManagerAction]),
    MachinesModule,
    AccessModule,
    AccessReadModule,
    BridgesModule,
    JobsModule,
    MaintenanceModule,
    PeopleModule,
    PlugsModule,
    SitesModule,
  ],
  controllers: [DashboardController, DashboardPages],
  providers: [SiteFactsReader, DashboardService, DashboardBatcher, DashboardActions],
  exports: [DashboardService],
})
export class DashboardModule {}
