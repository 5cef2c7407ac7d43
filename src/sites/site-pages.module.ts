import { Module } from '@nestjs/common';
import { BridgesModule } from '../bridges/bridges.module';
import { MachinesModule } from '../machines/machines.module';
import { PlugsModule } from '../plugs/plugs.module';
import { SitePages } from './site.pages';
import { SitesModule } from './sites.module';

/** The site installation page; a module of its own because it shows bridges and plugs, which depend on sites. */
@Module({
  imports: [SitesModule, BridgesModule, PlugsModule, MachinesModule],
  controllers: [SitePages],
})
export class SitePagesModule {}
