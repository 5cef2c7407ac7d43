import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { JSON_COLUMN, TIMESTAMP } from '../../infra/database/column-types';

export const PLAN_PERIODS = ['calendar_year', 'moving_year'] as const;
/** A calendar year (1 January to 31 December, on the site's clock) or a year from the start day. */
export type PlanPeriod = (typeof PLAN_PERIODS)[number];

/**
 * A way to join the association at one site (« Adhésion individuelle », « Adhésion entreprise »),
 * priced per price category of the bookings feature (`*` for everyone else).
 */
@Entity('membership_plans')
export class MembershipPlan {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'varchar', length: 120 }) name: string;
  @Column({ type: 'varchar', length: 20 }) period: PlanPeriod;
  /** Price in cents by price category code; `*` is everyone without a price of their own. */
  @Column({ type: JSON_COLUMN }) prices: Record<string, number>;
  /** A company joins: its contact pays, several people are members. */
  @Column({ type: 'boolean', default: false }) forCompany: boolean;
  /** How many people a company membership covers (its contact included); null: no limit. */
  @Column({ type: 'int', nullable: true }) maxMembers: number | null;
  @Column({ type: 'boolean', default: true }) active: boolean;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
}
