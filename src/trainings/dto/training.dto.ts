import { ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { MACHINE_TYPES, MachineType } from '../../machines/entities/machine.entity';

export class CreateTrainingDto {
  @IsOptional() @IsUUID() siteId?: string;
  @IsString() @Length(1, 200) name: string;
  @IsOptional() @IsString() @Length(0, 200) nameEn?: string;
  @IsOptional() @IsArray() @ArrayUnique() @IsIn(MACHINE_TYPES, { each: true }) machineTypes?: MachineType[];
  @IsOptional() @IsArray() @ArrayUnique() @IsUUID('all', { each: true }) machineIds?: string[];
  @IsOptional() @IsInt() @Min(1) @Max(240) validityMonths?: number | null;
}

export class RecordPassDto {
  @IsUUID() personId: string;
  @IsUUID() trainingId: string;
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date au format AAAA-MM-JJ / date as YYYY-MM-DD' }) passedOn: string;
}
