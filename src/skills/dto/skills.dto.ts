import { said } from '../../common/validation';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { MACHINE_TYPES } from '../../machines/entities/machine.entity';
import { AGE_BANDS, CATEGORIES, NEEDS } from '../entities/learner-profile.entity';
import { RULE_SOURCES } from '../entities/evidence-rule.entity';
import { IsDay, IsInstantOrLocal } from '../../common/input-rules';

export class SkillLevelDto {
  /** @example 1 */
  @IsInt() @Min(1) @Max(8) level: number;
  /** @example "Découvre : prépare un fichier avec aide" */
  @IsString() @Length(1, 120) label: string;
  /** @example "Discovers: prepares a file with help" */
  @IsOptional() @IsString() @Length(0, 120) labelEn?: string;
}

export class CustomSkillDto {
  /** @example "5d1f6a3c-2b4e-4f8a-9c7d-1e2f3a4b5c6d" */
  @IsOptional() @IsUUID() siteId?: string;
  /** @example "decoupe-laser" */
  @IsString() @Matches(/^[a-z0-9-]{1,40}$/, { message: said('code : minuscules, chiffres, tirets', 'code: lowercase, digits, dashes') }) code: string;
  /** @example "Découpe laser" */
  @IsString() @Length(1, 200) name: string;
  /** @example "Laser cutting" */
  @IsOptional() @IsString() @Length(0, 200) nameEn?: string;
  /** @example "Fabrication numérique" */
  @IsOptional() @IsString() @Length(0, 200) area?: string;
  /** @example [{"level": 1, "label": "Découvre"}, {"level": 2, "label": "Pratique en autonomie"}] */
  @IsArray() @ArrayMaxSize(8) @ValidateNested({ each: true }) @Type(() => SkillLevelDto) levels: SkillLevelDto[];
  /** @example 10 */
  @IsOptional() @IsInt() @Min(1) @Max(200) hoursPerLevel?: number;
}

export class AddEvidenceDto {
  /** @example "0b9e3c1a-7f2d-4e6b-8a5c-3d2e1f0a9b8c" */
  @IsUUID() personId: string;
  /** @example "8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a" */
  @IsUUID() skillId: string;
  /** @example 2 */
  @IsInt() @Min(1) @Max(8) level: number;
  /** @example "2026-12-14" */
  @IsDay() date: string;
  /** @example "assessment" */
  @IsIn(['repair', 'assessment', 'manual']) source: 'repair' | 'assessment' | 'manual';
  /** @example "Boîte à encoches réalisée seule" */
  @IsOptional() @IsString() @Length(0, 500) note?: string;
}

export class EvidenceRuleDto {
  /** @example "8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a" */
  @IsUUID() skillId: string;
  /** @example 1 */
  @IsInt() @Min(1) @Max(8) level: number;
  /** @example "machine_sessions" */
  @IsIn(RULE_SOURCES) source: (typeof RULE_SOURCES)[number];
  /** @example "laser" */
  @IsOptional() @IsIn(MACHINE_TYPES) machineType?: string;
  /** @example "3e8d1c2b-6a5f-4b7e-9c0d-4f3e2a1b0c9d" */
  @IsOptional() @IsUUID() trainingId?: string;
  /** @example 5 */
  @IsOptional() @IsInt() @Min(1) @Max(10000) minCount?: number;
}

export class RequirementDto {
  /** @example "8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a" */
  @IsUUID() skillId: string;
  /** @example 2 */
  @IsInt() @Min(1) @Max(8) level: number;
}

export class CertificationDto {
  /** @example "5d1f6a3c-2b4e-4f8a-9c7d-1e2f3a4b5c6d" */
  @IsOptional() @IsUUID() siteId?: string;
  /** @example "Animateur ou animatrice de fab lab" */
  @IsString() @Length(1, 200) name: string;
  /** @example "Accueillir, former et accompagner les usagers sur les machines" */
  @IsOptional() @IsString() @Length(0, 1000) description?: string;
  /** @example [{"skillId": "8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a", "level": 2}] */
  @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => RequirementDto) requirements: RequirementDto[];
}

