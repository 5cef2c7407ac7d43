import { said } from '../../common/validation';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { IsNewPassword } from '../../auth/password-policy';
import { Transform } from 'class-transformer';
import { IsInstantOrLocal } from '../../common/input-rules';
import { BADGE_PURPOSES, BadgePurpose } from '../entities/badge.entity';
import { ROLES, Role } from '../entities/person.entity';

export class CreatePersonDto {
  /** @example "5d1f6a3c-2b4e-4f8a-9c7d-1e2f3a4b5c6d" */
  @IsOptional() @IsUUID() siteId?: string;
  /** @example "Camille" */
  @IsString() @Length(1, 120) firstName: string;
  /** @example "Martin" */
  @IsOptional() @IsString() @Length(0, 120) lastName?: string;
  /** @example "camille.martin@fablab-lyon.fr" */
  @IsOptional() @IsEmail({}, { message: said('e-mail invalide', 'invalid e-mail') }) email?: string;
  /** @example "maker" */
  @IsOptional() @IsIn(ROLES, { message: said(`rôle parmi : ${ROLES.join(', ')}`, `role among: ${ROLES.join(', ')}`) }) role?: Role;
  /** @example "decoupe-bois-contreplaque" */
  @IsOptional() @IsNewPassword() password?: string;
  /** @example "fr" */
  @IsOptional() @IsIn(['fr', 'en']) locale?: string;
}

export class UpdatePersonDto {
  /** @example "Camille" */
  @IsOptional() @IsString() @Length(1, 120) firstName?: string;
  /** @example "Martin-Dubois" */
  @IsOptional() @IsString() @Length(0, 120) lastName?: string;
  /** @example "volunteer" */
  @IsOptional() @IsIn(ROLES) role?: Role;
  /** @example true */
  @IsOptional() @IsBoolean() active?: boolean;
  /** @example "fr" */
  @IsOptional() @IsIn(['fr', 'en']) locale?: string;
}

export class CreateBadgeDto {
  /** @example "0b9e3c1a-7f2d-4e6b-8a5c-3d2e1f0a9b8c" */
  @IsUUID() personId: string;
  /**
   * Upper-case hex, 4 to 10 bytes; spaces and colons typed by a person are removed.
   * @example "04A1B2C3D4E5F6"
   */
  @IsString() @Length(8, 40) uid: string;
  /** @example "Carte bleue n° 12" */
  @IsOptional() @IsString() @Length(0, 80) label?: string;
  /** @example "visitor" */
  @IsOptional() @IsIn(BADGE_PURPOSES as unknown as string[], { message: 'usage de la carte : member, day_card ou visitor' }) purpose?: BadgePurpose;
  /** A pass valid from (site's local time, or with a zone). @example "2027-03-03T09:00" */
  @IsOptional() @IsInstantOrLocal() validFrom?: string;
  /** …until. @example "2027-03-03T18:00" */
  @IsOptional() @IsInstantOrLocal() validUntil?: string;
}

/** Lending a day card at the desk: to a person of the site, or to a visitor named here. */
export class LendDayCardDto {
  /** The card's UID as the reader shows it. @example "04A1B2C3D4E5F6" */
  @IsString() @Length(8, 40) uid: string;
  /** @example "0b9e3c1a-7f2d-4e6b-8a5c-3d2e1f0a9b8c" */
  @Transform(({ value }) => (value === '' ? undefined : value)) @IsOptional() @IsUUID() personId?: string;
  /** A visitor with no account yet. @example "Samia" */
  @Transform(({ value }) => (value === '' ? undefined : value)) @IsOptional() @IsString() @Length(1, 80) firstName?: string;
  /** @example "Benyahia" */
  @Transform(({ value }) => (value === '' ? undefined : value)) @IsOptional() @IsString() @Length(1, 80) lastName?: string;
  /** Until when (site's local time); the end of today if left out. @example "2027-03-03T18:00" */
  @Transform(({ value }) => (value === '' ? undefined : value)) @IsOptional() @IsInstantOrLocal() until?: string;
}

export class RevokeBadgeDto {
  /** @example "Carte perdue" */
  @IsOptional() @IsString() @Length(0, 200) reason?: string;
}

export const UID_PATTERN = /^([0-9A-F]{2}){4,10}$/;
export const normalizeUid = (raw: string) => raw.replace(/[\s:-]/g, '').toUpperCase();
