import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

/**
 * Query parameters every route declares (docs/SECURITY.md, « Paramètres d'URL »): each route's
 * `@Query() q` DTO lists what it reads, with its type and limits; any other name is refused
 * (InputValidationPipe). The building blocks below are shared by the features' query DTOs.
 */

/** Routes that list one site's things: a manager is held to their own site, an admin picks one. */
export class SiteQuery {
  /** Lieu (admin seulement ; un responsable voit toujours le sien). Site (admin only). */
  @IsOptional() @IsUUID() siteId?: string;
}

/** Query parameters a page of this site may receive whatever it shows. */
export class PageQuery {
  /** Page language, remembered in a cookie (src/web/i18n.ts). */
  @IsOptional() @IsIn(['fr', 'en']) lang?: 'fr' | 'en';
  // Campaign tags a newsletter or a social network appends to a link to a page: accepted and
  // ignored, so a shared link opens; anything else unknown is refused (docs/SECURITY.md).
  @IsOptional() @IsString() @MaxLength(200) utm_source?: string;
  @IsOptional() @IsString() @MaxLength(200) utm_medium?: string;
  @IsOptional() @IsString() @MaxLength(200) utm_campaign?: string;
  @IsOptional() @IsString() @MaxLength(200) utm_term?: string;
  @IsOptional() @IsString() @MaxLength(200) utm_content?: string;
  @IsOptional() @IsString() @MaxLength(200) fbclid?: string;
  @IsOptional() @IsString() @MaxLength(200) gclid?: string;
}

/** The names PageQuery accepts, for a page whose handler reads no query of its own. */
export const PAGE_QUERY_NAMES = ['lang', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'fbclid', 'gclid'];

/** A page that shows one site's things (an admin picks it with ?siteId=). */
export class SitePageQuery extends PageQuery {
  @IsOptional() @IsUUID() siteId?: string;
}
