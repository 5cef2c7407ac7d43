import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateNested,
} from 'class-validator';
import { MACHINE_TYPES, MachineType } from '../../machines/entities/machine.entity';
import { ATTENDANCE_RESULTS, AttendanceResult } from '../entities/training-session.entity';
import { IsDay } from '../../common/input-rules';


export class CreateTrainingDto {
  @IsOptional() @IsUUID() siteId?: string;
  @IsString() @Length(1, 200) name: string;
  @IsOptional() @IsString() @Length(0, 200) nameEn?: string;
  @IsOptional() @IsArray() @ArrayUnique() @IsIn(MACHINE_TYPES, { each: true }) machineTypes?: MachineType[];
  @IsOptional() @IsArray() @ArrayUnique() @IsUUID('all', { each: true }) machineIds?: string[];
  @IsOptional() @IsInt() @Min(1) @Max(240) validityMonths?: number | null;
  /** False: passed once, valid for good (validityMonths is then ignored). Default true. */
  @IsOptional() @IsBoolean() requiresRenewal?: boolean;
  @IsOptional() @IsArray() @ArrayUnique() @ArrayMaxSize(20) @IsUUID('all', { each: true }) prerequisiteIds?: string[];
}

export class UpdateTrainingDto {
  @IsOptional() @IsString() @Length(1, 200) name?: string;
  @IsOptional() @IsString() @Length(0, 200) nameEn?: string;
  @IsOptional() @IsArray() @ArrayUnique() @IsIn(MACHINE_TYPES, { each: true }) machineTypes?: MachineType[];
  @IsOptional() @IsArray() @ArrayUnique() @IsUUID('all', { each: true }) machineIds?: string[];
  @IsOptional() @IsInt() @Min(1) @Max(240) validityMonths?: number | null;
  @IsOptional() @IsBoolean() requiresRenewal?: boolean;
  @IsOptional() @IsArray() @ArrayUnique() @ArrayMaxSize(20) @IsUUID('all', { each: true }) prerequisiteIds?: string[];
}

export class RecordPassDto {
  @IsUUID() personId: string;
  @IsUUID() trainingId: string;
  @IsDay() passedOn: string;
}

export class SuspendQualificationDto {
  @IsString() @Length(3, 300, { message: 'indiquez la raison (3 à 300 caractères) / give a reason (3 to 300 characters)' }) reason: string;
}

export class AttendeeDto {
  @IsUUID() personId: string;
  @IsIn(ATTENDANCE_RESULTS, { message: `résultat parmi / result among: ${ATTENDANCE_RESULTS.join(', ')}` }) result: AttendanceResult;
}

export class CreateTrainingSessionDto {
  @IsUUID() trainingId: string;
  @IsDay() date: string;
  /** The trainer who gave it; the person recording it by default. */
  @IsOptional() @IsUUID() trainerId?: string;
  @IsOptional() @IsString() @Length(0, 2000) notes?: string;
  @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => AttendeeDto) attendees: AttendeeDto[];
}
