import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

/** A person covered by a company membership (the contact is one of them). */
@Entity('membership_members')
export class MembershipMember {
  @PrimaryColumn({ type: 'varchar', length: 36 }) membershipId: string;
  @Index() @PrimaryColumn({ type: 'varchar', length: 36 }) personId: string;
  @Column({ type: 'varchar', length: 36 }) siteId: string;
  @CreateDateColumn({ type: TIMESTAMP }) addedAt: Date;
}
