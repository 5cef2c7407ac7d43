import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

/** A training given by a trainer on a day, to a few attendees. */
@Entity('training_sessions')
@Index(['siteId', 'date'])
export class TrainingSession {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Index() @Column({ type: 'varchar', length: 36 }) trainingId: string;
  @Column({ type: 'varchar', length: 36 }) trainerId: string;
  /** The day of the session (YYYY-MM-DD, a calendar day of the site's zone). */
  @Column({ type: 'varchar', length: 10 }) date: string;
  @Column({ type: 'varchar', length: 2000, default: '' }) notes: string;
  /** How long it lasted: what an attendee's plan counts as hours followed (mediation follow-up). */
  @Column({ type: 'integer', default: 120 }) durationMinutes: number;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
}

export const ATTENDANCE_RESULTS = ['passed', 'failed', 'absent'] as const;
export type AttendanceResult = (typeof ATTENDANCE_RESULTS)[number];

/** One person at a session and how it went; a pass points at the qualification it created. */
@Entity('training_session_attendees')
@Index(['sessionId', 'personId'], { unique: true })
export class TrainingAttendee {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 36 }) sessionId: string;
  @Index() @Column({ type: 'varchar', length: 36 }) personId: string;
  @Column({ type: 'varchar', length: 10 }) result: AttendanceResult;
  @Column({ type: 'varchar', length: 36, nullable: true }) qualificationId: string | null;
}
