import { BookableMachine } from './bookable-machine.entity';
import { Booking } from './booking.entity';
import { BookingChange } from './booking-change.entity';
import { CalendarFeed, CalendarSettings } from './calendar-feed.entity';
import { ConsumableUse } from './consumable-use.entity';
import { OpeningHours } from './opening-hours.entity';
import { PersonCategory } from './person-category.entity';
import { PriceLine } from './price-line.entity';
import { SiteClosure } from './site-closure.entity';
import { SiteHoursRule } from './site-hours-rule.entity';

export {
  BookableMachine,
  Booking,
  BookingChange,
  CalendarFeed,
  CalendarSettings,
  ConsumableUse,
  OpeningHours,
  PersonCategory,
  PriceLine,
  SiteClosure,
  SiteHoursRule,
};
export const BOOKING_ENTITIES = [
  OpeningHours,
  SiteClosure,
  BookableMachine,
  Booking,
  PersonCategory,
  PriceLine,
  ConsumableUse,
  CalendarFeed,
  CalendarSettings,
  SiteHoursRule,
  BookingChange,
];
