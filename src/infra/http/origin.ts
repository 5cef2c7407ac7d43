/**
 * Whether a browser's Origin (or Referer) names this server: the origin of PUBLIC_URL, or the host
 * the browser itself addressed (Host header; a page elsewhere cannot change it). The scheme is not
 * compared with Host because a TLS proxy in front makes the app see plain http.
 */
export function sameOrigin(originOrUrl: string, host: string | undefined, publicUrl: string): boolean {
  let origin: URL;
  try {
    origin = new URL(originOrUrl);
  } catch {
    return false; // "null" (sandboxed frame, privacy redirect) or garbage
  }
  if (origin.origin === new URL(publicUrl).origin) return true;
  return host !== undefined && origin.host === host.toLowerCase();
}
