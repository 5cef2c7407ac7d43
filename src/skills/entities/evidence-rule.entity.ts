import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

export const RULE_SOURCES = ['machine_sessions', 'fab_jobs', 'training'] as const;
export type RuleSource = (typeof RULE_SOURCES)[number];

/**
 * "10 laser sessions completed without alarm → laser, autonomous": when a person's records meet
 * the rule, evidence is logged automatically (once per rule and person).
 */
@Entity('skill_evidence_rules')
export class EvidenceRule {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'varchar', length: 36 }) skillId: string;
  @Column({ type: 'integer' }) level: number;
  @Column({ type: 'varchar', length: 20 }) source: RuleSource;
  /** machine_sessions, fab_jobs: the machine type counted (laser, printer…). */
  @Column({ type: 'varchar', length: 20, nullable: true }) machineType: string | null;
  /** training: the training whose pass counts. */
  @Column({ type: 'varchar', length: 36, nullable: true }) trainingId: string | null;
  @Column({ type: 'integer', default: 1 }) minCount: number;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
}
