import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

/** Material a person used (grams of filament, sheets of plywood…), recorded by staff. */
@Entity('consumable_uses')
export class ConsumableUse {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Index() @Column({ type: 'varchar', length: 36 }) personId: string;
  @Column({ type: 'varchar', length: 36, nullable: true }) machineId: string | null;
  @Column({ type: 'varchar', length: 80 }) consumable: string;
  @Column({ type: 'integer' }) quantity: number;
  @Column({ type: TIMESTAMP }) usedAt: Date;
  @Column({ type: 'varchar', length: 36 }) recordedById: string;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
}
