import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

/** A prepaid pack a site sells: hours on one machine or on any machine of a type, valid so many days. */
@Entity('pack_offers')
export class PackOffer {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'varchar', length: 120 }) name: string;
  @Column({ type: 'varchar', length: 36, nullable: true }) machineId: string | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) machineType: string | null;
  @Column({ type: 'int' }) minutes: number;
  @Column({ type: 'int' }) priceCents: number;
  /** VAT on the price, in basis points (0 under the franchise or for an exempt activity). */
  @Column({ type: 'int', default: 0 }) vatBasisPoints: number;
  /** Days the pack stays valid from its payment. */
  @Column({ type: 'int' }) validityDays: number;
  @Column({ type: 'boolean', default: true }) active: boolean;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
}
