import { IsOptional, IsString, IsTimeZone, Length, Matches, MaxLength } from 'class-validator';

export class CreateSiteDto {
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'slug : minuscules, chiffres et tirets (ex. brest-capucins) / lower-case slug' })
  slug: string;
  @IsString() @Length(1, 200) name: string;
  @IsOptional() @IsString() @MaxLength(64) @IsTimeZone({ message: 'fuseau horaire IANA attendu (ex. Europe/Paris)' }) timezone?: string;
}
