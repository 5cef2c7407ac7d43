import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MachinesModule } from '../machines/machines.module';
import { Badge } from '../people/entities/badge.entity';
import { Person } from '../people/entities/person.entity';
import { SitesModule } from '../sites/sites.module';
import { TrainingsModule } from '../trainings/trainings.module';
import { AllowlistRefresher, AllowlistService } from './allowlist.service';
import { BridgesController } from './bridges.controller';
import { BridgesMqtt } from './bridges.mqtt';
import { BridgesService } from './bridges.service';
import { MosquittoDynsec } from './mosquitto-dynsec';
import { Bridge } from './entities/bridge.entity';

@Module({
  imports: [
    TypeOrmModule.forFeature([Bridge, Person, Badge]),
    MachinesModule,
    SitesModule,
    TrainingsModule,
  ],
  controllers: [BridgesController],
  providers: [BridgesService, BridgesMqtt, AllowlistService, AllowlistRefresher, MosquittoDynsec],
  exports: [BridgesService, AllowlistService],
})
export class BridgesModule {}
