import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

export const MEMBERSHIP_STATUSES = ['pending', 'active', 'withdrawn'] as const;
/** pending: asked for, not paid yet; active: paid (current between its start and end); withdrawn: refunded in full. */
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

/**
 * One person's (or one company's) membership of one plan for one period. Its dates are set when
 * the payment settles; the price is fixed when it is asked for (the person's category then).
 */
@Entity('memberships')
@Index(['siteId', 'endsAt'])
export class Membership {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'varchar', length: 36 }) planId: string;
  /** Who pays and holds it (for a company: its contact, a member too). */
  @Index() @Column({ type: 'varchar', length: 36 }) personId: string;
  @Column({ type: 'varchar', length: 200, nullable: true }) companyName: string | null;
  @Column({ type: 'varchar', length: 20, default: 'pending' }) status: MembershipStatus;
  @Column({ type: 'varchar', length: 40 }) category: string;
  @Column({ type: 'int' }) priceCents: number;
  /** For a calendar-year plan: the year it covers. */
  @Column({ type: 'int', nullable: true }) year: number | null;
  @Column({ type: TIMESTAMP, nullable: true }) startsAt: Date | null;
  /** Exclusive: the membership is current while startsAt <= now < endsAt. */
  @Column({ type: TIMESTAMP, nullable: true }) endsAt: Date | null;
  @Column({ type: 'varchar', length: 80, nullable: true }) paymentId: string | null;
  @Column({ type: TIMESTAMP, nullable: true }) paidAt: Date | null;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
}
