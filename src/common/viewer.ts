import { createParamDecorator, ExecutionContext, ForbiddenException, NotFoundException, SetMetadata, BadRequestException } from '@nestjs/common';
import type { Role } from '../common/roles';

/** The logged-in person making a request. */
export interface Viewer {
  id: string;
  role: Role;
  siteId: string | null;
  displayName: string;
  locale: string;
}

export const ROLES_KEY = 'fablab:roles';
/** Roles allowed on a route; an admin is always allowed. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const CurrentViewer = createParamDecorator((_: unknown, ctx: ExecutionContext): Viewer => {
  return ctx.switchToHttp().getRequest().viewer;
});

/** Staff roles that manage a site's people, machines and trainings. */
export const STAFF: Role[] = ['manager', 'trainer'];

/**
 * The site a request acts on. A manager or trainer only ever acts on their own site: asking for
 * another is refused (403). An admin names the site, or acts on all when none is given.
 */
export function siteOf(viewer: Viewer, requested?: string | null): string | null {
  if (viewer.role === 'admin') return requested ?? null;
  if (requested && requested !== viewer.siteId) {
    throw new ForbiddenException({ code: 'other_site', message: "Ce lieu n'est pas le vôtre. This site is not yours." });
  }
  return viewer.siteId;
}

/** Like siteOf, but a site is required (creating something). */
export function requireSite(viewer: Viewer, requested?: string | null): string {
  const site = siteOf(viewer, requested);
  if (!site) throw new BadRequestException({ code: 'site_required', message: 'Indiquez le lieu (siteId). siteId is required.' });
  return site;
}

/** A row of another site is answered as if it did not exist (404), so ids leak nothing. */
export function assertVisible<T extends { siteId: string | null }>(viewer: Viewer, row: T | null, what = 'Ressource'): T {
  if (!row || (viewer.role !== 'admin' && row.siteId !== viewer.siteId)) {
    throw new NotFoundException({ code: 'not_found', message: `${what} introuvable. Not found.` });
  }
  return row;
}

/**
 * Ids named in a body (machines of a training, a rule's training…) must all be rows of the site
 * acted on. An unknown id and another site's id get the same 404, so a body leaks no more than a
 * path does. `rows` are the rows found for `ids`, whatever their site.
 */
export function assertAllInSite(siteId: string, ids: readonly string[], rows: ReadonlyArray<{ id: string; siteId: string | null }>, what = 'Ressource'): void {
  const stray = [...new Set(ids)].filter((id) => !rows.some((r) => r.id === id && r.siteId === siteId));
  if (stray.length) {
    throw new NotFoundException({ code: 'not_found', message: `${what} introuvable dans ce lieu : ${stray.join(', ')}. Not found at this site.` });
  }
}
