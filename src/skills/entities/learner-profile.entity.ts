import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { JSON_COLUMN, TIMESTAMP } from '../../infra/database/column-types';

export const NEEDS = ['admin_procedures', 'job_search', 'computer_basics', 'leisure', 'professional_upskilling'] as const;
export type Need = (typeof NEEDS)[number];
export const AGE_BANDS = ['under_18', '18_25', '26_44', '45_59', '60_plus'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
export const CATEGORIES = ['job_seeker', 'senior', 'subsidised_contract', 'student', 'employed', 'retired'] as const;
export type Category = (typeof CATEGORIES)[number];

/**
 * What a person came for, and (only with their consent) the categories funders ask about. Kept
 * apart from `people`; reports only ever export counts.
 */
@Entity('learner_profiles')
export class LearnerProfile {
  @PrimaryColumn({ type: 'varchar', length: 36 }) personId: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'varchar', length: 40, nullable: true }) need: Need | null;
  @Column({ type: 'boolean', default: false }) categoriesConsent: boolean;
  @Column({ type: 'varchar', length: 20, nullable: true }) ageBand: AgeBand | null;
  @Column({ type: JSON_COLUMN, default: '[]' }) categories: Category[];
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
}
