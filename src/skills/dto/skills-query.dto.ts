import { IsOptional, IsUUID } from 'class-validator';

/** DELETE /api/workshops/:id/enrolment: whose place to give back. */
export class CancelEnrolmentQuery {
  /** La personne désinscrite (médiateur seulement ; par défaut soi-même). The person (mediators only; default: oneself). */
  @IsOptional() @IsUUID() personId?: string;
}
