import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { JSON_COLUMN, TIMESTAMP } from '../../infra/database/column-types';

/** The audit log: every badge-in decision, by the server or replayed from a bridge's offline list. */
@Entity('access_decisions')
@Index(['siteId', 'decidedAt'])
export class AccessDecision {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Index() @Column({ type: 'varchar', length: 36 }) machineId: string;
  /** The badge request's id (server decisions) or the event id (offline decisions). */
  @Index({ unique: true }) @Column({ type: 'varchar', length: 36 }) requestId: string;
  @Column({ type: 'varchar', length: 20 }) uid: string;
  @Index() @Column({ type: 'varchar', length: 36, nullable: true }) personId: string | null;
  @Column({ type: 'varchar', length: 10 }) decision: 'granted' | 'denied';
  @Column({ type: 'varchar', length: 40, nullable: true }) reason: string | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) sessionId: string | null;
  @Column({ type: 'varchar', length: 10, default: 'server' }) source: 'server' | 'offline';
  @Column({ type: 'varchar', length: 300, default: '' }) messageFr: string;
  @Column({ type: TIMESTAMP }) decidedAt: Date;
  /** The exact `access` payload published, so a repeated request gets the same answer. */
  @Column({ type: JSON_COLUMN, nullable: true }) reply: Record<string, unknown> | null;
}
