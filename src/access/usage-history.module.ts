import { SitesModule } from '../sites/sites.module';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MachinesModule } from '../machines/machines.module';
import { PeopleModule } from '../people/people.module';
import { UsageSession } from './entities/usage-session.entity';
import { UsageHistoryController } from './usage-history.controller';
import { UsageHistoryPages } from './usage-history.pages';
import { UsageHistoryService } from './usage-history.service';

/** Usage history (API, CSV, pages), kept apart from the badge-in path. */
@Module({
  imports: [TypeOrmModule.forFeature([UsageSession]), MachinesModule, PeopleModule, SitesModule],
  controllers: [UsageHistoryController, UsageHistoryPages],
  providers: [UsageHistoryService],
  exports: [UsageHistoryService],
})
export class UsageHistoryModule {}
