import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InventoryModule } from '../inventory/inventory.module';
import { SitesModule } from '../sites/sites.module';
import { REPAIRS_ENTITIES } from './entities';
import { RepairEventsPages } from './events.pages';
import { OrdsService } from './ords.service';
import { RefurbishPages } from './refurbish.pages';
import { RefurbishService } from './refurbish.service';
import { RepairsController } from './repairs.controller';
import { RepairsPages } from './repairs.pages';
import { RepairsService } from './repairs.service';

@Module({
  imports: [TypeOrmModule.forFeature(REPAIRS_ENTITIES), InventoryModule, SitesModule],
  // RefurbishPages and RepairEventsPages first: /repairs/refurbished and /repairs/events must win over /repairs/:id.
  controllers: [RepairsController, RefurbishPages, RepairEventsPages, RepairsPages],
  providers: [RepairsService, RefurbishService, OrdsService],
  exports: [RepairsService],
})
export class RepairsModule {}
