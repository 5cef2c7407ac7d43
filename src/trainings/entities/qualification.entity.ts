import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

/** A trainer's record that a person passed a training on a date; it may expire. */
@Entity('qualifications')
export class Qualification {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Index() @Column({ type: 'varchar', length: 36 }) personId: string;
  @Index() @Column({ type: 'varchar', length: 36 }) trainingId: string;
  @Column({ type: 'varchar', length: 36, nullable: true }) trainerId: string | null;
  /** The day of the training (YYYY-MM-DD). */
  @Column({ type: 'varchar', length: 10 }) passedOn: string;
  @Column({ type: TIMESTAMP, nullable: true }) expiresAt: Date | null;
  /** A manager's hold: while set, the qualification opens no machine (reason shown to the person). */
  @Column({ type: TIMESTAMP, nullable: true }) suspendedAt: Date | null;
  @Column({ type: 'varchar', length: 300, nullable: true }) suspendedReason: string | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) suspendedBy: string | null;
  /** The day of the last check-up by a trainer (a renewal after a lapse, or before one): the lapse counts from it too. */
  @Column({ type: 'varchar', length: 10, nullable: true }) renewedOn: string | null;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
}
