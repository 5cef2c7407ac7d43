import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

export const EVIDENCE_SOURCES = ['training', 'workshop', 'machine_sessions', 'fab_jobs', 'repair', 'assessment', 'manual'] as const;
export type EvidenceSource = (typeof EVIDENCE_SOURCES)[number];

/** A skill shown at a level by a person on a date, with its source and who validated it. */
@Entity('skill_evidence')
@Index(['personId', 'skillId'])
@Index('uq_skill_evidence_source', ['personId', 'skillId', 'source', 'sourceRef'], { unique: true })
export class SkillEvidence {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'varchar', length: 36 }) personId: string;
  @Column({ type: 'varchar', length: 36 }) skillId: string;
  @Column({ type: 'integer' }) level: number;
  /** YYYY-MM-DD, the day it was shown. */
  @Column({ type: 'varchar', length: 10 }) date: string;
  @Column({ type: 'varchar', length: 20 }) source: EvidenceSource;
  /** What it came from (qualification id, workshop id, rule id…); makes automatic evidence idempotent. */
  @Column({ type: 'varchar', length: 80 }) sourceRef: string;
  /** Who validated it; null when a rule logged it. */
  @Column({ type: 'varchar', length: 36, nullable: true }) validatedBy: string | null;
  @Column({ type: 'varchar', length: 500, default: '' }) note: string;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
}
