import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { JSON_COLUMN, TIMESTAMP } from '../../infra/database/column-types';

export const INVOICE_KINDS = ['invoice', 'credit_note'] as const;
export type InvoiceKind = (typeof INVOICE_KINDS)[number];
export const VAT_REGIMES = ['subject', 'franchise', 'exempt'] as const;
/** subject: VAT charged; franchise: « TVA non applicable, art. 293 B du CGI »; exempt: non-profit activity (art. 261-7-1° b du CGI). */
export type VatRegime = (typeof VAT_REGIMES)[number];

export interface InvoiceLine {
  label: string;
  quantity: number;
  /** Unit price excluding VAT, in cents. */
  unitNetCents: number;
  vatRatePercent: number;
  netCents: number;
  vatCents: number;
  grossCents: number;
}

export interface InvoiceParty {
  name: string;
  address: string;
  /** SIREN or SIRET. */
  siren: string | null;
  vatNumber: string | null;
}

/**
 * An invoice or a credit note: numbered in the site's yearly series (« 2027-000042 »), never
 * updated nor deleted (a credit note corrects it), chained to the previous document of the series
 * by `previousHash` → `hash` (sha-256 of its own fields and the previous hash).
 */
@Entity('invoices')
@Index(['siteId', 'number'], { unique: true })
@Index(['siteId', 'year', 'seq'], { unique: true })
// One invoice per payment, whatever retries a crash or a second instance makes (credit notes carry the payment too).
@Index('uq_invoices_payment', ['paymentId'], { unique: true, where: `"kind" = 'invoice' AND "paymentId" IS NOT NULL` })
export class Invoice {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'varchar', length: 20 }) kind: InvoiceKind;
  @Column({ type: 'int' }) year: number;
  @Column({ type: 'int' }) seq: number;
  @Column({ type: 'varchar', length: 20 }) number: string;
  @Column({ type: TIMESTAMP }) issuedAt: Date;
  /** The issue day on the site's clock (YYYY-MM-DD): what the closing of periods reads. */
  @Index() @Column({ type: 'varchar', length: 10 }) issueDay: string;
  @Column({ type: 'varchar', length: 10, nullable: true }) dueDay: string | null;
  /** For a credit note: the invoice it corrects. */
  @Index() @Column({ type: 'varchar', length: 36, nullable: true }) correctsId: string | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) correctsNumber: string | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) paymentId: string | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) payableKind: string | null;
  @Index() @Column({ type: 'varchar', length: 300, nullable: true }) payableRef: string | null;
  @Index() @Column({ type: 'varchar', length: 36, nullable: true }) personId: string | null;
  /** A business client (SIREN given): €40 recovery indemnity on the PDF, Factur-X. */
  @Column({ type: 'boolean', default: false }) business: boolean;
  @Column({ type: JSON_COLUMN }) seller: InvoiceParty;
  @Column({ type: JSON_COLUMN }) buyer: InvoiceParty;
  @Column({ type: 'varchar', length: 20 }) vatRegime: VatRegime;
  @Column({ type: JSON_COLUMN }) lines: InvoiceLine[];
  @Column({ type: 'int' }) netCents: number;
  @Column({ type: 'int' }) vatCents: number;
  @Column({ type: 'int' }) grossCents: number;
  @Column({ type: 'varchar', length: 64 }) previousHash: string;
  @Column({ type: 'varchar', length: 64 }) hash: string;
  @Column({ type: 'varchar', length: 36, nullable: true }) issuedById: string | null;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
}
