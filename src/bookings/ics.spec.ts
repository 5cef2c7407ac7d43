import ICAL from 'ical.js';
import { buildCalendar, foldLine } from './ics';

const event = (over = {}) => ({
  uid: '7f1c2d3e-0000-4000-8000-000000000001@fablab-ops',
  start: new Date('2027-03-27T09:00:00Z'), // Saturday before the spring change: 10:00 in Paris
  end: new Date('2027-03-27T10:30:00Z'),
  stamp: new Date('2027-03-01T08:15:30Z'),
  summary: 'Réservation : Découpeuse laser, atelier « bois »; prototypage',
  ...over,
});

describe('iCalendar feed', () => {
  it('uses CRLF line endings and no line longer than 75 octets', () => {
    const ics = buildCalendar('Mes réservations', [event({ description: 'é'.repeat(200) })], 'Europe/Paris');
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  });

  it('folds without cutting a two-octet French character', () => {
    const folded = foldLine(`DESCRIPTION:${'é'.repeat(100)}`);
    const parts = folded.split('\r\n ');
    expect(parts.length).toBeGreaterThan(2);
    expect(parts.join('')).toBe(`DESCRIPTION:${'é'.repeat(100)}`);
  });

  it('parses back with ical.js: same UID, summary, and Paris times on both sides of the DST change', () => {
    const ics = buildCalendar(
      'Mes réservations',
      [event(), event({ uid: 'b@fablab-ops', start: new Date('2027-03-29T08:00:00Z'), end: new Date('2027-03-29T09:00:00Z'), cancelled: true, sequence: 1 })],
      'Europe/Paris',
    );
    const comp = new ICAL.Component(ICAL.parse(ics));
    const tz = comp.getFirstSubcomponent('vtimezone')!;
    expect(tz.getFirstPropertyValue('tzid')).toBe('Europe/Paris');
    expect(tz.getAllSubcomponents('daylight')).toHaveLength(1);
    expect(tz.getAllSubcomponents('standard')).toHaveLength(1);
    ICAL.TimezoneService.register(tz);
    const [a, b] = comp.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(a.uid).toBe('7f1c2d3e-0000-4000-8000-000000000001@fablab-ops');
    expect(a.summary).toBe('Réservation : Découpeuse laser, atelier « bois »; prototypage');
    expect(a.startDate.toString()).toBe('2027-03-27T10:00:00');
    expect(a.startDate.toJSDate().toISOString()).toBe('2027-03-27T09:00:00.000Z');
    expect(a.endDate.toJSDate().toISOString()).toBe('2027-03-27T10:30:00.000Z');
    // After the change Paris is UTC+2: 10:00 local is 08:00Z.
    expect(b.startDate.toString()).toBe('2027-03-29T10:00:00');
    expect(b.startDate.toJSDate().toISOString()).toBe('2027-03-29T08:00:00.000Z');
    expect(b.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    const stamp = a.component.getFirstProperty('dtstamp')!.getFirstValue() as ICAL.Time;
    expect(stamp.zone?.tzid).toBe('UTC');
  });

  it('writes bookings in the repeated hour of the October change exactly (end after start, right length)', () => {
    // 25 October 2026: 03:00 CEST becomes 02:00 CET, so 02:00–03:00 happens twice (00:00Z–02:00Z).
    const ics = buildCalendar(
      'Machine',
      [
        event({ uid: 'repeated@fablab-ops', start: new Date('2026-10-25T00:30:00Z'), end: new Date('2026-10-25T01:30:00Z') }), // 02:30 CEST → 02:30 CET
        event({ uid: 'second@fablab-ops', start: new Date('2026-10-25T01:30:00Z'), end: new Date('2026-10-25T02:30:00Z') }), // 02:30 CET → 03:30 CET
        event({ uid: 'across@fablab-ops', start: new Date('2026-10-24T23:30:00Z'), end: new Date('2026-10-25T01:00:00Z') }), // 01:30 CEST → 02:00 CET
      ],
      'Europe/Paris',
    );
    const comp = new ICAL.Component(ICAL.parse(ics));
    ICAL.TimezoneService.register(comp.getFirstSubcomponent('vtimezone')!);
    const read = Object.fromEntries(
      comp.getAllSubcomponents('vevent').map((v) => {
        const e = new ICAL.Event(v);
        return [e.uid, [e.startDate.toJSDate().toISOString(), e.endDate.toJSDate().toISOString()]];
      }),
    );
    expect(read['repeated@fablab-ops']).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z']);
    expect(read['second@fablab-ops']).toEqual(['2026-10-25T01:30:00.000Z', '2026-10-25T02:30:00.000Z']);
    expect(read['across@fablab-ops']).toEqual(['2026-10-24T23:30:00.000Z', '2026-10-25T01:00:00.000Z']);
    // Both 02:30s are in UTC; 01:30 (not repeated) keeps its Paris time.
    expect(ics).toContain('DTSTART:20261025T003000Z');
    expect(ics).toContain('DTEND:20261025T013000Z');
    expect(ics).toContain('DTSTART;TZID=Europe/Paris:20261025T013000');
  });

  it("writes a site in Réunion in its own zone: a one-offset VTIMEZONE and Réunion's wall clock", () => {
    const ics = buildCalendar('Ateliers', [event()], 'Indian/Reunion');
    expect(ics).toContain('X-WR-TIMEZONE:Indian/Reunion');
    expect(ics).toContain('DTSTART;TZID=Indian/Reunion:20270327T130000');
    const comp = new ICAL.Component(ICAL.parse(ics));
    const tz = comp.getFirstSubcomponent('vtimezone')!;
    expect(tz.getFirstPropertyValue('tzid')).toBe('Indian/Reunion');
    expect(tz.getAllSubcomponents('daylight')).toHaveLength(0);
    ICAL.TimezoneService.register(tz);
    const e = new ICAL.Event(comp.getFirstSubcomponent('vevent')!);
    expect(e.startDate.toString()).toBe('2027-03-27T13:00:00');
    expect(e.startDate.toJSDate().toISOString()).toBe('2027-03-27T09:00:00.000Z');
    expect(e.endDate.toJSDate().toISOString()).toBe('2027-03-27T10:30:00.000Z');
  });

  it('writes UTC times, and no VTIMEZONE, for a zone with daylight-saving rules not written here (RFC 5545 §3.3.5)', () => {
    const ics = buildCalendar('Ateliers', [event()], 'America/Montreal');
    expect(ics).not.toContain('BEGIN:VTIMEZONE');
    expect(ics).toContain('DTSTART:20270327T090000Z');
    expect(ics).toContain('DTEND:20270327T103000Z');
  });
});
