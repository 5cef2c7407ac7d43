import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A site's rules: must membership be current to book, to unlock a machine. No row: neither. */
@Entity('membership_rules')
export class MembershipRules {
  @PrimaryColumn({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'boolean', default: false }) requiredToBook: boolean;
  @Column({ type: 'boolean', default: false }) requiredToUnlock: boolean;
}
