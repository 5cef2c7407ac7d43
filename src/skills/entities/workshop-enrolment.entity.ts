import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

export type EnrolmentStatus = 'enrolled' | 'waiting' | 'cancelled';

@Entity('workshop_enrolments')
@Index(['workshopId', 'personId'], { unique: true })
export class WorkshopEnrolment {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) workshopId: string;
  @Index() @Column({ type: 'varchar', length: 36 }) personId: string;
  @Column({ type: 'varchar', length: 12 }) status: EnrolmentStatus;
  /** Arrival order within the workshop; the waiting list is served in this order. */
  @Column({ type: 'integer' }) seq: number;
  @Column({ type: 'boolean', default: false }) attended: boolean;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
}
