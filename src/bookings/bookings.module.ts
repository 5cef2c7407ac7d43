import { BookingChanges } from './booking-changes';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessReadModule } from '../access/access-read.module';
import { MailModule } from '../infra/mail/mail.service';
import { MachinesModule } from '../machines/machines.module';
import { MembershipStandingModule } from '../memberships/membership-standing.module';
import { PeopleModule } from '../people/people.module';
import { SitesModule } from '../sites/sites.module';
import { TrainingsModule } from '../trainings/trainings.module';
import { BookingPayables } from './booking-payables';
import { BookingsAdminPages } from './bookings-admin.pages';
import { BookingsController } from './bookings.controller';
import { BookingsJobs } from './bookings.jobs';
import { BookingsPages } from './bookings.pages';
import { BookingsService } from './bookings.service';
import { CalendarService } from './calendar.service';
import { ChargesController } from './charges.controller';
import { BookingEligibility } from './booking-eligibility';
import { BookingFollowUps } from './booking-follow-ups';
import { ChargesService } from './charges.service';
import { PackDrawdown } from './pack-drawdown';
import { StatementsService } from './statements.service';
import { BOOKING_ENTITIES } from './entities';
import { SiteHoursService } from './site-hours.service';

/**
 * Bookings and charging. Usage sessions are read (never written) to charge real use and detect
 * no-shows; AccessModule imports this module for the booking-aware badge-in.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature(BOOKING_ENTITIES),
    AccessReadModule,
    MailModule,
    MachinesModule,
    PeopleModule,
    TrainingsModule,
    SitesModule,
    MembershipStandingModule,
  ],
  controllers: [BookingsController, ChargesController, BookingsAdminPages, BookingsPages],
  providers: [
    BookingsService,
    BookingEligibility,
    BookingFollowUps,
    BookingChanges,
    SiteHoursService,
    CalendarService,
    ChargesService,
    StatementsService,
    PackDrawdown,
    BookingsJobs,
    BookingPayables,
  ],
  exports: [BookingsService, SiteHoursService, ChargesService, StatementsService],
})
export class BookingsModule {}
