import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { IS_PUBLIC } from '../common/public.decorator';
import { ROLES_KEY, Viewer } from '../common/viewer';
import { SESSION_COOKIE } from '../infra/realtime/realtime.gateway';
import type { Role } from '../people/entities/person.entity';
import { SitesService } from '../sites/sites.service';
import { AuthService } from './auth.service';

export function tokenFromRequest(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  return (req as Request & { cookies?: Record<string, string> }).cookies?.[SESSION_COOKIE];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The site a request is about, when it names one (`?siteId=` or a `:siteId` in its path). */
function pageSiteOf(req: Request): string | null {
  const named = [req.query?.siteId, req.params?.siteId].find((v): v is string => typeof v === 'string' && UUID.test(v));
  return named ?? null;
}

/** Global guard: every route needs a login unless marked @Public; @Roles narrows it further. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
    private readonly sites: SitesService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<Request & { viewer?: Viewer; siteZone?: string }>();
    const targets = [ctx.getHandler(), ctx.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets);
    const viewer = await this.auth.viewerFromToken(tokenFromRequest(req));
    if (viewer) req.viewer = viewer;
    // Pages read times on the clock of the viewer's site, or of the site an admin (no site of their
    // own) or a public page is about; with no site in question, the default zone (SitesService).
    req.siteZone = await this.sites.zoneOf(viewer?.siteId ?? pageSiteOf(req));
    if (isPublic) return true;
    if (!viewer) throw new UnauthorizedException({ code: 'login_required', message: 'Connectez-vous. Please log in.' });
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets);
    if (!roles || viewer.role === 'admin' || roles.includes(viewer.role)) return true;
    throw new ForbiddenException({ code: 'role_required', message: "Votre rôle ne permet pas cette action. Your role doesn't allow this." });
  }
}
