import { HttpException } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Viewer } from '../common/viewer';
import { FALLBACK_TIME_ZONE } from '../config/time-zone';
import { cspHeader } from '../infra/http/security-headers';
import type { Role } from '../common/roles';
import { html, SafeHtml } from './html';
import { defineDictionary, Lang, langOf } from './i18n';
import { layout, LayoutOptions } from './layout';

/** `siteZone`: the zone of the viewer's site, or of the site the page is about (admins), set by the auth guard. */
export type PageRequest = Request & { viewer?: Viewer; csrfToken?: string; siteZone?: string };

/** The zone of the request's site (for pages not built by renderPage); the guard always sets it, the fallback is for requests it did not see. */
export const requestZone = (req: Request): string => (req as PageRequest).siteZone ?? FALLBACK_TIME_ZONE;

/** What a page handler gets: who is looking, in which language, on which clock, at which URL. */
export interface PageContext {
  req: PageRequest;
  res: Response;
  viewer: Viewer;
  lang: Lang;
  /** The IANA zone of the page's site (the viewer's, or the one an admin looks at): times and days are read on its clock. */
  zone: string;
  path: string;
}

const tr = defineDictionary({
  'error.title': { fr: 'Oups', en: 'Oops' },
  'error.forbidden': { fr: "Cette page n'est pas accessible avec votre rôle.", en: "Your role can't open this page." },
  'error.notFound': { fr: 'Page introuvable.', en: 'Page not found.' },
  'error.home': { fr: "Retour à l'accueil", en: 'Back to the home page' },
});

/**
 * Each role's home, where logging in and `/` lead: the manager's day, the volunteer's bench,
 * the mediator's log, and « Mon espace » for everyone else (makers, entrepreneurs, trainers).
 */
export function homeOf(role: Role): string {
  if (role === 'manager' || role === 'admin') return '/today';
  if (role === 'volunteer') return '/bench';
  if (role === 'mediator') return '/mediation';
  return '/me';
}

/** Only same-site paths are followed after login, never `//other.host` or `https://…`; else `/` (the home). */
export function safeNext(next: unknown, fallback = '/'): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : fallback;
}

export const loginUrl = (path: string) => `/login?next=${encodeURIComponent(path)}`;

/**
 * A strict Content-Security-Policy for pages that follow the rules (scripts only from /assets and
 * /socket.io, no inline handlers; JSON data islands are not executed so they pass). Set by the
 * pages of src/web; feature pages may opt in once they have no inline script.
 */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

export function strictCsp(res: Response): void {
  res.setHeader('Content-Security-Policy', STRICT_CSP);
}

const sha256Source = (code: string) => `'sha256-${createHash('sha256').update(code, 'utf8').digest('base64')}'`;
const unescapeAttribute = (v: string) =>
  v
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/**
 * The CSP of a page that is not strict: the floor, plus the hash of each inline script it carries
 * (constant code in feature pages) and of each inline event handler ('unsafe-hashes'), so nothing
 * injected into a page runs even there. JSON data islands are not scripts and need nothing.
 */
export function pageCsp(page: string): string {
  const sources = new Set<string>();
  for (const m of page.matchAll(/<script(?![^>]*\bsrc=)(?![^>]*\btype="application\/(?:ld\+)?json")[^>]*>([\s\S]*?)<\/script>/g)) {
    sources.add(sha256Source(m[1]));
  }
  for (const m of page.matchAll(/<[a-z][^>]*?\son[a-z]+="([^"]*)"/g)) {
    sources.add("'unsafe-hashes'");
    sources.add(sha256Source(unescapeAttribute(m[1])));
  }
  return cspHeader([...sources]);
}

export function sendHtml(res: Response, status: number, page: string): void {
  if (res.getHeader('Content-Security-Policy') !== STRICT_CSP) res.setHeader('Content-Security-Policy', pageCsp(page));
  res.status(status).type('html').setHeader('Cache-Control', 'no-store').send(page);
}

/** An error as a page (the API answers JSON; a person in a browser gets words and a way back). */
export function errorPage(ctx: { lang: Lang; viewer?: Viewer | null; path: string; csrfToken?: string }, status: number, message: string): string {
  return layout({
    csrfToken: ctx.csrfToken,
    title: tr('error.title', ctx.lang),
    lang: ctx.lang,
    viewer: ctx.viewer,
    path: ctx.path,
    body: html`<div class="card"><h1>${tr('error.title', ctx.lang)}</h1><p class="form-message error" role="alert">${message}</p>
      <p><a class="button secondary" href="/">${tr('error.home', ctx.lang)}</a></p></div>`,
  });
}

function messageOf(err: HttpException, lang: Lang): string {
  const body = err.getResponse() as { message?: unknown } | string;
  const msg = typeof body === 'string' ? body : body.message;
  if (Array.isArray(msg)) return msg.join(' ; ');
  if (typeof msg === 'string' && msg) return msg;
  return err.getStatus() === 403 ? tr('error.forbidden', lang) : tr('error.notFound', lang);
}

/**
 * Runs a page: no viewer → the login page (coming back here after); a role not in `roles` →
 * 403 page; HTTP errors thrown by services (403 other site, 404) → an error page with their words.
 * `roles` lists who may open the page; an admin always may.
 */
export async function renderPage(
  req: PageRequest,
  res: Response,
  roles: Role[] | null,
  build: (ctx: PageContext) => Promise<string | null> | string | null,
): Promise<void> {
  const lang = langOf(req, res);
  const path = req.originalUrl || req.url;
  const viewer = req.viewer;
  if (!viewer) return void res.redirect(303, loginUrl(stripLang(path)));
  if (roles && viewer.role !== 'admin' && !roles.includes(viewer.role)) {
    return sendHtml(res, 403, errorPage({ lang, viewer, path, csrfToken: req.csrfToken }, 403, tr('error.forbidden', lang)));
  }
  try {
    const page = await build({ req, res, viewer, lang, zone: requestZone(req), path });
    if (page !== null && !res.headersSent) sendHtml(res, 200, page);
  } catch (err) {
    if (!(err instanceof HttpException)) throw err;
    sendHtml(res, err.getStatus(), errorPage({ lang, viewer, path, csrfToken: req.csrfToken }, err.getStatus(), messageOf(err, lang)));
  }
}

/** `?lang=` is remembered by its cookie; no need to carry it in `next`. */
function stripLang(path: string): string {
  const url = new URL(path, 'http://x');
  url.searchParams.delete('lang');
  return url.pathname + url.search;
}

/** The layout with the context's language, viewer and path filled in. */
export function pageLayout(ctx: PageContext, o: Omit<LayoutOptions, 'lang' | 'viewer' | 'path'>): string {
  return layout({ ...o, lang: ctx.lang, viewer: ctx.viewer, path: ctx.path, csrfToken: ctx.req.csrfToken });
}

export const isStaff = (v: Viewer) => ['admin', 'manager', 'trainer'].includes(v.role);
export const isManager = (v: Viewer) => ['admin', 'manager'].includes(v.role);
/** Who may watch a site live (same rule as the socket gateway, AuthService.canWatch). */
export const canWatchLive = (v: Viewer) => ['admin', 'manager', 'trainer', 'volunteer'].includes(v.role);

export type { SafeHtml };
