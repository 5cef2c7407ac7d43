import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MachinesModule } from '../machines/machines.module';
import { SitesModule } from '../sites/sites.module';
import { BridgesController } from './bridges.controller';
import { BridgesMqtt } from './bridges.mqtt';
import { BridgesService } from './bridges.service';
import { Bridge } from './entities/bridge.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Bridge]), MachinesModule, SitesModule],
  controllers: [BridgesController],
  providers: [BridgesService, BridgesMqtt],
  exports: [BridgesService],
})
export class BridgesModule {}
