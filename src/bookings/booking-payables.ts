import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { Viewer } from '../common/viewer';
import { MachinesService } from '../machines/machines.service';
import { Payable, PayableLine, Payables } from '../payments/payables';
import { ChargesService } from './charges.service';
import { Statement, StatementsService } from './statements.service';
import { Booking } from './entities/booking.entity';

/** A statement's reference: `<siteId>/<YYYY-MM>/<personId>` or `<siteId>/<YYYY-MM>/company:<name>`. */
export function statementRef(siteId: string, month: string, who: { personId: string } | { company: string }): string {
  return `${siteId}/${month}/${'company' in who ? `company:${who.company}` : who.personId}`;
}

const REF = /^([0-9a-f-]{36})\/(\d{4}-(?:0[1-9]|1[0-2]))\/(company:.{1,200}|[0-9a-f-]{36})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * What bookings sells, read as payables: a booking (its time, priced as its owner's statement
 * would count it) and a monthly statement (a person's, or a company's). Payments read them by
 * reference and never reach into the bookings tables.
 */
@Injectable()
export class BookingPayables {
  constructor(
    payables: Payables,
    private readonly charges: ChargesService,
    private readonly statements: StatementsService,
    private readonly machines: MachinesService,
    @InjectRepository(Booking) private readonly bookings: Repository<Booking>,
  ) {
    payables.register('booking', (ref) => this.booking(ref));
    payables.register('statement', (ref) => this.statement(ref));
  }

  private async booking(ref: string): Promise<Payable | null> {
    if (!UUID.test(ref)) return null;
    const b = await this.bookings.findOneBy({ id: ref });
    if (!b || !b.personId || b.kind !== 'booking' || b.status === 'cancelled') return null;
    const [machine] = await this.machines.byIds([b.machineId]);
    if (!machine) return null;
    const minutes = Math.round((b.endsAt.getTime() - b.startsAt.getTime()) / 60_000);
    const quote = await this.charges.quoteTime(b.personId, machine, minutes, b.startsAt);
    const label = `Réservation ${machine.name} (${minutes} min)`;
    const rate = (quote.line?.vatBasisPoints ?? 0) / 100;
    const lines: PayableLine[] = quote.grossCents > 0 ? [{ label, quantity: 1, unitCents: quote.grossCents, vatRatePercent: rate }] : [];
    return { kind: 'booking', ref, siteId: b.siteId, personId: b.personId, label, lines, totalCents: quote.grossCents, paidCents: 0 };
  }

  private async statement(ref: string): Promise<Payable | null> {
    const m = REF.exec(ref);
    if (!m) return null;
    const [, siteId, month, who] = m;
    const reader: Viewer = { id: 'payments', role: 'admin', siteId, displayName: 'payments', locale: 'fr' };
    const company = who.startsWith('company:') ? who.slice('company:'.length) : undefined;
    const found = await this.statements.statements(reader, { month, siteId, ...(company ? { company } : { personId: who }) }).catch(() => [] as Statement[]);
    const s = company ? found[0] : found.find((x) => x.personId === who);
    if (!s) return null;
    const lines: PayableLine[] = s.lines
      .filter((l) => l.grossCents > 0)
      .map((l) => ({
        label: `${l.label} — ${l.date.slice(0, 10)} (${l.quantity} ${l.unit})`,
        quantity: 1,
        unitCents: l.grossCents,
        vatRatePercent: l.vatBasisPoints / 100,
      }));
    return {
      kind: 'statement',
      ref,
      siteId,
      personId: company ? null : who,
      label: `Relevé ${month} — ${company ?? s.personName}`,
      lines,
      totalCents: s.totals.grossCents,
      paidCents: 0,
    };
  }
}
