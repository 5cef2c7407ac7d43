import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';
import { JSON_COLUMN } from '../../infra/database/column-types';
import type { MachineType } from '../../machines/entities/machine.entity';

/** A training that qualifies people for machines (by id) or machine types. */
@Entity('trainings')
export class Training {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'varchar', length: 200, default: '' }) nameEn: string;
  @Column({ type: JSON_COLUMN, default: '[]' }) machineTypes: MachineType[];
  @Column({ type: JSON_COLUMN, default: '[]' }) machineIds: string[];
  /** Null: the qualification never expires. */
  @Column({ type: 'integer', nullable: true }) validityMonths: number | null;
  /** False: once passed, the qualification never expires, whatever validityMonths says. */
  @Column({ type: 'boolean', default: true }) requiresRenewal: boolean;
  /** Trainings of the same site a person must hold (valid, not suspended) before passing this one. */
  @Column({ type: JSON_COLUMN, default: '[]' }) prerequisiteIds: string[];
  /**
   * Fab-manager's rule: the qualification lapses after this many months without a session on a
   * machine the training covers (counted from the pass, a check-up or the last session). Null: never.
   */
  @Column({ type: 'integer', nullable: true }) lapseMonths: number | null;
  /** The holder is warned by e-mail this many days before their qualification lapses. */
  @Column({ type: 'integer', default: 14 }) lapseWarnDays: number;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
}
