import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

export const BADGE_PURPOSES = ['member', 'day_card', 'visitor'] as const;
export type BadgePurpose = (typeof BADGE_PURPOSES)[number];

/** A card (RFID/NFC) identified by its UID; a person may have several. */
@Entity('badges')
export class Badge {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Index() @Column({ type: 'varchar', length: 36 }) personId: string;
  /** Upper-case hex of the card's UID, as the reader sends it. */
  @Index({ unique: true }) @Column({ type: 'varchar', length: 20 }) uid: string;
  @Column({ type: 'varchar', length: 80, default: '' }) label: string;
  @Column({ type: TIMESTAMP, nullable: true }) revokedAt: Date | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) revokedReason: string | null;
  /** A member's own card, a day card lent at the desk, or a visitor's pass. */
  @Column({ type: 'varchar', length: 20, default: 'member' }) purpose: BadgePurpose;
  /** A card valid only within a window (day card, visitor pass): refused before and after it. */
  @Column({ type: TIMESTAMP, nullable: true }) validFrom: Date | null;
  @Column({ type: TIMESTAMP, nullable: true }) validUntil: Date | null;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
}
