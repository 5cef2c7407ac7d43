import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

/**
 * A refurbished device handed to a beneficiary. Only the criterion checked, who checked it and
 * when are kept: no name, no document (data minimisation).
 */
@Entity('repair_releases')
export class DeviceRelease {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index({ unique: true }) @Column({ type: 'varchar', length: 36 }) deviceId: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'varchar', length: 10 }) mode: 'sale' | 'donation';
  @Column({ type: 'integer', default: 0 }) priceCents: number;
  @Column({ type: 'varchar', length: 60, nullable: true }) eligibilityCriterion: string | null;
  @Column({ type: 'varchar', length: 36 }) checkedBy: string;
  @Column({ type: 'integer', default: 6 }) warrantyMonths: number;
  @CreateDateColumn({ type: TIMESTAMP }) releasedAt: Date;
}
