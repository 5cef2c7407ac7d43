import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

export const DESK_METHODS = ['cash', 'cheque', 'card_terminal', 'transfer'] as const;
export const PAYMENT_METHODS = ['helloasso', ...DESK_METHODS] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export type PaymentStatus = 'pending' | 'settled' | 'failed';

/**
 * Money for a payable: paid online (a HelloAsso checkout, pending until the intent is read back
 * as authorized) or recorded at the desk (settled at once). Settling is one conditional update,
 * so a payment is settled, invoiced and announced once whatever the number of notifications.
 */
@Entity('payments')
@Index(['kind', 'ref'])
export class Payment {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'varchar', length: 20 }) kind: string;
  @Column({ type: 'varchar', length: 300 }) ref: string;
  @Index() @Column({ type: 'varchar', length: 36, nullable: true }) personId: string | null;
  @Column({ type: 'varchar', length: 300 }) label: string;
  @Column({ type: 'varchar', length: 20 }) method: PaymentMethod;
  @Column({ type: 'varchar', length: 20 }) status: PaymentStatus;
  @Column({ type: 'int' }) amountCents: number;
  @Column({ type: 'int', default: 0 }) refundedCents: number;
  /** Settled while the thing was already paid (a late checkout): to refund, not announced to the seller. */
  @Column({ type: 'boolean', default: false }) duplicate: boolean;
  @Index({ unique: true }) @Column({ type: 'int', nullable: true }) checkoutIntentId: number | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) organizationSlug: string | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) redirectUrl: string | null;
  @Column({ type: TIMESTAMP, nullable: true }) expiresAt: Date | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) providerPaymentId: string | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) providerOrderId: string | null;
  /** Cheque number, transfer label… */
  @Column({ type: 'varchar', length: 100, default: '' }) reference: string;
  @Column({ type: TIMESTAMP, nullable: true }) settledAt: Date | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) invoiceId: string | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) recordedById: string | null;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
}
