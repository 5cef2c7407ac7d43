import { Injectable, NestMiddleware } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppConfig } from '../config/app-config';
import { sameOrigin } from '../infra/http/origin';
import { SESSION_COOKIE } from '../infra/realtime/realtime.gateway';
import { newSecret } from './tokens';

export const CSRF_COOKIE = 'fablab_csrf';
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export type CsrfRequest = Request & { csrfToken?: string; cookies?: Record<string, string> };

/**
 * Where the request says it comes from: this server, elsewhere, or nothing said (not a browser, or
 * a very old one). Sec-Fetch-Site first: browsers set it and pages cannot; a same-origin form
 * post may carry `Origin: null` (Fetch serializes the origin as null under some referrer policies).
 */
function provenance(req: Request, publicUrl: string): 'here' | 'elsewhere' | 'unsaid' {
  const host = req.headers.host;
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin' || site === 'none' ? 'here' : 'elsewhere';
  const origin = req.headers.origin;
  if (origin !== undefined) return sameOrigin(origin, host, publicUrl) ? 'here' : 'elsewhere';
  const referer = req.headers.referer;
  if (referer !== undefined) return sameOrigin(referer, host, publicUrl) ? 'here' : 'elsewhere';
  return 'unsaid';
}

function tokenMatches(req: CsrfRequest): boolean {
  const expected = req.cookies?.[CSRF_COOKIE];
  const body = req.body as Record<string, unknown> | undefined;
  const given = req.headers[CSRF_HEADER] ?? body?.[CSRF_FIELD];
  if (typeof expected !== 'string' || typeof given !== 'string' || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

const refused = (res: Response) =>
  res.status(403).json({
    statusCode: 403,
    code: 'csrf_refused',
    message: "Requête refusée : elle ne vient pas d'une page de ce site. Rechargez la page et réessayez. Cross-site request refused.",
  });

/**
 * CSRF, on every state-changing request a browser could send with its cookie (login included, so
 * nobody is logged in as someone else): a request whose Sec-Fetch-Site (else Origin, else Referer)
 * names another site is refused; one that names none must carry the page's token (double submit:
 * the `fablab_csrf` cookie and the form's `_csrf` field or the X-CSRF-Token header) when it has a
 * session cookie. Bearer-token calls carry no ambient credential and pass. The token is handed to
 * pages as `req.csrfToken`.
 */
export function csrfProtection(config: AppConfig): RequestHandler {
  return (req: CsrfRequest, res: Response, next: NextFunction) => {
    if (req.headers.authorization?.startsWith('Bearer ')) return next();
    if (SAFE_METHODS.has(req.method)) {
      req.csrfToken = req.cookies?.[CSRF_COOKIE] ?? newSecret();
      if (!req.cookies?.[CSRF_COOKIE]) {
        res.cookie(CSRF_COOKIE, req.csrfToken, { httpOnly: true, sameSite: 'lax', secure: config.env.SECURE_COOKIES, path: '/' });
      }
      return next();
    }
    // A page answered to a form post (the form again, with its error) carries the same token on.
    req.csrfToken = req.cookies?.[CSRF_COOKIE];
    const from = provenance(req, config.publicUrl);
    if (from === 'elsewhere') return void refused(res);
    if (from === 'here' || !req.cookies?.[SESSION_COOKIE] || tokenMatches(req)) return next();
    refused(res);
  };
}

/** As Nest middleware, so it runs after the body parsers (the `_csrf` field of a classic form). */
@Injectable()
export class CsrfMiddleware implements NestMiddleware {
  private readonly handler: RequestHandler;

  constructor(config: AppConfig) {
    this.handler = csrfProtection(config);
  }

  use(req: Request, res: Response, next: NextFunction): void {
    this.handler(req, res, next);
  }
}
