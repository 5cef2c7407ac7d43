/**
 * Days, times, money and numbers as people read them: in their site's zone (storage is UTC),
 * French first. Every page, mail, badge message, CSV export and calendar formats through here, so
 * a site in Réunion or Guyane reads its own clock. The zone is the site's `timezone` column, read
 * through `SitesService.zoneOf(siteId)`.
 */
export type Lang = 'fr' | 'en';
export type Instant = Date | string | number;

const localeOf = (lang: Lang) => (lang === 'en' ? 'en-GB' : 'fr-FR');
const asDate = (d: Instant) => (d instanceof Date ? d : new Date(d));

const formats = new Map<string, Intl.DateTimeFormat>();
/** Intl formatters are slow to build and reused on every row of a page: kept per locale, zone and options. */
function format(locale: string, tz: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${tz}|${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone: tz });
    formats.set(key, f);
  }
  return f;
}

// ── Days and wall clocks ────────────────────────────────────────────────────────────────────

export interface LocalTime {
  date: string; // YYYY-MM-DD
  minutes: number; // minutes since local midnight
  weekday: number; // 0 Sunday … 6 Saturday
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const WALL_CLOCK: Intl.DateTimeFormatOptions = {
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  weekday: 'short',
};

/** The wall clock of a zone at an instant. */
export function toLocal(instant: Instant, tz: string): LocalTime {
  const parts = Object.fromEntries(
    format('en-GB', tz, WALL_CLOCK)
      .formatToParts(asDate(instant))
      .map((p) => [p.type, p.value]),
  );
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
    weekday: WEEKDAYS[parts.weekday],
  };
}

/** The calendar day (YYYY-MM-DD) of an instant in a zone: an event at 22:00 UTC is the next day in Réunion. */
export function dayOf(instant: Instant, tz: string): string {
  return toLocal(instant, tz).date;
}

/** The zone's offset from UTC at an instant, in minutes (Paris: +60 in winter, +120 in summer; Réunion: +240). */
export function offsetMinutes(instant: Instant, tz: string): number {
  const d = asDate(instant);
  const l = toLocal(d, tz);
  const [y, m, day] = l.date.split('-').map(Number);
  const asUtc = Date.UTC(y, m - 1, day) + l.minutes * 60_000;
  return Math.round((asUtc - Math.floor(d.getTime() / 60_000) * 60_000) / 60_000);
}

const DAY_MS = 24 * 3600_000;

/**
 * The instant a local wall-clock time happens, as a form means it. A time repeated by the autumn
 * change is its first occurrence (still summer time): the one people see first on their clock. A
 * time skipped by the spring change does not exist: it is read with the offset in force before the
 * change, so it moves forward by the gap (02:30 → 03:30 summer time), as a wall clock would show it.
 */
export function fromLocal(date: string, minutes: number, tz: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const naive = Date.UTC(y, m - 1, d) + minutes * 60_000;
  // The offsets on either side of any change that day: a day away, no zone changes twice.
  const before = naive - offsetMinutes(new Date(naive - DAY_MS), tz) * 60_000;
  const after = naive - offsetMinutes(new Date(naive + DAY_MS), tz) * 60_000;
  const matches = [before, after]
    .sort((a, b) => a - b)
    .filter((c) => {
      const l = toLocal(new Date(c), tz);
      return l.date === date && l.minutes === minutes;
    });
  return new Date(matches[0] ?? before);
}

/** YYYY-MM-DD plus n days (calendar arithmetic, no zone involved). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** The first instant of a local calendar day. */
export function startOfDay(day: string, tz: string): Date {
  return fromLocal(day, 0, tz);
}

/** The last millisecond of a local calendar day. */
export function endOfDay(day: string, tz: string): Date {
  return new Date(startOfDay(addDays(day, 1), tz).getTime() - 1);
}

/** « 2027-03-03T14:05 » read as a wall-clock time in the zone (a form's datetime-local). */
export function localInputToInstant(value: string, tz: string): Date {
  const [date, time = '00:00'] = value.split('T');
  const [h, min] = time.split(':').map(Number);
  return fromLocal(date, h * 60 + min, tz);
}

/**
 * An instant a form sent: with its zone it is taken as is; a datetime-local wall clock
 * (« 2027-03-03T14:05 », no zone) is read in the site's zone, never the server's.
 */
export function instantIn(value: string, tz: string): Date {
  if (/(Z|[+-]\d{2}:?\d{2})$/.test(value)) return new Date(value);
  return localInputToInstant(value, tz);
}

/** An instant as a datetime-local input shows it in the zone (« 2027-03-03T14:05 »): a form's default value. */
export function instantToLocalInput(instant: Instant, tz: string): string {
  const l = toLocal(instant, tz);
  const hh = String(Math.floor(l.minutes / 60)).padStart(2, '0');
  const mm = String(l.minutes % 60).padStart(2, '0');
  return `${l.date}T${hh}:${mm}`;
}

// ── Dates and times as read ─────────────────────────────────────────────────────────────────

