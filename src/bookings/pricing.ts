import type { PriceUnit } from './entities/price-line.entity';
import { dayOf } from '../common/local-format';
import { addDays, fromLocal, parseHhmm, toLocal } from './time';

export interface Price {
  id?: string;
  label: string;
  machineId: string | null;
  machineType: string | null;
  consumable: string | null;
  category: string;
  unit: PriceUnit;
  slotMinutes: number | null;
  unitCents: number;
  vatBasisPoints: number;
  bookingIsMinimum: boolean;
  /** First and last local day (YYYY-MM-DD, both included) the line is in force: a price change at a date. Null: always. */
  validFrom?: string | null;
  validUntil?: string | null;
  /** A band of the site's day (HH:MM, [from, until), past midnight when until ≤ from): an evening rate. Null: all day. */
  fromTime?: string | null;
  untilTime?: string | null;
  /** The first minutes of a session that this line (so its category) gives free: 30 = the first half hour offered. */
  freeMinutes?: number;
}

/** A badge touched by mistake is not billed (as MemberMatters does): sessions under 10 s are free. */
export const FREE_SESSION_MS = 10_000;

/**
 * The price line for machine time: the machine's own line before its type's, the person's
 * category before the catch-all '*'. Null: no price, the time is free.
 */
export function machinePrice(lines: Price[], machine: { id: string; type: string }, category: string): Price | null {
  const rank = (l: Price) => (l.machineId === machine.id ? 0 : 2) + (l.category === category ? 0 : 1);
  const fits = lines.filter(
    (l) => !l.consumable && (l.machineId === machine.id || (!l.machineId && l.machineType === machine.type)) && (l.category === category || l.category === '*'),
  );
  return fits.sort((a, b) => rank(a) - rank(b))[0] ?? null;
}

/** Whether a line is in force at an instant (its dates and its band of the day, on the site's clock). */
export function lineAppliesAt(l: Price, at: Date, tz: string): boolean {
  if (!l.validFrom && !l.validUntil && !l.fromTime && !l.untilTime) return true;
  const local = toLocal(at, tz);
  if (l.validFrom && local.date < l.validFrom) return false;
  if (l.validUntil && local.date > l.validUntil) return false;
  if (l.fromTime || l.untilTime) {
    const from = parseHhmm(l.fromTime ?? '00:00');
    const until = parseHhmm(l.untilTime ?? '24:00');
    const m = local.minutes;
    return from < until ? m >= from && m < until : m >= from || m < until;
  }
  return true;
}

const hasPeriod = (l: Price) => !!(l.validFrom || l.validUntil || l.fromTime || l.untilTime);

/**
 * The machine-time line in force at an instant: the machine's own before its type's, the person's
 * category before '*', and among equals a line with a period (a date range, a band of the day)
 * before an all-time one, so an evening rate overrides the day rate in its hours.
 */
export function machinePriceAt(lines: Price[], machine: { id: string; type: string }, category: string, at: Date, tz: string): Price | null {
  const rank = (l: Price) => (l.machineId === machine.id ? 0 : 4) + (l.category === category ? 0 : 2) + (hasPeriod(l) ? 0 : 1);
  const fits = lines.filter(
    (l) =>
      !l.consumable &&
      (l.machineId === machine.id || (!l.machineId && l.machineType === machine.type)) &&
      (l.category === category || l.category === '*') &&
      lineAppliesAt(l, at, tz),
  );
  return fits.sort((a, b) => rank(a) - rank(b))[0] ?? null;
}

/** One part of a session under one price line; `free` for the first minutes a line offers. */
export interface PricedSegment {
  line: Price | null;
  start: Date;
  end: Date;
  free: boolean;
}

/**
 * A session cut where the price in force changes (a band of the day starts or ends, a price
 * changes at a date, midnight on the site's clock), each part with its line; consecutive parts
 * under the same line are one. Then the first `freeMinutes` of the line in force at the start
 * (the person's category's offer) come first as free parts.
 */
