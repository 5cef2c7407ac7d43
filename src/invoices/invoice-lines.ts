import type { InvoiceLine, VatRegime } from './entities/invoice.entity';

/** A line as sellers give it: price of one unit taxes included, and its VAT rate. */
export interface GrossLine {
  label: string;
  quantity: number;
  unitCents: number;
  vatRatePercent: number;
}

/**
 * Invoice lines from taxes-included prices. The amount collected is what counts: the net is
 * taken out of the gross (rounded to the cent) and the VAT is the rest, so net + VAT = gross on
 * every line. Without VAT (franchise, exempt activity) the rate is 0 whatever the seller said.
 */
export function invoiceLines(lines: GrossLine[], regime: VatRegime): InvoiceLine[] {
  return lines.map((l) => lineOf(l.label, l.quantity, l.unitCents * l.quantity, regime === 'subject' ? l.vatRatePercent : 0));
}

function lineOf(label: string, quantity: number, grossCents: number, vatRatePercent: number): InvoiceLine {
  const netCents = vatRatePercent ? Math.round((grossCents * 100) / (100 + vatRatePercent)) : grossCents;
  return { label, quantity, unitNetCents: Math.round(netCents / quantity), vatRatePercent, netCents, vatCents: grossCents - netCents, grossCents };
}

/**
 * A part of these lines worth `amountCents` taxes included (a part payment, a partial credit
 * note): each line gets its share of the amount, the cents left by rounding going to the largest
 * remainders, so the shares add up to the amount exactly.
 */
export function shareOf(lines: InvoiceLine[], amountCents: number, suffix: string): InvoiceLine[] {
  const total = lines.reduce((s, l) => s + l.grossCents, 0);
  if (total <= 0 || amountCents >= total) return lines;
  const exact = lines.map((l) => (l.grossCents * amountCents) / total);
  const shares = exact.map(Math.floor);
  let left = amountCents - shares.reduce((s, v) => s + v, 0);
  const order = exact.map((v, i) => [v - Math.floor(v), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (left <= 0) break;
    shares[i] += 1;
    left -= 1;
  }
  return lines.map((l, i) => lineOf(`${l.label}${suffix}`, 1, shares[i], l.vatRatePercent)).filter((l) => l.grossCents > 0);
}

export function totalsOf(lines: InvoiceLine[]): { netCents: number; vatCents: number; grossCents: number } {
  return lines.reduce((t, l) => ({ netCents: t.netCents + l.netCents, vatCents: t.vatCents + l.vatCents, grossCents: t.grossCents + l.grossCents }), {
    netCents: 0,
    vatCents: 0,
    grossCents: 0,
  });
}

/** VAT per rate, for the PDF's summary, the CII XML and the accounting exports. */
export function vatBreakdown(lines: InvoiceLine[]): Array<{ rate: number; netCents: number; vatCents: number }> {
  const by = new Map<number, { rate: number; netCents: number; vatCents: number }>();
  for (const l of lines) {
    const t = by.get(l.vatRatePercent) ?? { rate: l.vatRatePercent, netCents: 0, vatCents: 0 };
    t.netCents += l.netCents;
    t.vatCents += l.vatCents;
    by.set(l.vatRatePercent, t);
  }
  return [...by.values()].sort((a, b) => a.rate - b.rate);
}
