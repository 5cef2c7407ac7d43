import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

/** An expiry reminder already sent, so the same one is never sent twice. */
@Entity('qualification_reminders')
@Index(['qualificationId', 'daysBefore'], { unique: true })
export class QualificationReminder {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 36 }) qualificationId: string;
  @Column({ type: 'integer' }) daysBefore: number;
  @Column({ type: TIMESTAMP }) sentAt: Date;
}
