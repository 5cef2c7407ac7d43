import { Global, Injectable, Module } from '@nestjs/common';

/**
 * What a person can pay for. Each feature that sells something (memberships, prepaid packs,
 * bookings, monthly statements) registers how to read one of its things as a payable; payments
 * read it by kind and reference and never reach into the seller's tables. When a payment settles
 * or is refunded, payments tell the seller through the domain events below.
 */
export type PayableKind = 'membership' | 'pack' | 'booking' | 'statement';

export interface PayableLine {
  /** What the person reads on the invoice line, in French. */
  label: string;
  quantity: number;
  /** Price of one unit, taxes included, in cents. */
  unitCents: number;
  /** 0 under the VAT franchise or for an exempt activity. */
  vatRatePercent: number;
}

export interface Payable {
  kind: PayableKind;
  ref: string;
  siteId: string;
  /** The person who pays (for a company: its contact); null for a company statement with no contact. */
  personId: string | null;
  /** One line a person reads (« Adhésion 2027 — tarif réduit »). */
  label: string;
  lines: PayableLine[];
  /** Sum of the lines, taxes included, in cents. */
  totalCents: number;
  /** What is already paid of it (a statement may be paid in several times). */
  paidCents: number;
}

export type PayableReader = (ref: string) => Promise<Payable | null>;

declare module '../common/domain-events' {
  interface DomainEvents {
    /** A payment is confirmed (HelloAsso re-read, or recorded at the desk): the seller activates its thing. */
    'payments.settled': {
      paymentId: string;
      siteId: string;
      personId: string | null;
      kind: PayableKind;
      ref: string;
      amountCents: number;
      paidAt: Date;
    };
    /** A payment is refunded, in full or in part: the seller may withdraw what it gave. */
    'payments.refunded': {
      paymentId: string;
      siteId: string;
      kind: PayableKind;
      ref: string;
      refundedCents: number;
      full: boolean;
    };
  }
}

@Injectable()
export class Payables {
  private readonly readers = new Map<PayableKind, PayableReader>();

  /** Called by the selling feature in its constructor; one reader per kind. */
  register(kind: PayableKind, reader: PayableReader): void {
    if (this.readers.has(kind)) throw new Error(`payable kind ${kind} registered twice`);
    this.readers.set(kind, reader);
  }

  async read(kind: PayableKind, ref: string): Promise<Payable | null> {
    const reader = this.readers.get(kind);
    return reader ? reader(ref) : null;
  }

  kinds(): PayableKind[] {
    return [...this.readers.keys()];
  }
}

@Global()
@Module({ providers: [Payables], exports: [Payables] })
export class PayablesModule {}
