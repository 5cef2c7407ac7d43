import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * The security headers of every response, in one place (helmet: maintained, and each header it
 * sets is documented). The CSP here is the floor for every page: no framing (frame-ancestors),
 * no plugins, no <base>, forms only to this site, connections only to this site. Pages that have no
 * inline script (src/web's, STRICT_CSP) send the strict one over it; a few feature pages still
 * carry inline scripts and styles, which this floor lets through until they move to /assets.
 */
export const BASELINE_CSP = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'unsafe-inline'"],
  'style-src': ["'self'", "'unsafe-inline'"],
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
