import { z } from 'zod';
import { isUtcInstant } from '../../common/input-rules';

/** Field rules shared by every payload of the contract (MQTT-PROTOCOL.md, "Precise rules"). */

/** RFC 3339 in UTC on a day that exists: 2026-02-31 or 9999-99-99 is refused here, never stored. */
export const rfc3339Utc = z.string().max(40).refine(isUtcInstant, 'RFC 3339 UTC time on an existing calendar day expected');
export const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'UUID expected');
/** A measure a sensor can report (temperatures, watts, millimetres): finite and bounded. */
export const measure = (min: number, max: number) => z.number().finite().min(min).max(max);
export const cardUid = z.string().regex(/^([0-9A-F]{2}){4,10}$/, 'upper-case hex card UID of 4 to 10 bytes expected');

/** An RFC 3339 UTC string for a date, with milliseconds. */
export const isoUtc = (d: Date = new Date()) => d.toISOString();
