import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

/**
 * Which mediation activities were logged at which stop: only the link (the activity itself is in
 * the mediation log), keyed by the activity's id so a queue sending twice links once.
 */
@Entity('outreach_stop_activities')
export class OutreachStopActivity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) activityId: string;
  @Index() @Column({ type: 'varchar', length: 36 }) stopId: string;
  @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'varchar', length: 12 }) type: string;
  @Column({ type: 'integer' }) participantsCount: number;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
}
