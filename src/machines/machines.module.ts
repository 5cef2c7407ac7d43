import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SitesModule } from '../sites/sites.module';
import { Machine } from './entities/machine.entity';
import { MachineDirectory } from './machine-directory';
import { MachineLiveService } from './machine-live.service';
import { MachinesController } from './machines.controller';
import { MachinesMqtt } from './machines.mqtt';
import { MachinesService } from './machines.service';

@Module({
  imports: [TypeOrmModule.forFeature([Machine]), SitesModule],
  controllers: [MachinesController],
  providers: [MachinesService, MachineDirectory, MachineLiveService, MachinesMqtt],
  exports: [MachinesService, MachineDirectory, MachineLiveService],
})
export class MachinesModule {}
