import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from '../access/access.module';
import { AccessReadModule } from '../access/access-read.module';
import { MachinesModule } from '../machines/machines.module';
import { PeopleModule } from '../people/people.module';
import { SitesModule } from '../sites/sites.module';
import { StationQueueEntry } from './entities/station-queue-entry.entity';
import { StationsController } from './stations.controller';
import { StationsPages } from './stations.pages';
import { StationsService } from './stations.service';

/**
 * Free-access computers (docs/free-access.md): the desk's stations and waiting line. Sessions go
 * through access (DeskSessions, the badge-in path), so one lease enforces the time on every station.
 */
@Module({
  imports: [TypeOrmModule.forFeature([StationQueueEntry]), AccessModule, AccessReadModule, MachinesModule, PeopleModule, SitesModule],
  controllers: [StationsController, StationsPages],
  providers: [StationsService],
  exports: [StationsService],
})
export class StationsModule {}
