import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PeopleModule } from '../people/people.module';
import { SitesModule } from '../sites/sites.module';
import { StockLocation } from './entities/location.entity';
import { Part } from './entities/part.entity';
import { StockLevel } from './entities/stock-level.entity';
import { StockMove } from './entities/stock-move.entity';
import { InventoryController } from './inventory.controller';
import { InventoryPages } from './inventory.pages';
import { InventoryService } from './inventory.service';
import { StockService } from './stock.service';
import { LowStockMailer } from './low-stock.mailer';

@Module({
  imports: [TypeOrmModule.forFeature([Part, StockLocation, StockLevel, StockMove]), PeopleModule, SitesModule],
  controllers: [InventoryController, InventoryPages],
  providers: [InventoryService, StockService, LowStockMailer],
  exports: [InventoryService, StockService],
})
export class InventoryModule {}
