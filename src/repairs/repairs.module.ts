import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InventoryModule } from '../inventory/inventory.module';
import { SitesModule } from '../sites/sites.module';
import { REPAIRS_ENTITIES } from './entities';
import { CatalogueController, CatalogueStaffController } from './catalogue.controller';
import { CataloguePages } from './catalogue.pages';
import { CatalogueService } from './catalogue.service';
import { RepairEventsPages } from './events.pages';
import { OrdsService } from './ords.service';
import { RefurbishPages } from './refurbish.pages';
import { RefurbishService } from './refurbish.service';
import { RepairsController } from './repairs.controller';
import { RepairsPages } from './repairs.pages';
import { RepairsService } from './repairs.service';

@Module({
  imports: [TypeOrmModule.forFeature(REPAIRS_ENTITIES), InventoryModule, SitesModule],
  // RefurbishPages, RepairEventsPages and CataloguePages first: /repairs/refurbished, /repairs/events and /repairs/requests must win over /repairs/:id.
  controllers: [RepairsController, CatalogueController, CatalogueStaffController, RefurbishPages, RepairEventsPages, CataloguePages, RepairsPages],
  providers: [RepairsService, RefurbishService, OrdsService, CatalogueService],
  exports: [RepairsService],
})
export class RepairsModule {}
