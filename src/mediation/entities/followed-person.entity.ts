import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';
import type { Gender, SocialStatus } from '../national';

/**
 * A person the site follows by name in its mediation log: only with their consent, recorded (when,
 * by whom). What the national report asks about them (birth year → age band, gender, status,
 * commune) and, with a second consent, the prescriber (job-centre adviser) who may be told of their
 * plan's milestones. Kept here, apart from `people`.
 */
@Entity('mediation_followed_people')
export class FollowedPerson {
  @PrimaryColumn({ type: 'varchar', length: 36 }) personId: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: TIMESTAMP }) consentAt: Date;
  @Column({ type: 'varchar', length: 36 }) consentRecordedBy: string;
  @Column({ type: 'integer', nullable: true }) birthYear: number | null;
  @Column({ type: 'varchar', length: 16, default: 'non_communique' }) gender: Gender;
  @Column({ type: 'varchar', length: 16, default: 'non_communique' }) socialStatus: SocialStatus;
  @Column({ type: 'varchar', length: 120, nullable: true }) commune: string | null;
  @Column({ type: 'varchar', length: 5, nullable: true }) postalCode: string | null;
  @Column({ type: 'varchar', length: 5, nullable: true }) inseeCode: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) prescriberName: string | null;
  @Column({ type: 'varchar', length: 254, nullable: true }) prescriberEmail: string | null;
  /** The person agreed that their prescriber be told of their plan's milestones. */
  @Column({ type: TIMESTAMP, nullable: true }) prescriberConsentAt: Date | null;
  /** The plan whose milestones were mailed, and the last one mailed (25, 50, 75, 100 % of its hours). */
  @Column({ type: 'varchar', length: 36, nullable: true }) milestonePlanId: string | null;
  @Column({ type: 'integer', default: 0 }) milestoneMailed: number;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
  @UpdateDateColumn({ type: TIMESTAMP }) updatedAt: Date;
}
