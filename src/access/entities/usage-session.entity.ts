import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

export const SESSION_END_REASONS = ['badge_out', 'idle_timeout', 'power_off', 'manual', 'expired', 'denied_recheck'] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];

/** Someone using a machine, from the grant to the end. At most one open per machine. */
@Entity('usage_sessions')
@Index('uq_usage_sessions_open_machine', ['machineId'], { unique: true, where: '"endedAt" IS NULL' })
export class UsageSession {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Index() @Column({ type: 'varchar', length: 36 }) machineId: string;
  /** Null only for an anonymous visitor on a public computer, the session opened at the desk (docs/free-access.md). */
  @Index() @Column({ type: 'varchar', length: 36, nullable: true }) personId: string | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) badgeId: string | null;
  @Column({ type: TIMESTAMP }) startedAt: Date;
  @Column({ type: TIMESTAMP }) until: Date;
  @Column({ type: TIMESTAMP, nullable: true }) endedAt: Date | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) endReason: SessionEndReason | null;
}
