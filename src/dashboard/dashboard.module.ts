import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from '../access/access.module';
import { AccessDecision } from '../access/entities/access-decision.entity';
import { UsageSession } from '../access/entities/usage-session.entity';
import { Bridge } from '../bridges/entities/bridge.entity';
import { FabJob } from '../jobs/entities/fab-job.entity';
import { Machine } from '../machines/entities/machine.entity';
import { MachinesModule } from '../machines/machines.module';
import { Person } from '../people/entities/person.entity';
import { MachinePlug } from '../plugs/entities/machine-plug.entity';
import { Site } from '../sites/entities/site.entity';
import { SitesModule } from '../sites/sites.module';
import { DashboardActions } from './dashboard.actions';
import { DashboardBatcher } from './dashboard.batcher';
import { DashboardPages } from './dashboard.pages';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';
import { ManagerAction } from './entities/manager-action.entity';

/** The managers' wall screen: a read model over machines, sessions, bridges and jobs, plus audited actions. */
@Module({
  imports: [
    TypeOrmModule.forFeature([ManagerAction, Site, Machine, UsageSession, Bridge, FabJob, MachinePlug, Person, AccessDecision]),
    MachinesModule,
    AccessModule,
    SitesModule,
  ],
  controllers: [DashboardController, DashboardPages],
  providers: [DashboardService, DashboardBatcher, DashboardActions],
  exports: [DashboardService],
})
export class DashboardModule {}
