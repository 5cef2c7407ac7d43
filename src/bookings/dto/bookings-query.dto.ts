import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsDay, IsDayOrInstant, IsMonth } from '../../common/input-rules';
import { SiteQuery } from '../../common/query.dto';
import { MACHINE_TYPES } from '../../machines/entities/machine.entity';

/** GET /api/bookings/availability: one machine, or every machine of a type. */
export class AvailabilityQuery extends SiteQuery {
  /** La machine (ou bien machineType). The machine (or machineType). */
  @IsOptional() @IsUUID() machineId?: string;
  /** Toutes les machines de ce type. Every machine of this type. */
  @IsOptional() @IsIn(MACHINE_TYPES) machineType?: string;
  /** Un jour de la semaine voulue, AAAA-MM-JJ (cette semaine par défaut). A day of the week wanted. */
  @IsOptional() @IsDay() week?: string;
}

/** GET /api/bookings. */
export class BookingsListQuery extends SiteQuery {
  @IsOptional() @IsUUID() machineId?: string;
  /** Début (maintenant par défaut). Start (default: now). */
  @IsOptional() @IsDayOrInstant() from?: string;
  /** Fin (début + 7 jours par défaut). End (default: start + 7 days). */
  @IsOptional() @IsDayOrInstant() to?: string;
}

/** GET /api/charges/statements.csv. */
export class MonthQuery extends SiteQuery {
  /** Le mois, AAAA-MM. The month. */
  @IsMonth() month: string;
}

/** GET /api/charges/statements. */
export class StatementsQuery extends MonthQuery {
  /** Le relevé d'une personne. One person's statement. */
  @IsOptional() @IsUUID() personId?: string;
  /** Le relevé d'une entreprise (nom exact). One company's statement. */
  @IsOptional() @IsString() @MaxLength(200) company?: string;
}
