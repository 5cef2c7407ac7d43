import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsDay, IsMonth } from '../../common/input-rules';
import { PageQuery } from '../../common/query.dto';
import { MACHINE_TYPES } from '../../machines/entities/machine.entity';

/** A message a form post sends back through its redirect (shown escaped). */
const MESSAGE_MAX = 2000;

/** /bookings: the week of one machine or of a type. */
export class WeekPageQuery extends PageQuery {
  @IsOptional() @IsUUID() machineId?: string;
  @IsOptional() @IsIn(MACHINE_TYPES) type?: string;
  @IsOptional() @IsDay() week?: string;
  @IsOptional() @IsString() @MaxLength(MESSAGE_MAX) error?: string;
}

/** /bookings/mine, after a booking (?booked=its id). */
export class MyBookingsPageQuery extends PageQuery {
  @IsOptional() @IsUUID() booked?: string;
}

/** /bookings/statement. */
export class StatementPageQuery extends PageQuery {
  @IsOptional() @IsMonth() month?: string;
}

/** /bookings/admin, after a save (?msg=). */
export class BookingsAdminPageQuery extends PageQuery {
  @IsOptional() @IsString() @MaxLength(MESSAGE_MAX) msg?: string;
}
