import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { JSON_COLUMN, TIMESTAMP } from '../../infra/database/column-types';
import type { Requirement } from './certification.entity';

/** A collective session: a theme, a trainer, a number of seats; attending logs its skills. */
@Entity('workshops')
export class Workshop {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'varchar', length: 200 }) title: string;
  @Column({ type: 'varchar', length: 40 }) theme: string;
  @Column({ type: 'varchar', length: 36, nullable: true }) trainerId: string | null;
  @Index() @Column({ type: TIMESTAMP }) startsAt: Date;
  @Column({ type: 'integer' }) durationMinutes: number;
  @Column({ type: 'integer' }) capacity: number;
  /** Skills (and level) each attendee shows. */
  @Column({ type: JSON_COLUMN, default: '[]' }) skills: Requirement[];
  /** Enrolments so far (including cancelled): gives each a place in arrival order. */
  @Column({ type: 'integer', default: 0 }) enrolmentSeq: number;
  @Column({ type: TIMESTAMP, nullable: true }) remindedAt: Date | null;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
}
