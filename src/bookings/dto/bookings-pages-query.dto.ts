import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { IsDay, IsMonth } from '../../common/input-rules';
import { PageQuery } from '../../common/query.dto';

/** A message a form post sends back through its redirect (shown escaped). */
const MESSAGE_MAX = 2000;

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const MINUTES = /^\d{1,5}$/;

/** /bookings/:id/change: the day shown, and a start and length picked on the calendar. */
export class ChangePageQuery extends PageQuery {
  @IsOptional() @IsDay() day?: string;
  @IsOptional() @Matches(HHMM, { message: 'time : heure HH:MM attendue (ex. 14:30)' }) time?: string;
  @IsOptional() @Matches(MINUTES, { message: 'minutes : une durée en minutes attendue (ex. 90)' }) minutes?: string;
}

/** /bookings: one machine's week (the week of `day`, or `week` as before), and a start picked on it. */
export class WeekPageQuery extends ChangePageQuery {
  @IsOptional() @IsUUID() machineId?: string;
  @IsOptional() @IsDay() week?: string;
}

/** /bookings/mine, after booking, changing or cancelling (?booked=, ?moved=, ?cancelled= its id). */
export class MyBookingsPageQuery extends PageQuery {
  @IsOptional() @IsUUID() booked?: string;
  @IsOptional() @IsUUID() moved?: string;
  @IsOptional() @IsUUID() cancelled?: string;
}

/** /bookings/statement. */
export class StatementPageQuery extends PageQuery {
  @IsOptional() @IsMonth() month?: string;
}

/** /bookings/admin, after a save (?msg=). */
export class BookingsAdminPageQuery extends PageQuery {
  @IsOptional() @IsString() @MaxLength(MESSAGE_MAX) msg?: string;
}