export function priceSegments(lines: Price[], machine: { id: string; type: string }, category: string, start: Date, end: Date, tz: string): PricedSegment[] {
  if (end <= start) return [];
  const times = new Set<number>();
  const periodLines = lines.filter(hasPeriod);
  for (let day = addDays(dayOf(start, tz), -1); day <= dayOf(end, tz); day = addDays(day, 1)) {
    times.add(fromLocal(day, 0, tz).getTime());
    for (const l of periodLines) {
      for (const hm of [l.fromTime, l.untilTime]) if (hm && hm !== '24:00') times.add(fromLocal(day, parseHhmm(hm), tz).getTime());
    }
  }
  const cuts = [...times].filter((t) => t > start.getTime() && t < end.getTime()).sort((a, b) => a - b);
  const bounds = [start.getTime(), ...cuts, end.getTime()];
  const parts: PricedSegment[] = [];
  for (let i = 0; i < bounds.length - 1; i++) {
    const line = machinePriceAt(lines, machine, category, new Date(bounds[i]), tz);
    const last = parts[parts.length - 1];
    if (last && last.line === line) last.end = new Date(bounds[i + 1]);
    else parts.push({ line, start: new Date(bounds[i]), end: new Date(bounds[i + 1]), free: false });
  }
  let freeMs = (parts[0]?.line?.freeMinutes ?? 0) * 60_000;
  if (!freeMs) return parts;
  const out: PricedSegment[] = [];
  for (const p of parts) {
    const span = p.end.getTime() - p.start.getTime();
    if (freeMs <= 0) out.push(p);
    else if (span <= freeMs) {
      out.push({ ...p, free: true });
      freeMs -= span;
    } else {
      const cut = new Date(p.start.getTime() + freeMs);
      out.push({ ...p, end: cut, free: true }, { ...p, start: cut });
      freeMs = 0;
    }
  }
  return out;
}

/**
 * The charged parts of some machine time: each priced part's billed quantity (minutes or
 * started slots of that part), free parts at zero. The booking is the minimum where the line at
 * the start says so (the time is counted to the booked end). Under 10 s: nothing.
 */
export interface ChargedPart {
  line: Price | null;
  start: Date;
  end: Date;
  free: boolean;
  quantity: number;
  minutes: number;
}

export function chargedParts(
  lines: Price[],
  machine: { id: string; type: string },
  category: string,
  start: Date,
  end: Date,
  tz: string,
  bookedMs: number | null = null,
): ChargedPart[] {
  const usedMs = end.getTime() - start.getTime();
  if (usedMs < FREE_SESSION_MS) return [];
  const first = machinePriceAt(lines, machine, category, start, tz);
  const until = first?.bookingIsMinimum && bookedMs && bookedMs > usedMs ? new Date(start.getTime() + bookedMs) : end;
  return priceSegments(lines, machine, category, start, until, tz).map((p) => {
    const ms = p.end.getTime() - p.start.getTime();
    const minutes = Math.ceil(ms / 60_000);
    if (p.free || !p.line) return { ...p, quantity: minutes, minutes };
    const quantity = p.line.unit === 'slot' ? Math.ceil(ms / ((p.line.slotMinutes ?? 30) * 60_000)) : minutes;
    return { ...p, quantity, minutes: p.line.unit === 'slot' ? quantity * (p.line.slotMinutes ?? 30) : minutes };
  });
}

export function consumablePrice(lines: Price[], consumable: string, category: string): Price | null {
  const fits = lines.filter((l) => l.consumable === consumable && (l.category === category || l.category === '*'));
  return fits.sort((a, b) => (a.category === category ? 0 : 1) - (b.category === category ? 0 : 1))[0] ?? null;
}

/** Billed quantity of machine time: minutes or started slots, with the booking as minimum if the line says so. */
export function billedQuantity(line: Price, usedMs: number, bookedMs: number | null): number {
  if (usedMs < FREE_SESSION_MS) return 0;
  const ms = line.bookingIsMinimum && bookedMs ? Math.max(usedMs, bookedMs) : usedMs;
  if (line.unit === 'slot') return Math.ceil(ms / ((line.slotMinutes ?? 30) * 60_000));
  return Math.ceil(ms / 60_000);
}

export interface Amounts {
  netCents: number;
  vatCents: number;
  grossCents: number;
}

/** Net × quantity, VAT rounded half up to the cent, in integers only. */
export function amounts(unitCents: number, quantity: number, vatBasisPoints: number): Amounts {
  const netCents = unitCents * quantity;
  const vatCents = Math.floor((netCents * vatBasisPoints + 5000) / 10000);
  return { netCents, vatCents, grossCents: netCents + vatCents };
}

/** "20" or "5,5" (percent) from basis points. */
export const vatPercent = (bp: number) => (bp % 100 === 0 ? String(bp / 100) : (bp / 100).toFixed(2).replace(/0+$/, '').replace('.', ','));
