import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class ActionReasonDto {
  @IsOptional() @IsString() @MaxLength(300) reason?: string;
}

export class MaintenanceDto {
  @IsString() @MinLength(2) @MaxLength(300) reason: string;
}
