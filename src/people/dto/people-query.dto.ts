import { IsOptional, IsUUID } from 'class-validator';

/** GET /api/badges. */
export class BadgesQuery {
  /** Les badges de cette personne. This person's badges. */
  @IsOptional() @IsUUID() personId?: string;
}
