import { offsetMinutes, toLocal } from './time';

/** One event of a calendar feed. */
export interface CalendarEvent {
  uid: string;
  start: Date;
  end: Date;
  stamp: Date;
  summary: string;
  description?: string;
  location?: string;
  cancelled?: boolean;
  sequence?: number;
}

/** Europe/Paris with both daylight-saving rules (RFC 5545 §3.6.5; EU rule since 1996). */
const PARIS_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Paris',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

/** TEXT values escape backslash, semicolon, comma and newlines (RFC 5545 §3.3.11). */
export const escapeText = (v: string) => v.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

/**
 * Folds a content line at 75 octets (§3.1): continuation lines start with one space. A UTF-8
 * character is never cut (é is two octets).
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = 74; // the leading space counts
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

const utcStamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
function parisWallClock(d: Date): string {
  const l = toLocal(d, 'Europe/Paris');
  const hh = String(Math.floor(l.minutes / 60)).padStart(2, '0');
  const mm = String(l.minutes % 60).padStart(2, '0');
  const ss = String(d.getUTCSeconds()).padStart(2, '0');
  return `${l.date.replace(/-/g, '')}T${hh}${mm}${ss}`;
}

/**
 * DTSTART/DTEND in Paris wall-clock time, except in the repeated hour of the October change:
 * there a local time names two instants; RFC 5545 (§3.3.5) reads it as the first, but calendar
 * apps differ (ical.js takes the second), so both are written in UTC — the only exact form.
 */
function parisTime(name: 'DTSTART' | 'DTEND', d: Date): string {
  return isRepeatedTime(d) ? `${name}:${utcStamp(d)}` : `${name};TZID=Europe/Paris:${parisWallClock(d)}`;
}

/** Whether the Paris clock shows this time twice on that day (the hour after it is set back). */
function isRepeatedTime(d: Date): boolean {
  const HOURS_3 = 3 * 3600_000;
  const setBack = offsetMinutes(new Date(d.getTime() - HOURS_3), 'Europe/Paris') - offsetMinutes(new Date(d.getTime() + HOURS_3), 'Europe/Paris');
  if (setBack <= 0) return false;
  const wall = parisWallClock(d);
  return [-1, 1].some((sign) => parisWallClock(new Date(d.getTime() + sign * setBack * 60_000)) === wall);
}

/** A whole VCALENDAR, CRLF line endings, times in Europe/Paris (UTC in the repeated autumn hour), DTSTAMP in UTC. */
export function buildCalendar(name: string, events: CalendarEvent[]): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Fablab Ops//Bookings//FR',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(name)}`,
    'X-WR-TIMEZONE:Europe/Paris',
    ...PARIS_VTIMEZONE,
  ];
  for (const e of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      `DTSTAMP:${utcStamp(e.stamp)}`,
      parisTime('DTSTART', e.start),
      parisTime('DTEND', e.end),
      `SUMMARY:${escapeText(e.summary)}`,
    );
    if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
    if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`);
    lines.push(`STATUS:${e.cancelled ? 'CANCELLED' : 'CONFIRMED'}`, `SEQUENCE:${e.sequence ?? 0}`, 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
