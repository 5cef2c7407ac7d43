import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PeopleModule } from '../people/people.module';
import { SitesModule } from '../sites/sites.module';
import { INVENTORY_ENTITIES } from './entities';
import { InventoryController } from './inventory.controller';
import { InventoryPages } from './inventory.pages';
import { InventoryService } from './inventory.service';
import { StockLoans } from './stock-loans';
import { StockService } from './stock.service';
import { LowStockMailer } from './low-stock.mailer';

@Module({
  imports: [TypeOrmModule.forFeature(INVENTORY_ENTITIES), PeopleModule, SitesModule],
  controllers: [InventoryController, InventoryPages],
  providers: [InventoryService, StockService, StockLoans, LowStockMailer],
  exports: [InventoryService, StockService, StockLoans],
})
export class InventoryModule {}
