import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsNumber, Max, Min, ValidateBy, ValidationOptions } from 'class-validator';
import { said } from './said';

/**
 * The rules every input follows, over HTTP and MQTT alike (docs/SECURITY.md, « Entrées invalides »):
 * no control characters in text, dates that exist on a calendar, instants with their zone.
 */

/** NUL and the other C0 controls (tab, line feed and carriage return are text). */
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** The path of the first string in `value` holding a control character (« notes », « levels.0.label »), or null. */
export function controlCharPath(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return CONTROL_CHARS.test(value) ? path || '(valeur)' : null;
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return null;
  for (const [key, v] of Object.entries(value)) {
    if (CONTROL_CHARS.test(key)) return path ? `${path}.${key}` : key;
    const found = controlCharPath(v, path ? `${path}.${key}` : key);
    if (found) return found;
  }
  return null;
}

/** Years a fab lab ever writes down; 0000 and 9999 are typing accidents, not dates. */
const FIRST_YEAR = 1900;
const LAST_YEAR = 2199;

function dayExists(y: number, m: number, d: number): boolean {
  if (y < FIRST_YEAR || y > LAST_YEAR || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;
/** ISO 8601 / RFC 3339 with its zone: 2027-03-03T14:05:00Z, 2027-03-03T15:05+01:00. */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)$/;
/** What a datetime-local input sends: a wall-clock time with no zone, read in the site's zone. */
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;
/** The UTC form the MQTT contract uses (MQTT-PROTOCOL.md, « Precise rules »). */
const UTC_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?Z$/;

/** « 2027-03-03 »: a day that exists (no 2026-02-31, no 0000-00-00). */
export function isCalendarDay(s: unknown): s is string {
  const m = typeof s === 'string' ? DAY.exec(s) : null;
  return !!m && dayExists(+m[1], +m[2], +m[3]);
}

/** « 2027-03 »: a month between 1900 and 2199. */
export function isCalendarMonth(s: unknown): s is string {
  const m = typeof s === 'string' ? MONTH.exec(s) : null;
  return !!m && dayExists(+m[1], +m[2], 1);
}

/** An instant with its zone, on a day that exists. */
export function isInstant(s: unknown): s is string {
  const m = typeof s === 'string' ? INSTANT.exec(s) : null;
  return !!m && dayExists(+m[1], +m[2], +m[3]);
}

/** « 2027-03-03T14:05 » from a datetime-local input, on a day that exists. */
export function isLocalDateTime(s: unknown): s is string {
  const m = typeof s === 'string' ? LOCAL_DATE_TIME.exec(s) : null;
  return !!m && dayExists(+m[1], +m[2], +m[3]);
}

/** The MQTT contract's instant: RFC 3339 in UTC, on a day that exists. */
export function isUtcInstant(s: unknown): s is string {
  const m = typeof s === 'string' ? UTC_INSTANT.exec(s) : null;
  return !!m && dayExists(+m[1], +m[2], +m[3]);
}

export const isDayOrInstant = (s: unknown): s is string => isCalendarDay(s) || isInstant(s);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: unknown): s is string => typeof s === 'string' && UUID.test(s);

function rule(name: string, test: (v: unknown) => boolean, what: string, opts?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name,
      validator: { validate: (v) => test(v), defaultMessage: (a) => `« ${a?.property} » : ${what}.` },
    },
    opts,
  );
}

/** A calendar day, AAAA-MM-JJ. */
export const IsDay = (opts?: ValidationOptions) =>
  rule('isDay', isCalendarDay, 'date au format AAAA-MM-JJ qui existe au calendrier attendue (ex. 2027-03-03)', opts);
/** An instant with its zone (ISO 8601). */
export const IsInstant = (opts?: ValidationOptions) =>
  rule('isInstant', isInstant, 'date et heure ISO 8601 avec fuseau attendues, qui existent au calendrier (ex. 2027-03-03T14:00:00Z)', opts);
/**
 * An instant with its zone, or a page's datetime-local wall clock (« 2027-03-03T14:05 ») that the
 * service reads in the site's zone (`instantIn`, src/common/local-format.ts).
 */
export const IsInstantOrLocal = (opts?: ValidationOptions) =>
  rule(
    'isInstantOrLocal',
    (v) => isInstant(v) || isLocalDateTime(v),
    'date et heure attendues, en heure locale du lieu (ex. 2027-03-03T14:00) ou avec fuseau (ex. 2027-03-03T14:00:00Z)',
    opts,
  );
/** A Paris calendar day, or an instant with its zone. */
export const IsDayOrInstant = (opts?: ValidationOptions) =>
  rule(
    'isDayOrInstant',
    isDayOrInstant,
    'date AAAA-MM-JJ ou date et heure ISO 8601 avec fuseau attendue, qui existe au calendrier (ex. 2027-03-03 ou 2027-03-03T14:00:00Z)',
    opts,
  );
/** A month, AAAA-MM. */
export const IsMonth = (opts?: ValidationOptions) => rule('isMonth', isCalendarMonth, 'mois au format AAAA-MM attendu (ex. 2027-03)', opts);

/**
 * A decimal as people in France type it: « 1,2 » as well as « 1.2 » (class-transformer's
 * `@Transform(decimalComma)`). Anything else is left as it came, for the validators to refuse.
 */
export function decimalComma({ value }: { value: unknown }): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  return /^-?\d+([.,]\d+)?$/.test(text) ? Number(text.replace(',', '.')) : value;
}

/**
 * An amount in euros as people type it on a page (« 7,50 » or « 7.50 », two decimals at most:
 * « 7,505 » is refused), for a DTO's `…Euros` field; the service stores `centsOf(value)`.
 * `what` names the amount in the French reason (« Prix », « Coût unitaire »), `whatEn` in the English one.
 */
export function IsEuros(what: string, max = 100_000, whatEn = EURO_WHAT_EN[what] ?? what): PropertyDecorator {
  return applyDecorators(
    Transform(decimalComma),
    IsNumber(
      { maxDecimalPlaces: 2 },
      {
        message: said(
          `${what} en euros attendu, par exemple 7,50 (deux décimales au plus).`,
          `${whatEn}: euros expected, for example 7.50 (two decimals at most).`,
        ),
      },
    ),
    Min(0, { message: said(`${what} : ne peut pas être négatif.`, `${whatEn}: cannot be negative.`) }),
    Max(max, { message: said(`${what} : ${max.toLocaleString('fr-FR')} € au plus.`, `${whatEn}: €${max.toLocaleString('en-GB')} at most.`) }),
  );
}

const EURO_WHAT_EN: Record<string, string> = { Prix: 'Price', 'Coût unitaire': 'Unit cost' };

/** Euros typed (already validated by `IsEuros`) to the cents the database keeps. */
export const centsOf = (euros: number): number => Math.round(euros * 100);

/**
 * An amount typed in a plain page form (« 7,50 », « 7.50 », « 7 ») in cents, or null when it is not
 * euros with two decimals at most (« 7,505 », « sept »): the page says why in French.
 */
export function centsFromTyped(text: unknown): number | null {
  const value = decimalComma({ value: text });
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return null;
  const cents = value * 100;
  return Math.abs(cents - Math.round(cents)) < 1e-6 ? Math.round(cents) : null;
}
