import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { JSON_COLUMN, TIMESTAMP } from '../../infra/database/column-types';

export const JOB_STATUSES = [
  'analysing',
  'rejected',
  'awaiting_approval',
  'changes_requested',
  'queued',
  'held',
  'dispatched',
  'running',
  'paused',
  'bridge_lost',
  'completed',
  'failed',
  'interrupted',
  'cancelled',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
/** States in which a job waits in its machine's queue (ordered by `position`). */
export const WAITING: JobStatus[] = ['queued', 'held'];
/**
 * States of a job held for a trainer's or manager's approval (a machine type whose site asks for
 * it): not in the queue, never dispatched. `changes_requested` waits for the maker (a new file or an answer).
 */
export const IN_REVIEW: JobStatus[] = ['awaiting_approval', 'changes_requested'];
/** States in which a job occupies its machine, as its bridge last told (`paused`: job.paused, until job.resumed). */
export const ACTIVE: JobStatus[] = ['dispatched', 'running', 'paused'];
/** ACTIVE states that news must keep coming for: a paused print may wait for a person for long. */
export const EXPECTING_NEWS: JobStatus[] = ['dispatched', 'running'];
/**
 * ACTIVE, or `bridge_lost`: the bridge went offline while the job was on the machine, so the
 * machine may still be working on it; only the bridge, back, can say what happened.
 */
export const ON_MACHINE: JobStatus[] = [...ACTIVE, 'bridge_lost'];

/** A print, cut or mill job: one uploaded file for one machine (or a machine type). */
@Entity('fab_jobs')
@Index(['machineId', 'status'])
export class FabJob {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Index() @Column({ type: 'varchar', length: 36 }) ownerId: string;
  @Column({ type: 'varchar', length: 36, nullable: true }) machineId: string | null;
  /** Set when the maker asked for a type; the job is placed on a machine of that type. */
  @Column({ type: 'varchar', length: 20, nullable: true }) machineType: string | null;
  @Column({ type: 'varchar', length: 60, nullable: true }) material: string | null;
  @Column({ type: 'integer', default: 1 }) quantity: number;
  @Column({ type: 'varchar', length: 200 }) fileName: string;
  @Column({ type: 'varchar', length: 64 }) fileSha256: string;
  @Column({ type: 'integer' }) fileSize: number;
  @Column({ type: 'varchar', length: 20 }) status: JobStatus;
  @Column({ type: 'varchar', length: 500, nullable: true }) reason: string | null;
  /** Order in the machine's queue (smaller first). */
  @Column({ type: 'integer', default: 0 }) position: number;
  @Column({ type: JSON_COLUMN, nullable: true }) analysis: Record<string, unknown> | null;
  @Column({ type: 'integer', nullable: true }) estimatedSeconds: number | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) thumbnailSha256: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) thumbnailSmallSha256: string | null;
  @Column({ type: 'real', default: 0 }) progress: number;
  /** Line of the file the controller took last before the job failed (the bridge says; 0: none). */
  @Column({ type: 'integer', nullable: true }) lastAckedLine: number | null;
  /** A print restarted after a failure from this line of its file (printers only, chosen by a person). */
  @Column({ type: 'integer', nullable: true }) startLine: number | null;
  /** sha-256 of the short-lived download token given to the bridge, and when it stops working. */
  @Column({ type: 'varchar', length: 64, nullable: true }) tokenHash: string | null;
  @Column({ type: TIMESTAMP, nullable: true }) tokenExpiresAt: Date | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) dispatchedBy: string | null;
  /** commandId of the `start_job` sent, to match the bridge's `cmd.ack`. */
  @Column({ type: 'varchar', length: 36, nullable: true }) startCommandId: string | null;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
  @Column({ type: TIMESTAMP, nullable: true }) queuedAt: Date | null;
  @Column({ type: TIMESTAMP, nullable: true }) dispatchedAt: Date | null;
  @Column({ type: TIMESTAMP, nullable: true }) startedAt: Date | null;
  @Column({ type: TIMESTAMP, nullable: true }) finishedAt: Date | null;
  @Column({ type: TIMESTAMP, nullable: true }) lastEventAt: Date | null;
  @Column({ type: 'integer', nullable: true }) actualSeconds: number | null;
  /** Grams of filament (printers) recorded at completion: the analysis figure × quantity. */
  @Column({ type: 'real', nullable: true }) actualMaterialG: number | null;
  /** Who approved the job before it entered the queue (machine types that need approval); null otherwise. */
  @Column({ type: 'varchar', length: 36, nullable: true }) approvedBy: string | null;
  /** The last review: who, when, and what they wrote (the refusal's reason, the changes asked). */
  @Column({ type: 'varchar', length: 36, nullable: true }) reviewedBy: string | null;
  @Column({ type: TIMESTAMP, nullable: true }) reviewedAt: Date | null;
  @Column({ type: 'varchar', length: 1000, nullable: true }) reviewNote: string | null;
  /** The maker's answer to the changes asked. */
  @Column({ type: 'varchar', length: 1000, nullable: true }) makerAnswer: string | null;
  /** 1 for the file first sent, +1 for each new version the maker sends while the job is reviewed. */
  @Column({ type: 'integer', default: 1 }) fileVersion: number;
}

/** A machine type of a site whose jobs wait for a trainer's or manager's approval before the queue. */
@Entity('job_approval_rules')
@Index(['siteId', 'machineType'], { unique: true })
export class JobApprovalRule {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'varchar', length: 20 }) machineType: string;
  @Column({ type: 'varchar', length: 36, nullable: true }) setBy: string | null;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
}
