import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BookingsModule } from '../bookings/bookings.module';
import { BridgesModule } from '../bridges/bridges.module';
import { MachinesModule } from '../machines/machines.module';
import { AccessReadModule } from './access-read.module';
import { MembershipStandingModule } from '../memberships/membership-standing.module';
import { PeopleModule } from '../people/people.module';
import { SitesModule } from '../sites/sites.module';
import { StationQueueReadModule } from '../stations/station-queue.read';
import { TrainingsModule } from '../trainings/trainings.module';
import { AccessController } from './access.controller';
import { AccessCoordination } from './access-coordination';
import { AccessHousekeeping, AccessSchedule } from './access.jobs';
import { AccessMqtt } from './access.mqtt';
import { AccessFactsCache } from './access-facts.cache';
import { AccessService } from './access.service';
import { AuditLog } from './audit-log';
import { BadgeInReader } from './badge-in-reader';
import { LastUsesReader } from './last-uses-reader';
import { BadgeOutcomes } from './badge-outcomes';
import { BridgeEventLedger } from './bridge-event-ledger';
import { BridgeSessionEvents } from './bridge-session-events';
import { DeskSessions } from './desk-sessions';
import { SessionLeases } from './session-leases';
import { UsageSessions } from './usage-sessions';
import { AccessDecision } from './entities/access-decision.entity';
import { ProcessedEvent } from './entities/processed-event.entity';
import { UsageSession } from './entities/usage-session.entity';

@Module({
  imports: [
    TypeOrmModule.forFeature([UsageSession, AccessDecision, ProcessedEvent]),
    MachinesModule,
    PeopleModule,
    TrainingsModule,
    SitesModule,
    BookingsModule,
    BridgesModule,
    MembershipStandingModule,
    StationQueueReadModule,
    AccessReadModule,
  ],
  controllers: [AccessController],
  providers: [
    AccessService,
    UsageSessions,
    DeskSessions,
    SessionLeases,
    BadgeInReader,
    LastUsesReader,
    BadgeOutcomes,
    BridgeEventLedger,
    BridgeSessionEvents,
    AccessCoordination,
    AccessFactsCache,
    AuditLog,
    AccessMqtt,
    AccessHousekeeping,
    AccessSchedule,
  ],
  exports: [UsageSessions, DeskSessions, BridgeEventLedger, AuditLog],
})
export class AccessModule {}