export class ProfileDto {
  /** @example "job_search" */
  @IsOptional() @IsIn(NEEDS) need?: (typeof NEEDS)[number];
  /** @example true */
  @IsOptional() @IsBoolean() categoriesConsent?: boolean;
  /** @example "26_44" */
  @IsOptional() @IsIn(AGE_BANDS) ageBand?: (typeof AGE_BANDS)[number];
  /** @example ["job_seeker"] */
  @IsOptional() @IsArray() @ArrayUnique() @IsIn(CATEGORIES, { each: true }) categories?: (typeof CATEGORIES)[number][];
}

export class AssessmentDto {
  /** @example [{"skillId": "8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a", "level": 2}] */
  @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => RequirementDto) levels: RequirementDto[];
  /** @example "2026-12-14" */
  @IsOptional() @IsDay() date?: string;
}

export class PlanDto {
  /** @example "1f2e3d4c-5b6a-4978-8a6b-5c4d3e2f1a0b" */
  @IsUUID() certificationId: string;
  /** @example 6 */
  @IsInt() @Min(1) @Max(40) hoursPerWeek: number;
  /** @example "2027-01-04" */
  @IsDay() startsOn: string;
  /** @example "Menuiserie Dubois SARL" */
  @IsOptional() @IsString() @Length(1, 200) employerName?: string;
  /** @example "Mme Benali (France Travail)" */
  @IsOptional() @IsString() @Length(1, 200) adviserName?: string;
}

export class ConfirmPlanDto {
  /** @example "adviser" */
  @IsIn(['employer', 'adviser']) by: 'employer' | 'adviser';
  /** @example "Mme Benali" */
  @IsString() @Length(1, 200) name: string;
}

export class WorkshopDto {
  /** @example "5d1f6a3c-2b4e-4f8a-9c7d-1e2f3a4b5c6d" */
  @IsOptional() @IsUUID() siteId?: string;
  /** @example "Initiation à la découpe laser" */
  @IsString() @Length(1, 200) title: string;
  /** @example "fabrication" */
  @IsString() @Length(1, 40) theme: string;
  /** @example "9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d" */
  @IsOptional() @IsUUID() trainerId?: string;
  /** Avec fuseau, ou en heure locale du lieu comme l'envoie la page (« 2026-12-14T14:00 »). @example "2026-12-14T14:00:00+01:00" */
  @IsInstantOrLocal() startsAt: string;
  /** @example 120 */
  @IsInt() @Min(15) @Max(24 * 60) durationMinutes: number;
  /** @example 8 */
  @IsInt() @Min(1) @Max(500) capacity: number;
  /** @example [{"skillId": "8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a", "level": 1}] */
  @IsOptional() @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => RequirementDto) skills?: RequirementDto[];
}

export class EnrolDto {
  /**
   * Staff may enrol someone else; a person enrols themselves by leaving it out.
   * @example "0b9e3c1a-7f2d-4e6b-8a5c-3d2e1f0a9b8c"
   */
  @IsOptional() @IsUUID() personId?: string;
}

export class AttendanceDto {
  /** @example ["0b9e3c1a-7f2d-4e6b-8a5c-3d2e1f0a9b8c"] */
  @IsArray() @ArrayMaxSize(500) @IsUUID('all', { each: true }) personIds: string[];
}

export class IssueCredentialDto {
  /** @example "skill" */
  @IsIn(['skill', 'certification']) kind: 'skill' | 'certification';
  /** @example "8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a" */
  @IsUUID() refId: string;
  /** @example 2 */
  @IsOptional() @IsInt() @Min(1) @Max(8) level?: number;
}

export class ReportQueryDto {
  @IsOptional() @IsUUID() siteId?: string;
  @IsOptional() @IsDay() from?: string;
  @IsOptional() @IsDay() to?: string;
}
