import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * The security headers of every response, in one place (helmet: maintained, and each header it
 * sets is documented). The CSP here is the floor for every page: scripts only from this site, no
 * framing (frame-ancestors), no plugins, no <base>, forms and connections only to this site.
 * No inline style either: every page's styles are classes of /assets/app.css, so an injected
 * `style="…"` or `<style>` is not applied (docs/SECURITY.md). A page sent through the page kit
 * (sendHtml) that carries a constant inline script gets that script's hash added (`pageCsp`);
 * src/web's pages send the stricter STRICT_CSP.
 */
export const BASELINE_CSP = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'connect-src': ["'self'"],
  'font-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

export function securityHeaders(opts: { https: boolean }): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: BASELINE_CSP },
    // HSTS only when the lab serves HTTPS (SECURE_COOKIES): a LAN install on plain http must stay reachable.
    strictTransportSecurity: opts.https,
    // Public pages (credentials, calendars) may be embedded as images or links elsewhere.
    crossOriginResourcePolicy: false,
    crossOriginEmbedderPolicy: false,
    // Nothing to other sites (the reset link's token stays home); 'no-referrer' would make browsers
    // send `Origin: null` on this site's own form posts, which the CSRF check must refuse.
    referrerPolicy: { policy: 'same-origin' },
    xFrameOptions: { action: 'deny' },
  });
}

/** The floor CSP as a header value, with extra script sources (hashes of a page's inline scripts). */
export function cspHeader(extraScriptSources: string[] = []): string {
  return Object.entries(BASELINE_CSP)
    .map(([name, values]) => `${name} ${(name === 'script-src' ? [...values, ...extraScriptSources] : values).join(' ')}`)
    .join('; ');
}
