import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from '../access/access.module';
import { BridgesModule } from '../bridges/bridges.module';
import { AccessReadModule } from '../access/access-read.module';
import { MachinesModule } from '../machines/machines.module';
import { SitesModule } from '../sites/sites.module';
import { MachinePlug } from './entities/machine-plug.entity';
import { PlugCredentials } from './plug-credentials';
import { PlugsController } from './plugs.controller';
import { PlugsService } from './plugs.service';

@Module({
  imports: [TypeOrmModule.forFeature([MachinePlug]), AccessModule, AccessReadModule, BridgesModule, MachinesModule, SitesModule],
  controllers: [PlugsController],
  providers: [PlugsService, PlugCredentials],
  exports: [PlugsService],
})
export class PlugsModule {}