const DATE_STYLES = {
  /** « 03/03/2027 » */
  short: { dateStyle: 'short' },
  /** « 3 mars 2027 » */
  long: { dateStyle: 'long' },
  /** « mercredi 3 mars 2027 » */
  full: { dateStyle: 'full' },
  /** « mercredi 3 mars » (within the coming days: the year goes without saying) */
  weekday: { weekday: 'long', day: 'numeric', month: 'long' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

const DATE_TIME_STYLES = {
  /** « 03/03/2027 14:05 » */
  short: { dateStyle: 'short', timeStyle: 'short' },
  /** « 3 mars 2027, 14:05 » */
  medium: { dateStyle: 'medium', timeStyle: 'short' },
  /** « mercredi 3 mars 2027 à 14:05 » */
  full: { dateStyle: 'full', timeStyle: 'short' },
  /** « mercredi 3 mars à 14:05 » (a reminder: the year goes without saying) */
  weekday: { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' },
  /** « 3 mars 14:05 » (a chart's tooltip) */
  compact: { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  /** « 3 mars 14:05:30 » */
  compactSeconds: { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

export function localDate(instant: Instant, tz: string, lang: Lang, style: keyof typeof DATE_STYLES = 'long'): string {
  return format(localeOf(lang), tz, DATE_STYLES[style]).format(asDate(instant));
}

export function localDateTime(instant: Instant, tz: string, lang: Lang, style: keyof typeof DATE_TIME_STYLES = 'medium'): string {
  return format(localeOf(lang), tz, DATE_TIME_STYLES[style]).format(asDate(instant));
}

/**
 * « 14:05 » (`clock`), « 14:05:12 » (`seconds`), or as a sentence says it (`spoken`): « 14 h 05 »
 * in French, "14:05" in English (badge displays, mails).
 */
export function localTime(instant: Instant, tz: string, lang: Lang, style: 'clock' | 'seconds' | 'spoken' = 'clock'): string {
  const options: Intl.DateTimeFormatOptions = style === 'seconds' ? { timeStyle: 'medium' } : { hour: '2-digit', minute: '2-digit' };
  const text = format(localeOf(lang), tz, options).format(asDate(instant));
  return style === 'spoken' && lang === 'fr' ? text.replace(':', ' h ') : text;
}

/** The hour of day (0–23) on the zone's clock: chart axes. */
export function localHour(instant: Instant, tz: string): number {
  return Math.floor(toLocal(instant, tz).minutes / 60);
}

/** « lun. » / "Mon": a chart's day ticks. */
export function localWeekday(instant: Instant, tz: string, lang: Lang): string {
  return format(localeOf(lang), tz, { weekday: 'short' }).format(asDate(instant));
}

/** « 3 mars 2027 », from a calendar day « 2027-03-03 » (a day has no zone: read as written). */
export function dayWords(day: string, lang: Lang, style: keyof typeof DATE_STYLES = 'long'): string {
  const [y, m, d] = day.split('-').map(Number);
  return format(localeOf(lang), 'UTC', DATE_STYLES[style]).format(new Date(Date.UTC(y, m - 1, d, 12)));
}

/** « mars 2027 » / "March 2027", from « 2027-03 » (a month has no zone). */
export function monthWords(month: string, lang: Lang): string {
  const [y, m] = month.split('-').map(Number);
  return format(localeOf(lang), 'UTC', { month: 'long', year: 'numeric' }).format(new Date(Date.UTC(y, m - 1, 15)));
}

/** « 03/03/2027 14:05 » (or « …:30 »): what a French spreadsheet reads as a date and time. */
export function sheetDateTime(instant: Instant, tz: string, seconds = false): string {
  const options: Intl.DateTimeFormatOptions = {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(seconds ? { second: '2-digit' } : {}),
  };
  return format('fr-FR', tz, options).format(asDate(instant)).replace(',', '');
}

// ── Money, numbers, durations ───────────────────────────────────────────────────────────────

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(lang: Lang, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${lang}|${JSON.stringify(options)}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(localeOf(lang), options);
    numberFormats.set(key, f);
  }
  return f;
}

/** Money is stored in cents: « 7,50 € » / "€7.50". */
export function euros(cents: number, lang: Lang): string {
  return numberFormat(lang, { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

/** « 12,50 »: euros as a French spreadsheet reads a number (CSV exports: no symbol, no grouping), from integer cents. */
export function sheetEuros(cents: number): string {
  return numberFormat('fr', { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: false }).format(cents / 100);
}

/** « 12,5 % » / "12.5%", from a ratio (0.125). */
export function percent(ratio: number, lang: Lang, maxDecimals = 1): string {
  return numberFormat(lang, { style: 'percent', maximumFractionDigits: maxDecimals }).format(ratio);
}

/** « 1 234,5 » / "1,234.5". */
export function localNumber(v: number, lang: Lang, maxDecimals = 1, grouping = true): string {
  return numberFormat(lang, { maximumFractionDigits: maxDecimals, useGrouping: grouping }).format(v);
}

/** « 45 min », « 1 h 30 min », « 2 h » (both languages write durations this way). */
export function duration(minutes: number): string {
  const m = Math.round(minutes);
  if (m < 60) return `${m} min`;
  const rest = m % 60;
  return rest ? `${Math.floor(m / 60)} h ${rest} min` : `${Math.floor(m / 60)} h`;
}
