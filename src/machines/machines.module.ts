import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SitesModule } from '../sites/sites.module';
import { Machine } from './entities/machine.entity';
import { MachineCommands } from './machine-commands';
import { MachineSample } from './entities/machine-sample.entity';
import { MachineDirectory } from './machine-directory';
import { MachineLiveService } from './machine-live.service';
import { MachinesController } from './machines.controller';
import { MachinesMqtt } from './machines.mqtt';
import { MachinesService } from './machines.service';
import { TelemetryHistory } from './telemetry-history';
import { TelemetryHistoryController } from './telemetry-history.controller';
import { TelemetrySampler } from './telemetry-sampler';

@Module({
  imports: [TypeOrmModule.forFeature([Machine, MachineSample]), SitesModule],
  controllers: [MachinesController, TelemetryHistoryController],
  providers: [MachinesService, MachineCommands, MachineDirectory, MachineLiveService, MachinesMqtt, TelemetrySampler, TelemetryHistory],
  exports: [MachinesService, MachineCommands, MachineDirectory, MachineLiveService, TelemetryHistory],
})
export class MachinesModule {}
