import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min,
  ValidateNested,
} from 'class-validator';
import { MACHINE_TYPES } from '../../machines/entities/machine.entity';
import { AGE_BANDS, CATEGORIES, NEEDS } from '../entities/learner-profile.entity';
import { RULE_SOURCES } from '../entities/evidence-rule.entity';
import { IsDay, IsInstant } from '../../common/input-rules';


export class SkillLevelDto {
  @IsInt() @Min(1) @Max(8) level: number;
  @IsString() @Length(1, 120) label: string;
  @IsOptional() @IsString() @Length(0, 120) labelEn?: string;
}

export class CustomSkillDto {
  @IsOptional() @IsUUID() siteId?: string;
  @IsString() @Matches(/^[a-z0-9-]{1,40}$/, { message: 'code : minuscules, chiffres, tirets / code: lowercase, digits, dashes' }) code: string;
  @IsString() @Length(1, 200) name: string;
  @IsOptional() @IsString() @Length(0, 200) nameEn?: string;
  @IsOptional() @IsString() @Length(0, 200) area?: string;
  @IsArray() @ArrayMaxSize(8) @ValidateNested({ each: true }) @Type(() => SkillLevelDto) levels: SkillLevelDto[];
  @IsOptional() @IsInt() @Min(1) @Max(200) hoursPerLevel?: number;
}

export class AddEvidenceDto {
  @IsUUID() personId: string;
  @IsUUID() skillId: string;
  @IsInt() @Min(1) @Max(8) level: number;
  @IsDay() date: string;
  @IsIn(['repair', 'assessment', 'manual']) source: 'repair' | 'assessment' | 'manual';
  @IsOptional() @IsString() @Length(0, 500) note?: string;
}

export class EvidenceRuleDto {
  @IsUUID() skillId: string;
  @IsInt() @Min(1) @Max(8) level: number;
  @IsIn(RULE_SOURCES) source: (typeof RULE_SOURCES)[number];
  @IsOptional() @IsIn(MACHINE_TYPES) machineType?: string;
  @IsOptional() @IsUUID() trainingId?: string;
  @IsOptional() @IsInt() @Min(1) @Max(10000) minCount?: number;
}

export class RequirementDto {
  @IsUUID() skillId: string;
  @IsInt() @Min(1) @Max(8) level: number;
}

export class CertificationDto {
  @IsOptional() @IsUUID() siteId?: string;
  @IsString() @Length(1, 200) name: string;
  @IsOptional() @IsString() @Length(0, 1000) description?: string;
  @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => RequirementDto) requirements: RequirementDto[];
}

export class ProfileDto {
  @IsOptional() @IsIn(NEEDS) need?: (typeof NEEDS)[number];
  @IsOptional() @IsBoolean() categoriesConsent?: boolean;
  @IsOptional() @IsIn(AGE_BANDS) ageBand?: (typeof AGE_BANDS)[number];
  @IsOptional() @IsArray() @ArrayUnique() @IsIn(CATEGORIES, { each: true }) categories?: (typeof CATEGORIES)[number][];
}

export class AssessmentDto {
  @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => RequirementDto) levels: RequirementDto[];
  @IsOptional() @IsDay() date?: string;
}

export class PlanDto {
  @IsUUID() certificationId: string;
  @IsInt() @Min(1) @Max(40) hoursPerWeek: number;
  @IsDay() startsOn: string;
  @IsOptional() @IsString() @Length(1, 200) employerName?: string;
  @IsOptional() @IsString() @Length(1, 200) adviserName?: string;
}

export class ConfirmPlanDto {
  @IsIn(['employer', 'adviser']) by: 'employer' | 'adviser';
  @IsString() @Length(1, 200) name: string;
}

export class WorkshopDto {
  @IsOptional() @IsUUID() siteId?: string;
  @IsString() @Length(1, 200) title: string;
  @IsString() @Length(1, 40) theme: string;
  @IsOptional() @IsUUID() trainerId?: string;
  @IsInstant() startsAt: string;
  @IsInt() @Min(15) @Max(24 * 60) durationMinutes: number;
  @IsInt() @Min(1) @Max(500) capacity: number;
  @IsOptional() @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => RequirementDto) skills?: RequirementDto[];
}

export class EnrolDto {
  /** Staff may enrol someone else; a person enrols themselves by leaving it out. */
  @IsOptional() @IsUUID() personId?: string;
}

export class AttendanceDto {
  @IsArray() @ArrayMaxSize(500) @IsUUID('all', { each: true }) personIds: string[];
}

export class IssueCredentialDto {
  @IsIn(['skill', 'certification']) kind: 'skill' | 'certification';
  @IsUUID() refId: string;
  @IsOptional() @IsInt() @Min(1) @Max(8) level?: number;
}

export class ReportQueryDto {
  @IsOptional() @IsUUID() siteId?: string;
  @IsOptional() @IsDay() from?: string;
  @IsOptional() @IsDay() to?: string;
}
