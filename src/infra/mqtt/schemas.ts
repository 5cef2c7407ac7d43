import { z } from 'zod';

/** Field rules shared by every payload of the contract (MQTT-PROTOCOL.md, "Precise rules"). */
export const rfc3339Utc = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/, 'RFC 3339 UTC time expected');
export const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'UUID expected');
export const cardUid = z.string().regex(/^([0-9A-F]{2}){4,10}$/, 'upper-case hex card UID of 4 to 10 bytes expected');

/** An RFC 3339 UTC string for a date, with milliseconds. */
export const isoUtc = (d: Date = new Date()) => d.toISOString();
