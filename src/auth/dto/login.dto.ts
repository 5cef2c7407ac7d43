import { IsEmail, IsString, MinLength } from 'class-validator';

export class LoginDto {
  @IsEmail({}, { message: 'e-mail invalide / invalid e-mail' }) email: string;
  @IsString() @MinLength(1) password: string;
}
