import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

export const MANAGER_ACTIONS = ['machine.lock', 'session.end', 'machine.maintenance', 'machine.release', 'alert.ack'] as const;
export type ManagerActionKind = (typeof MANAGER_ACTIONS)[number];

/** What a manager did from the dashboard, and why: kept for the audit, shown on the wall screen. */
@Entity('manager_actions')
@Index(['siteId', 'at'])
export class ManagerAction {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'varchar', length: 36 }) personId: string;
  @Column({ type: 'varchar', length: 40 }) action: ManagerActionKind;
  @Column({ type: 'varchar', length: 36, nullable: true }) machineId: string | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) sessionId: string | null;
  @Column({ type: 'varchar', length: 300, nullable: true }) reason: string | null;
  /** For `alert.ack`: the alert's key (kind:subject:since), so an acknowledged alert stays quiet. */
  @Index() @Column({ type: 'varchar', length: 120, nullable: true }) alertKey: string | null;
  @CreateDateColumn({ type: TIMESTAMP }) at: Date;
}
