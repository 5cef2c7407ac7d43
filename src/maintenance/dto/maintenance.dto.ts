import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsNumber, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { IsInstantOrLocal } from '../../common/input-rules';

export class CreateMaintenancePlanDto {
  /** @example "Nettoyer la lentille et le miroir" */
  @IsString() @Length(2, 200, { message: 'La tâche fait de 2 à 200 caractères.' }) task: string;
  /** @example 40 */
  @Type(() => Number)
  @IsNumber({}, { message: 'Le nombre d’heures est un nombre (ex. 40).' })
  @Min(0.5, { message: 'Au moins une demi-heure d’usage entre deux fois.' })
  @Max(100_000)
  everyHours: number;
}

export class PartUsedDto {
  /** @example "7c4a2f1e-9b3d-4a6c-8e5f-2d1c0b9a8e7f" */
  @IsUUID() partId: string;
  /** @example "5d1f6a3c-2b4e-4f8a-9c7d-1e2f3a4b5c6d" */
  @IsUUID() locationId: string;
  /** @example 1 */
  @Type(() => Number) @IsInt({ message: 'La quantité est un nombre entier.' }) @Min(1, { message: 'Au moins une pièce.' }) @Max(1000) quantity: number;
}

export class RecordMaintenanceDto {
  /** @example "Lentille nettoyée, miroir 2 remplacé" */
  @IsString() @Length(2, 1000, { message: 'Dites ce qui a été fait (2 à 1 000 caractères).' }) what: string;
  /** The preventive task this fulfils, if any: its hours of use count again from `doneAt`. @example "2b9d6c1e-4f3a-4c8d-9e7f-1a2b3c4d5e6f" */
  @IsOptional() @IsUUID() planId?: string;
  /** When it was done (the site's local time on a page); now if left out. @example "2027-03-03T14:00" */
  @IsOptional() @IsInstantOrLocal() doneAt?: string;
  /** @example 45 */
  @IsOptional() @Type(() => Number) @IsInt({ message: 'L’arrêt se dit en minutes entières.' }) @Min(0) @Max(525_600) downtimeMinutes?: number;
  /**
   * Parts taken from stock for it (each a `used` stock move).
   * @example [{"partId": "7c4a2f1e-9b3d-4a6c-8e5f-2d1c0b9a8e7f", "locationId": "5d1f6a3c-2b4e-4f8a-9c7d-1e2f3a4b5c6d", "quantity": 1}]
   */
  @IsOptional() @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => PartUsedDto) parts?: PartUsedDto[];
}

const blankIsMissing = ({ value }: { value: unknown }) => (value === '' ? undefined : value);
/** A number typed in a form: empty is left out (not 0), « 1,5 » is 1.5. */
const typedNumber = ({ value }: { value: unknown }) =>
  value === '' || value == null ? undefined : typeof value === 'string' ? Number(value.replace(',', '.')) : value;

/** The log form of /machines/:id/maintenance (one part line; empty fields are left out). */
export class MaintenanceForm {
  /** @example "Lentille nettoyée" */
  @IsString() @Length(2, 1000, { message: 'Dites ce qui a été fait (2 à 1 000 caractères).' }) what: string;
  /** @example "2b9d6c1e-4f3a-4c8d-9e7f-1a2b3c4d5e6f" */
  @Transform(blankIsMissing) @IsOptional() @IsUUID() planId?: string;
  /** @example "2027-03-03T14:00" */
  @Transform(blankIsMissing) @IsOptional() @IsInstantOrLocal() doneAt?: string;
  /** @example "45" */
  @Transform(blankIsMissing)
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'L’arrêt se dit en minutes entières.' })
  @Min(0)
  @Max(525_600)
  downtimeMinutes?: number;
  /** @example "7c4a2f1e-9b3d-4a6c-8e5f-2d1c0b9a8e7f" */
  @Transform(blankIsMissing) @IsOptional() @IsUUID() partId?: string;
  /** @example "5d1f6a3c-2b4e-4f8a-9c7d-1e2f3a4b5c6d" */
  @Transform(blankIsMissing) @IsOptional() @IsUUID() locationId?: string;
  /** @example "1" */
  @Transform(typedNumber) @IsOptional() @IsInt({ message: 'La quantité est un nombre entier.' }) @Min(1) @Max(1000) quantity?: number;
}

/** The plan form of /machines/:id/maintenance. */
export class MaintenancePlanForm {
  /** @example "Graisser les axes" */
  @IsString() @Length(2, 200, { message: 'La tâche fait de 2 à 200 caractères.' }) task: string;
  /** @example "100" */
  @Transform(typedNumber)
  @IsNumber({}, { message: 'Le nombre d’heures est un nombre (ex. 40).' })
  @Min(0.5, { message: 'Au moins une demi-heure d’usage entre deux fois.' })
  @Max(100_000)
  everyHours: number;
}
