import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Topic } from '../national';

/** The topics of an activity, one row each, so reports count by topic with plain SQL on both databases. */
@Entity('mediation_activity_topics')
@Index(['siteId', 'date'])
export class MediationActivityTopic {
  @PrimaryColumn({ type: 'varchar', length: 36 }) activityId: string;
  @PrimaryColumn({ type: 'varchar', length: 40 }) topic: Topic;
  @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'varchar', length: 10 }) date: string;
}
