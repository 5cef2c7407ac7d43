import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

export const PACK_STATUSES = ['pending', 'active', 'withdrawn'] as const;
export type PackStatus = (typeof PACK_STATUSES)[number];

/** A pack a person bought (or asked for): what it covers is copied from the offer, so editing the offer changes no sold pack. */
@Entity('pack_purchases')
@Index(['personId', 'status'])
export class PackPurchase {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'varchar', length: 36 }) offerId: string;
  @Column({ type: 'varchar', length: 36 }) personId: string;
  @Column({ type: 'varchar', length: 120 }) name: string;
  @Column({ type: 'varchar', length: 36, nullable: true }) machineId: string | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) machineType: string | null;
  @Column({ type: 'int' }) minutes: number;
  @Column({ type: 'int', default: 0 }) usedMinutes: number;
  @Column({ type: 'int' }) priceCents: number;
  /** VAT on the price, in basis points (0 under the franchise or for an exempt activity). */
  @Column({ type: 'int', default: 0 }) vatBasisPoints: number;
  @Column({ type: 'int' }) validityDays: number;
  @Column({ type: 'varchar', length: 20, default: 'pending' }) status: PackStatus;
  @Column({ type: 'varchar', length: 80, nullable: true }) paymentId: string | null;
  @Column({ type: TIMESTAMP, nullable: true }) activatedAt: Date | null;
  @Column({ type: TIMESTAMP, nullable: true }) expiresAt: Date | null;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
}
