import { said } from '../../common/validation';
import { IsOptional, IsString, IsTimeZone, Length, Matches, MaxLength } from 'class-validator';

export class CreateSiteDto {
  /** @example "fablab-lyon" */
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, {
    message: said('slug : minuscules, chiffres et tirets (ex. brest-capucins)', 'slug: lower-case letters, digits and dashes (e.g. brest-capucins)'),
  })
  slug: string;
  /** @example "Fab lab de Lyon" */
  @IsString() @Length(1, 200) name: string;
  /** @example "Europe/Paris" */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @IsTimeZone({ message: said('fuseau horaire IANA attendu (ex. Europe/Paris)', 'IANA time zone expected (e.g. Europe/Paris)') })
  timezone?: string;
}
