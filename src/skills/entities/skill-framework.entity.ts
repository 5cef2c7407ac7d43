import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

export const FRAMEWORK_KINDS = ['machines', 'pix', 'custom'] as const;
export type FrameworkKind = (typeof FRAMEWORK_KINDS)[number];

/**
 * One version of a site's skill framework. Skills belong to a version and are never edited in
 * place: changing a framework creates a new version, so evidence already logged keeps its meaning.
 */
@Entity('skill_frameworks')
@Index(['siteId', 'kind', 'version'], { unique: true })
export class SkillFramework {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'varchar', length: 20 }) kind: FrameworkKind;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'integer' }) version: number;
  /** The newest version is the one new evidence and targets use. */
  @Column({ type: 'boolean', default: true }) current: boolean;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
}
