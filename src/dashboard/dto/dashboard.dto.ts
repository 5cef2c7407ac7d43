import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class ActionReasonDto {
  @IsOptional() @IsString() @MaxLength(300) reason?: string;
}

export class MaintenanceDto {
  @IsString({ message: 'Indiquez la raison de la maintenance.' })
  @MinLength(2, { message: 'Indiquez la raison de la maintenance (2 caractères au moins).' })
  @MaxLength(300, { message: 'La raison tient en 300 caractères au plus.' })
  reason: string;
}

export class AcknowledgeAlertDto {
  /** The alert's key as the dashboard gave it: `kind:subject:since`. */
  @Matches(/^(alarm|device_failed|bridge_offline|unattended):[0-9a-f-]{36}:\d{1,15}$/, { message: "Cette alerte n'existe pas (clé illisible)." })
  key: string;

  @IsOptional() @IsString() @MaxLength(300) reason?: string;
}
