import { said } from '../../common/validation';
import { IsOptional, IsString, IsTimeZone, Length, Matches, MaxLength } from 'class-validator';
import { FALLBACK_TIME_ZONE } from '../../config/time-zone';

export class CreateSiteDto {
  /** @example "fablab-lyon" */
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, {
    message: said('slug : minuscules, chiffres et tirets (ex. brest-capucins)', 'slug: lower-case letters, digits and dashes (e.g. brest-capucins)'),
  })
  slug: string;
  /** @example "Fab lab de Lyon" */
  @IsString() @Length(1, 200) name: string;
  /** IANA zone; without it, APP_TIME_ZONE, else Europe/Paris. @example "Indian/Reunion" */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @IsTimeZone({ message: said(`fuseau horaire IANA attendu (ex. ${FALLBACK_TIME_ZONE})`, `IANA time zone expected (e.g. ${FALLBACK_TIME_ZONE})`) })
  timezone?: string;
}
