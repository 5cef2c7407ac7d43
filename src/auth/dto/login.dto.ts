import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @IsEmail({}, { message: 'e-mail invalide / invalid e-mail' }) email: string;
  @IsString() @MinLength(1) @MaxLength(200) password: string;
}
