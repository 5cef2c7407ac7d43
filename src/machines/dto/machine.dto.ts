import { IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { MACHINE_STATUSES, MACHINE_TYPES, MachineProfile, MachineStatus, MachineType } from '../entities/machine.entity';

export class CreateMachineDto {
  @IsOptional() @IsUUID() siteId?: string;
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'slug : minuscules, chiffres et tirets (ex. laser-1) / lower-case slug' })
  slug: string;
  @IsString() @Length(1, 200) name: string;
  @IsIn(MACHINE_TYPES, { message: `type parmi / type among: ${MACHINE_TYPES.join(', ')}` }) type: MachineType;
  @IsOptional() @IsObject() profile?: MachineProfile;
  @IsOptional() @IsInt() @Min(1) @Max(24 * 60) maxSessionMinutes?: number;
}

export class UpdateMachineDto {
  @IsOptional() @IsString() @Length(1, 200) name?: string;
  @IsOptional() @IsObject() profile?: MachineProfile;
  @IsOptional() @IsInt() @Min(1) @Max(24 * 60) maxSessionMinutes?: number;
}

export class SetMachineStatusDto {
  @IsIn(MACHINE_STATUSES) status: MachineStatus;
  @IsOptional() @IsString() @Length(0, 300) reason?: string;
}
