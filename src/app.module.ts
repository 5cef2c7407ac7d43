import { DynamicModule, Module } from '@nestjs/common';
import { APP_ENTITIES } from './app.entities';
import { AccessModule } from './access/access.module';
import { UsageHistoryModule } from './access/usage-history.module';
import { AuthModule } from './auth/auth.module';
import { BookingsModule } from './bookings/bookings.module';
import { BridgesModule } from './bridges/bridges.module';
import { ChangeBusModule } from './common/change-bus';
import { DomainEventsModule } from './common/domain-events';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './infra/database/database.module';
import { HealthModule } from './infra/health/health.controller';
import { MetricsModule } from './infra/metrics/metrics';
import { MqttModule } from './infra/mqtt/mqtt.module';
import { QueueModule } from './infra/queue/queue.module';
import { RealtimeModule } from './infra/realtime/realtime.module';
import { FilesModule } from './infra/files/file-store';
import { InventoryModule } from './inventory/inventory.module';
import { JobsModule } from './jobs/jobs.module';
import { MachinesPagesModule } from './machines/machines-pages.module';
import { MachinesModule } from './machines/machines.module';
import { MaintenanceModule } from './maintenance/maintenance.module';
import { MembershipsModule } from './memberships/memberships.module';
import { MediationModule } from './mediation/mediation.module';
import { OutreachModule } from './outreach/outreach.module';
import { StationsModule } from './stations/stations.module';
import { ImportsModule } from './imports/imports.module';
import { PeoplePagesModule } from './people/people-pages.module';
import { PayablesModule } from './payments/payables';
import { PaymentsModule } from './payments/payments.module';
import { InvoicesModule } from './invoices/invoices.module';
import { PeopleModule } from './people/people.module';
import { PlacesModule } from './places/places.module';
import { PlugsModule } from './plugs/plugs.module';
import { RepairsModule } from './repairs/repairs.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { HomesModule } from './homes/homes.module';
import { SitePagesModule } from './sites/site-pages.module';
import { SitesModule } from './sites/sites.module';
import { SkillsModule } from './skills/skills.module';
import { TrainingsModule } from './trainings/trainings.module';

/** Wires the modules; nothing else. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(APP_ENTITIES),
        MetricsModule,
        MqttModule,
        QueueModule,
        PayablesModule,
        RealtimeModule,
        ChangeBusModule,
        DomainEventsModule,
        HealthModule,
        AuthModule,
        SitesModule,
        PeopleModule,
        MachinesModule,
        TrainingsModule,
        AccessModule,
        UsageHistoryModule,
        BookingsModule,
        MembershipsModule,
        BridgesModule,
        PlugsModule,
        FilesModule,
        InventoryModule,
        MaintenanceModule,
        RepairsModule,
        MachinesPagesModule,
        PeoplePagesModule,
        SitePagesModule,
        SkillsModule,
        MediationModule,
        OutreachModule,
        StationsModule,
        PlacesModule,
        ImportsModule,
        JobsModule,
        DashboardModule,
        HomesModule,
        InvoicesModule,
        PaymentsModule,
      ],
    };
  }
}
