import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { JSON_COLUMN, TIMESTAMP } from '../../infra/database/column-types';

/** A kind of spare part (the definition); how many we hold is in stock levels and moves. */
@Entity('inventory_parts')
export class Part {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'varchar', length: 200 }) name: string;
  /** e.g. battery, screen, keyboard, storage, memory, charger. */
  @Column({ type: 'varchar', length: 60 }) category: string;
  @Column({ type: JSON_COLUMN, default: '[]' }) compatibleModels: string[];
  @Column({ type: 'integer', default: 0 }) unitCostCents: number;
  /** Managers are alerted when the total stock falls to this number or below. */
  @Column({ type: 'integer', default: 0 }) lowStockThreshold: number;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
}
