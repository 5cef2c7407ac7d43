import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { JSON_COLUMN, TIMESTAMP } from '../database/column-types';

export const QUEUED_JOB_STATES = ['waiting', 'active', 'completed', 'failed'] as const;
export type QueuedJobState = (typeof QUEUED_JOB_STATES)[number];

/**
 * A job of the database queue (used when REDIS_URL is not set). `jobKey` is the producer's job id
 * (or the row's id): one row per key and queue makes adds idempotent. A worker claims a row by
 * setting `lockedBy` and `lockedUntil`; a row still active after `lockedUntil` belonged to a
 * process that died, and is claimed again.
 */
@Entity('queue_jobs')
@Index(['queue', 'jobKey'], { unique: true })
@Index(['state', 'runAt'])
export class QueuedJob {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 60 }) queue: string;
  @Column({ type: 'varchar', length: 60 }) name: string;
  @Column({ type: 'varchar', length: 200 }) jobKey: string;
  @Column({ type: JSON_COLUMN }) data: Record<string, unknown>;
  @Column({ type: 'varchar', length: 12, default: 'waiting' }) state: QueuedJobState;
  @Column({ type: TIMESTAMP }) runAt: Date;
  @Column({ type: 'integer', default: 0 }) attempts: number;
  @Column({ type: 'integer', default: 1 }) maxAttempts: number;
  @Column({ type: 'integer', default: 0 }) backoffMs: number;
  @Column({ type: 'integer' }) keepMs: number;
  /** `<queue>.<job>` of the schedule this run belongs to; its next run is added when it ends. */
  @Index() @Column({ type: 'varchar', length: 130, nullable: true }) schedule: string | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) lockedBy: string | null;
  @Column({ type: TIMESTAMP, nullable: true }) lockedUntil: Date | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) lastError: string | null;
  @Column({ type: TIMESTAMP, nullable: true }) finishedAt: Date | null;
  @Column({ type: TIMESTAMP }) createdAt: Date;
}

/** The database queue's table, listed with the features' tables in src/app.entities.ts. */
export const QUEUE_ENTITIES = [QueuedJob];
