import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One row per site and year: the last number given. Taken (row lock) in the invoice's own transaction. */
@Entity('invoice_counters')
export class InvoiceCounter {
  @PrimaryColumn({ type: 'varchar', length: 36 }) siteId: string;
  @PrimaryColumn({ type: 'int' }) year: number;
  @Column({ type: 'int' }) last: number;
}
