import type { PriceUnit } from './entities/price-line.entity';

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
