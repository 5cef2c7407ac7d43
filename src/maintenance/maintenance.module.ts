import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessReadModule } from '../access/access-read.module';
import { InventoryModule } from '../inventory/inventory.module';
import { MachinesModule } from '../machines/machines.module';
import { PeopleModule } from '../people/people.module';
import { SitesModule } from '../sites/sites.module';
import { MAINTENANCE_ENTITIES } from './entities';
import { MaintenanceController } from './maintenance.controller';
import { MaintenancePages } from './maintenance.pages';
import { MaintenanceService } from './maintenance.service';

@Module({
  imports: [TypeOrmModule.forFeature(MAINTENANCE_ENTITIES), AccessReadModule, InventoryModule, MachinesModule, PeopleModule, SitesModule],
  controllers: [MaintenanceController, MaintenancePages],
  providers: [MaintenanceService],
  exports: [MaintenanceService],
})
export class MaintenanceModule {}
