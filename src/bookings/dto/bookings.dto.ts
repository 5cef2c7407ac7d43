import { said } from '../../common/validation';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { BOOKING_KINDS, BookingKind } from '../entities/booking.entity';
import { PRICE_UNITS, PriceUnit } from '../entities/price-line.entity';
import { IsDay, IsInstant } from '../../common/input-rules';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

export class WeeklyIntervalDto {
  /** @example 2 */
  @IsInt() @Min(0) @Max(6) weekday: number;
  /** @example "10:00" */
  @Matches(HHMM, { message: said('opens : HH:MM', 'opens: HH:MM') }) opens: string;
  /** @example "19:00" */
  @Matches(HHMM, { message: said('closes : HH:MM', 'closes: HH:MM') }) closes: string;
}

export class SetOpeningHoursDto {
  /** @example [{"weekday": 2, "opens": "10:00", "closes": "19:00"}, {"weekday": 6, "opens": "14:00", "closes": "18:00"}] */
  @IsArray() @ArrayMaxSize(70) @ValidateNested({ each: true }) @Type(() => WeeklyIntervalDto) weekly: WeeklyIntervalDto[];
  /**
   * Whether badges open machines outside these hours and on closed days too (default no: refused
   * with `outside_hours`). Left out: unchanged.
   * @example false
   */
  @IsOptional() @IsBoolean() badgesAnyTime?: boolean;
  /**
   * Jusqu’à combien de minutes avant le début une personne peut encore changer sa réservation
   * (déplacer, raccourcir, prolonger) ; absent : inchangé ; 0 : jusqu’au début. Sans réglage du
   * lieu, le préavis d’annulation de chaque machine.
   * @example 60
   */
  @IsOptional()
  @IsInt({ message: said('délai de changement : un nombre entier de minutes', 'change cut-off: whole minutes') })
  @Min(0)
  @Max(7 * 24 * 60)
  changeCutoffMinutes?: number;
}

/** A booking's new time (the same machine): moved, shortened or lengthened. */
export class MoveBookingDto {
  /** @example "2026-12-15T14:00:00+01:00" */
  @IsInstant() startsAt: string;
  /** @example "2026-12-15T15:30:00+01:00" */
  @IsInstant() endsAt: string;
}

export class AddClosureDto {
  /** @example "2026-12-24" */
  @IsDay() startsOn: string;
  /** @example "2027-01-02" */
  @IsDay() endsOn: string;
  /** @example "Fermeture des fêtes" */
  @IsOptional() @IsString() @Length(0, 200) reason?: string;
}

export class BookableSettingsDto {
  /** @example 30 */
  @IsOptional() @IsInt() @Min(5) @Max(240) slotMinutes?: number;
  /** @example 30 */
  @IsOptional() @IsInt() @Min(5) @Max(24 * 60) minMinutes?: number;
  /** @example 240 */
  @IsOptional() @IsInt() @Min(5) @Max(7 * 24 * 60) maxMinutes?: number;
  /** @example 30 */
  @IsOptional() @IsInt() @Min(0) @Max(365) horizonDays?: number;
  /** @example 120 */
  @IsOptional() @IsInt() @Min(0) @Max(30 * 24 * 60) cancelNoticeMinutes?: number;
  /** @example 15 */
  @IsOptional() @IsInt() @Min(1) @Max(24 * 60) noShowMinutes?: number;
  /** @example 10 */
  @IsOptional() @IsInt() @Min(0) @Max(120) earlyMinutes?: number;
}

export class CreateBookingDto {
  /** @example "7c4a2f1e-9b3d-4a6c-8e5f-2d1c0b9a8e7f" */
  @IsUUID() machineId: string;
  /** @example "2026-12-14T09:00:00+01:00" */
  @IsInstant() startsAt: string;
  /** @example "2026-12-14T11:00:00+01:00" */
  @IsInstant() endsAt: string;
  /**
   * A manager books for someone else.
   * @example "0b9e3c1a-7f2d-4e6b-8a5c-3d2e1f0a9b8c"
   */
  @IsOptional() @IsUUID() personId?: string;
  /**
   * 'maintenance' or 'workshop': a manager blocks time.
   * @example "booking"
   */
  @IsOptional() @IsIn(BOOKING_KINDS) kind?: BookingKind;
  /** @example "Découpe des panneaux du stand" */
  @IsOptional() @IsString() @Length(0, 300) note?: string;
}

