import { said } from '../../common/validation';
import { IsEmail, IsString, Length } from 'class-validator';

/** Any length is tried at login (old passwords may be shorter than today's rule), within reason. */
export class LoginDto {
  /** @example "camille.martin@fablab-lyon.fr" */
  @IsEmail({}, { message: said('e-mail invalide', 'invalid e-mail') }) email: string;
  /** @example "cafe-laser-2026!" */
  @IsString() @Length(1, 1024, { message: said('mot de passe : 1 à 1024 caractères', 'password: 1 to 1024 characters') }) password: string;
}
