import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

/** waiting → called (a station freed) → started (a session opened) ; or left (gone, or removed at the desk). */
export const QUEUE_STATUSES = ['waiting', 'called', 'started', 'left'] as const;
export type QueueStatus = (typeof QUEUE_STATUSES)[number];

/**
 * Someone waiting for a public computer (docs/free-access.md): a person of the site, or a visitor
 * known only by the name the desk called them by. Called in the order they were added. A session
 * the desk opens at once is one more entry, `started` from the start: the desk reads who is on
 * which station from it. A visitor's name is erased when their session ends or they leave.
 */
@Entity('station_queue_entries')
@Index(['siteId', 'status', 'addedAt'])
// One person called to a station at a time, whichever instance calls (a second call fails, and is skipped).
@Index('uq_station_queue_called_machine', ['machineId'], { unique: true, where: `"status" = 'called'` })
export class StationQueueEntry {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 36 }) siteId: string;
  /** Null: an anonymous visitor, known by `visitorName`. */
  @Column({ type: 'varchar', length: 36, nullable: true }) personId: string | null;
  @Column({ type: 'varchar', length: 80, nullable: true }) visitorName: string | null;
  @Column({ type: 'varchar', length: 12, default: 'waiting' }) status: QueueStatus;
  @Column({ type: TIMESTAMP }) addedAt: Date;
  /** Who added them at the desk. */
  @Column({ type: 'varchar', length: 36 }) addedBy: string;
  @Column({ type: TIMESTAMP, nullable: true }) calledAt: Date | null;
  /** The station they were called to. */
  @Column({ type: 'varchar', length: 36, nullable: true }) machineId: string | null;
  /** The session opened for them (at the desk, or by their badge). */
  @Index() @Column({ type: 'varchar', length: 36, nullable: true }) sessionId: string | null;
  @Column({ type: TIMESTAMP, nullable: true }) closedAt: Date | null;
}