export class SetCategoryDto {
  /** @example "demandeur_emploi" */
  @Matches(/^[a-z0-9_-]{1,40}$/, {
    message: said('catégorie : minuscules, chiffres, _ ou - (ex. demandeur_emploi)', 'category: lower-case letters, digits, _ or - (e.g. demandeur_emploi)'),
  })
  category: string;
  /** @example "Menuiserie Dubois SARL" */
  @IsOptional() @IsString() @Length(0, 200) companyName?: string;
}

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class CreatePriceLineDto {
  /** @example "5d1f6a3c-2b4e-4f8a-9c7d-1e2f3a4b5c6d" */
  @IsOptional() @IsUUID() siteId?: string;
  /** @example "Découpe laser, tarif adhérent" */
  @IsString() @Length(1, 200) label: string;
  /** @example "7c4a2f1e-9b3d-4a6c-8e5f-2d1c0b9a8e7f" */
  @IsOptional() @IsUUID() machineId?: string;
  /** @example "laser" */
  @IsOptional() @IsString() @Length(1, 20) machineType?: string;
  /** @example "contreplaque-3mm" */
  @IsOptional() @IsString() @Length(1, 80) consumable?: string;
  /** @example "adherent" */
  @IsOptional() @Matches(/^(\*|[a-z0-9_-]{1,40})$/) category?: string;
  /** @example "slot" */
  @IsIn(PRICE_UNITS) unit: PriceUnit;
  /** @example 30 */
  @IsOptional() @IsInt() @Min(1) @Max(24 * 60) slotMinutes?: number;
  /**
   * Prix par unité, en centimes d’euro : 750 = 7,50 €.
   * @example 750
   */
  @IsInt() @Min(0) @Max(10_000_000) unitCents: number;
  /**
   * TVA en points de base : 2000 = 20 %.
   * @example 2000
   */
  @IsOptional() @IsInt() @Min(0) @Max(10000) vatBasisPoints?: number;
  /** @example true */
  @IsOptional() @IsBoolean() bookingIsMinimum?: boolean;
  /**
   * Premier jour où la ligne s’applique (AAAA-MM-JJ, heure du lieu) : un changement de prix à une date.
   * @example "2027-01-01"
   */
  @IsOptional() @Matches(DAY, { message: said('date de début : AAAA-MM-JJ', 'start date: YYYY-MM-DD') }) validFrom?: string;
  /**
   * Dernier jour où la ligne s’applique (inclus).
   * @example "2026-12-31"
   */
  @IsOptional() @Matches(DAY, { message: said('date de fin : AAAA-MM-JJ', 'end date: YYYY-MM-DD') }) validUntil?: string;
  /**
   * Début d’une plage horaire du lieu (HH:MM) : tarif de soirée par exemple.
   * @example "18:00"
   */
  @IsOptional() @Matches(HHMM, { message: said('heure de début : HH:MM', 'start time: HH:MM') }) fromTime?: string;
  /**
   * Fin de la plage (HH:MM, exclue ; avant le début : la plage passe minuit).
   * @example "22:00"
   */
  @IsOptional() @Matches(HHMM, { message: said('heure de fin : HH:MM', 'end time: HH:MM') }) untilTime?: string;
  /**
   * Minutes offertes en début de session pour cette catégorie (30 : la première demi-heure).
   * @example 30
   */
  @IsOptional()
  @IsInt({ message: said('minutes offertes : un nombre entier', 'free minutes: a whole number') })
  @Min(0)
  @Max(24 * 60)
  freeMinutes?: number;
}

export class RecordConsumableDto {
  /** @example "0b9e3c1a-7f2d-4e6b-8a5c-3d2e1f0a9b8c" */
  @IsUUID() personId: string;
  /** @example "contreplaque-3mm" */
  @IsString() @Length(1, 80) consumable: string;
  /** @example 2 */
  @IsInt() @Min(1) @Max(1_000_000) quantity: number;
  /** @example "7c4a2f1e-9b3d-4a6c-8e5f-2d1c0b9a8e7f" */
  @IsOptional() @IsUUID() machineId?: string;
  /** @example "2026-12-14T10:30:00+01:00" */
  @IsOptional() @IsInstant() usedAt?: string;
}

export class CreateFeedDto {
  /** A machine's feed (managers); without it, the viewer's own bookings. */
  @IsOptional() @IsUUID() machineId?: string;
}
