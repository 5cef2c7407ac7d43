import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

/** A repair café: the day's repairs are grouped under it (ORDS group and event date). */
@Entity('repair_events')
export class RepairEvent {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'varchar', length: 200 }) name: string;
  /** YYYY-MM-DD, a calendar day of the site's zone. */
  @Column({ type: 'varchar', length: 10 }) date: string;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
}
