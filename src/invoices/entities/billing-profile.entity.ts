import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';
import type { VatRegime } from './invoice.entity';

/** Who issues a site's invoices (the mandatory seller mentions) and under which VAT regime. */
@Entity('billing_profiles')
export class BillingProfile {
  @PrimaryColumn({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'varchar', length: 200 }) legalName: string;
  @Column({ type: 'varchar', length: 400, default: '' }) address: string;
  @Column({ type: 'varchar', length: 14, nullable: true }) siren: string | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) vatNumber: string | null;
  @Column({ type: 'varchar', length: 20, default: 'franchise' }) vatRegime: VatRegime;
  @Column({ type: 'int', default: 30 }) paymentDays: number;
  @UpdateDateColumn({ type: TIMESTAMP }) updatedAt: Date;
}
