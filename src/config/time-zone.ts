/**
 * The zone of a new site when none is given, and of pages that concern no site while no site
 * exists yet, unless APP_TIME_ZONE says otherwise (docs/ARCHITECTURE.md, "Words, times and money").
 */
export const FALLBACK_TIME_ZONE = 'Europe/Paris';

/** Whether the runtime knows this IANA zone. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}
