import { IsEmail, IsString, Length } from 'class-validator';
import { IsNewPassword } from '../password-policy';

export class ChangePasswordDto {
  @IsString({ message: 'mot de passe actuel manquant / current password missing' }) @Length(1, 1024) currentPassword: string;
  @IsNewPassword() newPassword: string;
}

export class ForgotPasswordDto {
  @IsEmail({}, { message: 'e-mail invalide / invalid e-mail' }) email: string;
}

export class ResetPasswordDto {
  @IsString() @Length(20, 200, { message: 'lien incomplet / incomplete link' }) token: string;
  @IsNewPassword() password: string;
}
