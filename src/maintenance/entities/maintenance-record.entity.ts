import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { JSON_COLUMN, TIMESTAMP } from '../../infra/database/column-types';

export interface PartUsed {
  partId: string;
  locationId: string;
  quantity: number;
  /** The part's name when it was used, so the log reads the same after a rename. */
  name: string;
}

/** One entry of a machine's maintenance log: what was done, by whom, with which parts, for how long it was down. */
@Entity('maintenance_records')
@Index(['machineId', 'doneAt'])
export class MaintenanceRecord {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'varchar', length: 36 }) machineId: string;
  /** The preventive task this entry fulfils, if any. */
  @Column({ type: 'varchar', length: 36, nullable: true }) planId: string | null;
  @Column({ type: TIMESTAMP }) doneAt: Date;
  @Column({ type: 'varchar', length: 36 }) doneById: string;
  @Column({ type: 'varchar', length: 1000 }) what: string;
  /** Minutes the machine could not be used for it. */
  @Column({ type: 'integer', default: 0 }) downtimeMinutes: number;
  @Column({ type: JSON_COLUMN }) partsUsed: PartUsed[];
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
}
