import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { BridgesModule } from '../bridges/bridges.module';
import { DashboardModule } from '../dashboard/dashboard.module';
import { MachinesModule } from '../machines/machines.module';
import { PeopleModule } from '../people/people.module';
import { PlugsModule } from '../plugs/plugs.module';
import { SitesModule } from '../sites/sites.module';
import { TrainingsModule } from '../trainings/trainings.module';
import { CataloguePages } from './catalogue.pages';
import { DashboardPages } from './dashboard.pages';
import { MachinesPages } from './machines.pages';
import { PagesController } from './pages.controller';
import { PeoplePages } from './people.pages';
import { SitePages } from './site.pages';

/** Server-rendered pages (French first, English with ?lang=en) and their few scripts. */
@Module({
  imports: [MachinesModule, AccessModule, PeopleModule, TrainingsModule, SitesModule, BridgesModule, DashboardModule, PlugsModule],
  controllers: [PagesController, MachinesPages, PeoplePages, CataloguePages, DashboardPages, SitePages],
})
export class WebModule {}
