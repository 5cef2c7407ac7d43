import { said } from '../../common/validation';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { MACHINE_TYPES, MachineType } from '../../machines/entities/machine.entity';
import { ATTENDANCE_RESULTS, AttendanceResult } from '../entities/training-session.entity';
import { IsDay } from '../../common/input-rules';

export class CreateTrainingDto {
  /** @example "5d1f6a3c-2b4e-4f8a-9c7d-1e2f3a4b5c6d" */
  @IsOptional() @IsUUID() siteId?: string;
  /** @example "Découpe laser" */
  @IsString() @Length(1, 200) name: string;
  /** @example "Laser cutting" */
  @IsOptional() @IsString() @Length(0, 200) nameEn?: string;
  /** @example ["laser"] */
  @IsOptional() @IsArray() @ArrayUnique() @IsIn(MACHINE_TYPES, { each: true }) machineTypes?: MachineType[];
  /** @example ["7c4a2f1e-9b3d-4a6c-8e5f-2d1c0b9a8e7f"] */
  @IsOptional() @IsArray() @ArrayUnique() @IsUUID('all', { each: true }) machineIds?: string[];
  /** @example 12 */
  @IsOptional() @IsInt() @Min(1) @Max(240) validityMonths?: number | null;
  /**
   * False: passed once, valid for good (validityMonths is then ignored). Default true.
   * @example true
   */
  @IsOptional() @IsBoolean() requiresRenewal?: boolean;
  /** @example ["3e8d1c2b-6a5f-4b7e-9c0d-4f3e2a1b0c9d"] */
  @IsOptional() @IsArray() @ArrayUnique() @ArrayMaxSize(20) @IsUUID('all', { each: true }) prerequisiteIds?: string[];
  /**
   * Lapses after this many months without a session on a machine it covers (Fab-manager's rule); empty: never.
   * @example 6
   */
  @IsOptional()
  @IsInt({ message: said('un nombre entier de mois', 'a whole number of months') })
  @Min(1, { message: said('1 mois au moins', '1 month at least') })
  @Max(120, { message: said('120 mois au plus', '120 months at most') })
  lapseMonths?: number | null;
  /**
   * The holder is warned by e-mail this many days before it lapses (14 by default).
   * @example 14
   */
  @IsOptional()
  @IsInt({ message: said('un nombre entier de jours', 'a whole number of days') })
  @Min(1, { message: said('1 jour au moins', '1 day at least') })
  @Max(90, { message: said('90 jours au plus', '90 days at most') })
  lapseWarnDays?: number;
}

export class UpdateTrainingDto {
  /** @example "Découpe et gravure laser" */
  @IsOptional() @IsString() @Length(1, 200) name?: string;
  /** @example "Laser cutting and engraving" */
  @IsOptional() @IsString() @Length(0, 200) nameEn?: string;
  /** @example ["laser"] */
  @IsOptional() @IsArray() @ArrayUnique() @IsIn(MACHINE_TYPES, { each: true }) machineTypes?: MachineType[];
  /** @example ["7c4a2f1e-9b3d-4a6c-8e5f-2d1c0b9a8e7f"] */
  @IsOptional() @IsArray() @ArrayUnique() @IsUUID('all', { each: true }) machineIds?: string[];
  /** @example 24 */
  @IsOptional() @IsInt() @Min(1) @Max(240) validityMonths?: number | null;
  /** @example false */
  @IsOptional() @IsBoolean() requiresRenewal?: boolean;
  /** @example ["3e8d1c2b-6a5f-4b7e-9c0d-4f3e2a1b0c9d"] */
  @IsOptional() @IsArray() @ArrayUnique() @ArrayMaxSize(20) @IsUUID('all', { each: true }) prerequisiteIds?: string[];
  /**
   * Lapses after this many months without a session on a machine it covers (Fab-manager's rule); empty: never.
   * @example 6
   */
  @IsOptional()
  @IsInt({ message: said('un nombre entier de mois', 'a whole number of months') })
  @Min(1, { message: said('1 mois au moins', '1 month at least') })
  @Max(120, { message: said('120 mois au plus', '120 months at most') })
  lapseMonths?: number | null;
  /**
   * The holder is warned by e-mail this many days before it lapses (14 by default).
   * @example 14
   */
  @IsOptional()
  @IsInt({ message: said('un nombre entier de jours', 'a whole number of days') })
  @Min(1, { message: said('1 jour au moins', '1 day at least') })
  @Max(90, { message: said('90 jours au plus', '90 days at most') })
  lapseWarnDays?: number;
}

export class RecordPassDto {
  /** @example "0b9e3c1a-7f2d-4e6b-8a5c-3d2e1f0a9b8c" */
  @IsUUID() personId: string;
  /** @example "3e8d1c2b-6a5f-4b7e-9c0d-4f3e2a1b0c9d" */
  @IsUUID() trainingId: string;
  /** @example "2026-12-14" */
  @IsDay() passedOn: string;
}

export class SuspendQualificationDto {
  /** @example "Découpe lancée sans surveillance le 14 décembre" */
  @IsString() @Length(3, 300, { message: said('indiquez la raison (3 à 300 caractères)', 'give a reason (3 to 300 characters)') }) reason: string;
}

export class AttendeeDto {
  /** @example "0b9e3c1a-7f2d-4e6b-8a5c-3d2e1f0a9b8c" */
  @IsUUID() personId: string;
  /** @example "passed" */
  @IsIn(ATTENDANCE_RESULTS, { message: said(`résultat parmi : ${ATTENDANCE_RESULTS.join(', ')}`, `result among: ${ATTENDANCE_RESULTS.join(', ')}`) })
  result: AttendanceResult;
}

export class CreateTrainingSessionDto {
  /** @example "3e8d1c2b-6a5f-4b7e-9c0d-4f3e2a1b0c9d" */
  @IsUUID() trainingId: string;
  /** @example "2026-12-14" */
  @IsDay() date: string;
  /**
   * The trainer who gave it; the person recording it by default.
   * @example "9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d"
   */
  @IsOptional() @IsUUID() trainerId?: string;
  /** @example "Groupe du samedi matin, 4 personnes" */
  @IsOptional() @IsString() @Length(0, 2000) notes?: string;
  /**
   * How long the session lasted, in minutes (2 h when not said): counted as hours followed in an
   * attendee's plan.
   * @example 90
   */
  @IsOptional()
  @IsInt({ message: said('durée en minutes, un nombre entier', 'duration in whole minutes') })
  @Min(15, { message: said('durée d’au moins 15 minutes', 'at least 15 minutes') })
  @Max(720, { message: said('durée de 12 heures au plus', 'at most 12 hours') })
  durationMinutes?: number;
  /** @example [{"personId": "0b9e3c1a-7f2d-4e6b-8a5c-3d2e1f0a9b8c", "result": "passed"}] */
  @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => AttendeeDto) attendees: AttendeeDto[];
}

/** A trainer's check-up of a person whose qualification lapsed (or is about to) from disuse: renews it from that day. */
export class RenewQualificationDto {
  /** @example "2026-12-14" */
  @IsDay() checkedOn: string;
  /** @example "Remise à niveau : mise en route, focale, arrêt d'urgence." */
  @IsOptional() @IsString() @Length(0, 1000, { message: said('1000 caractères au plus', '1000 characters at most') }) notes?: string;
}
