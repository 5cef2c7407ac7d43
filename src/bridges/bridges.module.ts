import { Module } from '@nestjs/common';
import { AccessReadModule } from '../access/access-read.module';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MachinesModule } from '../machines/machines.module';
import { MembershipStandingModule } from '../memberships/membership-standing.module';
import { SitesModule } from '../sites/sites.module';
import { TrainingsModule } from '../trainings/trainings.module';
import { PeopleModule } from '../people/people.module';
import { AllowlistBuilder } from './allowlist-builder';
import { AllowlistService } from './allowlist.service';
import { BridgesController } from './bridges.controller';
import { BridgesPages } from './bridges.pages';
import { BridgesMqtt } from './bridges.mqtt';
import { BridgesService } from './bridges.service';
import { BridgeGrants } from './bridge-grants';
import { BridgePairingKit } from './bridge-pairing-kit';
import { BridgeStatus } from './bridge-status';
import { BridgeSilence } from './bridge-silence';
import { BridgeConfigService } from './bridge-config.service';
import { MosquittoDynsec } from './mosquitto-dynsec';
import { Bridge } from './entities/bridge.entity';
import { MqttMonitor } from './entities/mqtt-monitor.entity';
import { MonitorsController } from './monitors.controller';
import { MonitorsService } from './monitors.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Bridge, MqttMonitor]),
    PeopleModule,
    MachinesModule,
    SitesModule,
    TrainingsModule,
    MembershipStandingModule,
    AccessReadModule,
  ],
  controllers: [BridgesController, MonitorsController, BridgesPages],
  providers: [
    BridgesService,
    BridgeSilence,
    BridgeConfigService,
    BridgeGrants,
    BridgePairingKit,
    BridgeStatus,
    MonitorsService,
    BridgesMqtt,
    AllowlistBuilder,
    AllowlistService,
    MosquittoDynsec,
  ],
  exports: [BridgesService, BridgeStatus, BridgeSilence, MonitorsService, AllowlistService, MosquittoDynsec],
})
export class BridgesModule {}
