import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

/** A closed accounting period of a site: no invoice nor credit note may be dated inside it. Never reopened. */
@Entity('accounting_periods')
@Index(['siteId', 'endDay'])
export class AccountingPeriod {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'varchar', length: 10 }) startDay: string;
  @Column({ type: 'varchar', length: 10 }) endDay: string;
  /** Hash of the last document of the period when it was closed. */
  @Column({ type: 'varchar', length: 64 }) lastHash: string;
  @Column({ type: 'int' }) invoiceCount: number;
  @Column({ type: 'varchar', length: 36 }) closedById: string;
  @CreateDateColumn({ type: TIMESTAMP }) closedAt: Date;
}
