import { said } from '../../common/validation';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class ActionReasonDto {
  /** @example "Session oubliée, machine libérée pour la réservation suivante" */
  @IsOptional() @IsString() @MaxLength(300) reason?: string;
}

export class MaintenanceDto {
  /** @example "Courroie de l’axe X à retendre" */
  @IsString({ message: said('Indiquez la raison de la maintenance.', 'Give the reason for the maintenance.') })
  @MinLength(2, {
    message: said('Indiquez la raison de la maintenance (2 caractères au moins).', 'Give the reason for the maintenance (2 characters at least).'),
  })
  @MaxLength(300, { message: said('La raison tient en 300 caractères au plus.', 'The reason fits in 300 characters at most.') })
  reason: string;
}

export class AcknowledgeAlertDto {
  /**
   * The alert's key as the dashboard gave it: `kind:subject:since`.
   * @example "bridge_offline:7c4a2f1e-9b3d-4a6c-8e5f-2d1c0b9a8e7f:1797238800000"
   */
  @Matches(/^(alarm|device_failed|bridge_offline|bridge_silent|unattended):[0-9a-f-]{36}:\d{1,15}$/, { message: "Cette alerte n'existe pas (clé illisible)." })
  key: string;

  /** @example "Passerelle débranchée pour le ménage, rebranchée" */
  @IsOptional() @IsString() @MaxLength(300) reason?: string;
}
