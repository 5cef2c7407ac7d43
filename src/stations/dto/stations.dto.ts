import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { said } from '../../common/validation';

const blankIsMissing = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || undefined : value);

const VISITOR_NAME = {
  message: said('le nom du visiteur fait de 1 à 80 caractères (ex. Martine)', "the visitor's name is 1 to 80 characters (e.g. Martine)"),
};

/**
 * Opens a session at the desk on a public computer: for a person of the site, or — neither
 * `personId` nor anything else given — an anonymous visitor. `queueEntryId`: the waiting person
 * called to this station, whose turn it is.
 */
export class OpenStationSessionDto {
  /** The station (a machine of type public_computer). @example "0b6f1f2e-3c4d-4e5f-8a9b-1c2d3e4f5a6b" */
  @IsUUID('all', { message: said('poste à choisir dans la liste', 'pick a computer from the list') }) machineId: string;
  /** The person, when known; left out for an anonymous visitor. @example "7c4a2f1e-9b3d-4a6c-8e5f-2d1c0b9a8e7f" */
  @Transform(blankIsMissing)
  @IsOptional()
  @IsUUID('all', { message: said('personne à choisir dans la liste', 'pick a person from the list') })
  personId?: string;
  /** The name the desk calls an anonymous visitor by (never stored with the session). @example "Martine" */
  @Transform(trimmed) @IsOptional() @IsString() @Length(1, 80, VISITOR_NAME) visitorName?: string;
  /** The waiting line's entry whose turn it is. @example "2b9d6c1e-4f3a-4c8d-9e7f-1a2b3c4d5e6f" */
  @Transform(blankIsMissing) @IsOptional() @IsUUID() queueEntryId?: string;
}

/** Someone joins the waiting line: a person of the site, or a visitor by the name the desk will call. */
export class JoinQueueDto {
  /** Lieu (admin seulement). Site (admin only). @example "5d1f6a3c-2b4e-4f8a-9c7d-1e2f3a4b5c6d" */
  @Transform(blankIsMissing) @IsOptional() @IsUUID() siteId?: string;
  /** @example "7c4a2f1e-9b3d-4a6c-8e5f-2d1c0b9a8e7f" */
  @Transform(blankIsMissing)
  @IsOptional()
  @IsUUID('all', { message: said('personne à choisir dans la liste', 'pick a person from the list') })
  personId?: string;
  /** @example "Martine" */
  @Transform(trimmed) @IsOptional() @IsString() @Length(1, 80, VISITOR_NAME) visitorName?: string;
}

/** The site's free-access setting: how long a session on a public computer lasts at most. */
export class FreeAccessSettingsDto {
  /** Lieu (admin seulement). Site (admin only). @example "5d1f6a3c-2b4e-4f8a-9c7d-1e2f3a4b5c6d" */
  @Transform(blankIsMissing) @IsOptional() @IsUUID() siteId?: string;
  /** Minutes, 5 to 720. @example 60 */
  @Type(() => Number)
  @IsInt({ message: said('durée en minutes entières (ex. 60)', 'length in whole minutes (e.g. 60)') })
  @Min(5, { message: said('au moins 5 minutes', 'at least 5 minutes') })
  @Max(720, { message: said('au plus 720 minutes (12 heures)', 'at most 720 minutes (12 hours)') })
  minutes: number;
}
