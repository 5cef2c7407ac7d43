import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BookingsModule } from '../bookings/bookings.module';
import { MailModule } from '../infra/mail/mail.service';
import { MachinesModule } from '../machines/machines.module';
import { PeopleModule } from '../people/people.module';
import { SitesModule } from '../sites/sites.module';
import { MEMBERSHIP_ENTITIES } from './entities';
import { MembershipReminders, MembershipRemindersSchedule } from './membership-reminders';
import { MembershipStandingModule } from './membership-standing.module';
import { MembershipsController, PacksController } from './memberships.controller';
import { MembershipsPages } from './memberships.pages';
import { MembershipPayments } from './membership-payments';
import { MembershipsService } from './memberships.service';
import { PacksService } from './packs.service';

/**
 * Memberships and prepaid packs: what a site sells (plans priced by the bookings' price
 * categories, pack offers), what people hold, and the pages. Payments read them as payables and
 * tell them when they are paid or refunded (src/payments/payables.ts).
 */
@Module({
  imports: [TypeOrmModule.forFeature(MEMBERSHIP_ENTITIES), MembershipStandingModule, BookingsModule, MachinesModule, PeopleModule, SitesModule, MailModule],
  controllers: [MembershipsController, PacksController, MembershipsPages],
  providers: [MembershipsService, MembershipPayments, PacksService, MembershipReminders, MembershipRemindersSchedule],
  exports: [MembershipsService, MembershipPayments, PacksService, MembershipStandingModule],
})
export class MembershipsModule {}
