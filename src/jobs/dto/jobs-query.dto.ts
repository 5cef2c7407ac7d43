import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

/** GET /api/jobs/:id/thumbnail. */
export class ThumbnailQuery {
  /** « small » : vignette réduite (liste). Smaller thumbnail. */
  @IsOptional() @IsIn(['small']) size?: 'small';
}

/** GET /api/jobs/:id/file, for the bridge. */
export class JobFileQuery {
  /** Jeton de téléchargement à courte durée (ou en-tête Authorization: Bearer). Short-lived download token. */
  @IsOptional() @IsString() @MaxLength(200) token?: string;
}
