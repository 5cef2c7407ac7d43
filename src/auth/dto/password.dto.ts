import { said } from '../../common/validation';
import { IsEmail, IsString, Length } from 'class-validator';
import { IsNewPassword } from '../password-policy';

export class ChangePasswordDto {
  /** @example "cafe-laser-2026!" */
  @IsString({ message: said('mot de passe actuel manquant', 'current password missing') }) @Length(1, 1024) currentPassword: string;
  /** @example "decoupe-bois-contreplaque" */
  @IsNewPassword() newPassword: string;
}

export class ForgotPasswordDto {
  /** @example "camille.martin@fablab-lyon.fr" */
  @IsEmail({}, { message: said('e-mail invalide', 'invalid e-mail') }) email: string;
}

export class ResetPasswordDto {
  /** @example "q3Jx9vT2mK7pL4sW8nB1cR6yH0dF5gZa" */
  @IsString() @Length(20, 200, { message: said('lien incomplet', 'incomplete link') }) token: string;
  /** @example "decoupe-bois-contreplaque" */
  @IsNewPassword() password: string;
}
