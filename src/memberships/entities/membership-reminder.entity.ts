import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

/** A renewal reminder sent: the row is the claim, so each reminder goes once whatever the instances. */
@Entity('membership_reminders')
export class MembershipReminder {
  @PrimaryColumn({ type: 'varchar', length: 36 }) membershipId: string;
  @PrimaryColumn({ type: 'int' }) daysBefore: number;
  @Column({ type: TIMESTAMP }) sentAt: Date;
}
