import { offsetMinutes, toLocal } from '../common/local-format';

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

const utcStamp = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
function wallClock(d: Date, zone: string): string {
  const l = toLocal(d, zone);
  const hh = String(Math.floor(l.minutes / 60)).padStart(2, '0');
  const mm = String(l.minutes % 60).padStart(2, '0');
  const ss = String(d.getUTCSeconds()).padStart(2, '0');
  return `${l.date.replace(/-/g, '')}T${hh}${mm}${ss}`;
}

const YEAR_MS = 365 * 24 * 3600_000;
const offsetText = (minutes: number) =>
  `${minutes < 0 ? '-' : '+'}${String(Math.floor(Math.abs(minutes) / 60)).padStart(2, '0')}${String(Math.abs(minutes) % 60).padStart(2, '0')}`;

/**
 * The VTIMEZONE a calendar can carry for a site's zone: Paris with its rules; a zone with one
 * offset all year (Réunion, Guyane, Martinique…: no daylight saving in the year around `now`) as a
 * single STANDARD offset. Other zones (daylight saving with rules not written here) get none: their
 * times are written in UTC, which RFC 5545 allows (§3.3.5, form #2) and every calendar shows in its
 * reader's zone.
 */
export function vtimezoneOf(zone: string, now = new Date()): string[] | null {
  if (zone === 'Europe/Paris') return PARIS_VTIMEZONE;
  const samples = [0, 2, 4, 6, 8, 10, 12].map((m) => offsetMinutes(new Date(now.getTime() - YEAR_MS / 2 + (m * YEAR_MS) / 12), zone));
  if (samples.some((o) => o !== samples[0])) return null;
  const offset = offsetText(samples[0]);
  return [
    'BEGIN:VTIMEZONE',
    `TZID:${zone}`,
    'BEGIN:STANDARD',
    `TZOFFSETFROM:${offset}`,
    `TZOFFSETTO:${offset}`,
    'DTSTART:19700101T000000',
    'END:STANDARD',
    'END:VTIMEZONE',
  ];
}

/**
 * DTSTART/DTEND in the site's wall-clock time, except in the repeated hour of an autumn change:
 * there a local time names two instants; RFC 5545 (§3.3.5) reads it as the first, but calendar
 * apps differ (ical.js takes the second), so both are written in UTC — the only exact form. UTC
 * too for a zone with no VTIMEZONE here.
 */
function eventTime(name: 'DTSTART' | 'DTEND', d: Date, zone: string | null): string {
  return !zone || isRepeatedTime(d, zone) ? `${name}:${utcStamp(d)}` : `${name};TZID=${zone}:${wallClock(d, zone)}`;
}

/** Whether the site's clock shows this time twice on that day (the hour after it is set back). */
function isRepeatedTime(d: Date, zone: string): boolean {
  const HOURS_3 = 3 * 3600_000;
  const setBack = offsetMinutes(new Date(d.getTime() - HOURS_3), zone) - offsetMinutes(new Date(d.getTime() + HOURS_3), zone);
  if (setBack <= 0) return false;
  const wall = wallClock(d, zone);
  return [-1, 1].some((sign) => wallClock(new Date(d.getTime() + sign * setBack * 60_000), zone) === wall);
}

/** A whole VCALENDAR, CRLF line endings, times in the site's zone (UTC in a repeated autumn hour, or for a zone without VTIMEZONE here), DTSTAMP in UTC. */
export function buildCalendar(name: string, events: CalendarEvent[], zone: string): string {
  const vtimezone = vtimezoneOf(zone);
  const tzid = vtimezone ? zone : null;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Fablab Ops//Bookings//FR',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(name)}`,
    `X-WR-TIMEZONE:${zone}`,
    ...(vtimezone ?? []),
  ];
  for (const e of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      `DTSTAMP:${utcStamp(e.stamp)}`,
      eventTime('DTSTART', e.start, tzid),
      eventTime('DTEND', e.end, tzid),
      `SUMMARY:${escapeText(e.summary)}`,
    );
    if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
    if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`);
    lines.push(`STATUS:${e.cancelled ? 'CANCELLED' : 'CONFIRMED'}`, `SEQUENCE:${e.sequence ?? 0}`, 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
