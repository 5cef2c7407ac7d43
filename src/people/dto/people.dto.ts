import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, MaxLength, MinLength } from 'class-validator';
import { IsNewPassword } from '../../auth/password-policy';
import { ROLES, Role } from '../entities/person.entity';

export class CreatePersonDto {
  @IsOptional() @IsUUID() siteId?: string;
  @IsString() @Length(1, 120) firstName: string;
  @IsOptional() @IsString() @Length(0, 120) lastName?: string;
  @IsOptional() @IsEmail({}, { message: 'e-mail invalide / invalid e-mail' }) email?: string;
  @IsOptional() @IsIn(ROLES, { message: `rôle parmi / role among: ${ROLES.join(', ')}` }) role?: Role;
  @IsOptional() @IsNewPassword() password?: string;
  @IsOptional() @IsIn(['fr', 'en']) locale?: string;
}

export class UpdatePersonDto {
  @IsOptional() @IsString() @Length(1, 120) firstName?: string;
  @IsOptional() @IsString() @Length(0, 120) lastName?: string;
  @IsOptional() @IsIn(ROLES) role?: Role;
  @IsOptional() @IsBoolean() active?: boolean;
  @IsOptional() @IsIn(['fr', 'en']) locale?: string;
}

export class CreateBadgeDto {
  @IsUUID() personId: string;
  /** Upper-case hex, 4 to 10 bytes; spaces and colons typed by a person are removed. */
  @IsString() @Length(8, 40) uid: string;
  @IsOptional() @IsString() @Length(0, 80) label?: string;
}

export class RevokeBadgeDto {
  @IsOptional() @IsString() @Length(0, 200) reason?: string;
}

export const UID_PATTERN = /^([0-9A-F]{2}){4,10}$/;
export const normalizeUid = (raw: string) => raw.replace(/[\s:-]/g, '').toUpperCase();
