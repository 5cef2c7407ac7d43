import { said } from '../../common/validation';
import { IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { MACHINE_STATUSES, MACHINE_TYPES, MachineProfile, MachineStatus, MachineType } from '../entities/machine.entity';

export class CreateMachineDto {
  /** @example "5d1f6a3c-2b4e-4f8a-9c7d-1e2f3a4b5c6d" */
  @IsOptional() @IsUUID() siteId?: string;
  /** @example "laser-1" */
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, {
    message: said('slug : minuscules, chiffres et tirets (ex. laser-1)', 'slug: lower-case letters, digits and dashes (e.g. laser-1)'),
  })
  slug: string;
  /** @example "Découpeuse laser Trotec" */
  @IsString() @Length(1, 200) name: string;
  /** @example "laser" */
  @IsIn(MACHINE_TYPES, { message: said(`type parmi : ${MACHINE_TYPES.join(', ')}`, `type among: ${MACHINE_TYPES.join(', ')}`) }) type: MachineType;
  /** @example {"workArea": {"x": 726, "y": 432}, "materials": ["contreplaqué 3 mm", "PMMA 5 mm"], "controller": "none"} */
  @IsOptional() @IsObject() profile?: MachineProfile;
  /** @example 120 */
  @IsOptional() @IsInt() @Min(1) @Max(24 * 60) maxSessionMinutes?: number;
}

export class UpdateMachineDto {
  /** @example "Découpeuse laser Trotec Speedy 300" */
  @IsOptional() @IsString() @Length(1, 200) name?: string;
  /** @example {"workArea": {"x": 726, "y": 432}, "materials": ["contreplaqué 3 mm", "PMMA 5 mm"], "controller": "none"} */
  @IsOptional() @IsObject() profile?: MachineProfile;
  /** @example 180 */
  @IsOptional() @IsInt() @Min(1) @Max(24 * 60) maxSessionMinutes?: number;
}

export class SetMachineStatusDto {
  /** @example "maintenance" */
  @IsIn(MACHINE_STATUSES) status: MachineStatus;
  /** @example "Lentille à nettoyer" */
  @IsOptional() @IsString() @Length(0, 300) reason?: string;
}
