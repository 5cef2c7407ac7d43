import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { JSON_COLUMN, TIMESTAMP } from '../../infra/database/column-types';

export interface PlanWeek {
  week: number;
  startsOn: string;
  hours: number;
  skills: { skillId: string; code: string; fromLevel: number; toLevel: number }[];
}

/** A mediator's plan toward a certification, with the employer's and adviser's confirmations. */
@Entity('learning_plans')
export class LearningPlan {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Index() @Column({ type: 'varchar', length: 36 }) personId: string;
  @Column({ type: 'varchar', length: 36 }) certificationId: string;
  @Column({ type: 'varchar', length: 36 }) createdBy: string;
  @Column({ type: 'integer' }) hoursNeeded: number;
  @Column({ type: 'integer' }) hoursPerWeek: number;
  @Column({ type: 'varchar', length: 10 }) startsOn: string;
  @Column({ type: JSON_COLUMN }) weeks: PlanWeek[];
  @Column({ type: 'varchar', length: 200, nullable: true }) employerName: string | null;
  @Column({ type: TIMESTAMP, nullable: true }) employerConfirmedAt: Date | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) adviserName: string | null;
  @Column({ type: TIMESTAMP, nullable: true }) adviserConfirmedAt: Date | null;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
}
