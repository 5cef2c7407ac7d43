import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { BridgesModule } from '../bridges/bridges.module';
import { PeopleModule } from '../people/people.module';
import { SitesModule } from '../sites/sites.module';
import { MachinesModule } from './machines.module';
import { MachinesPages } from './machines.pages';

/** The live machines page; a module of its own because it reads access and bridges, which depend on machines. */
@Module({
  imports: [MachinesModule, AccessModule, PeopleModule, SitesModule, BridgesModule],
  controllers: [MachinesPages],
})
export class MachinesPagesModule {}
