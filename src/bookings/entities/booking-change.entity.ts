import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

/**
 * A booking moved, shortened or lengthened: who did it, the time before and after, and the price
 * quoted before and after (TTC, integer cents), as the booking's history.
 */
@Entity('booking_changes')
export class BookingChange {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) bookingId: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'varchar', length: 36 }) changedById: string;
  @Column({ type: TIMESTAMP }) fromStartsAt: Date;
  @Column({ type: TIMESTAMP }) fromEndsAt: Date;
  @Column({ type: TIMESTAMP }) toStartsAt: Date;
  @Column({ type: TIMESTAMP }) toEndsAt: Date;
  @Column({ type: 'integer' }) priceBeforeCents: number;
  @Column({ type: 'integer' }) priceAfterCents: number;
  @CreateDateColumn({ type: TIMESTAMP }) changedAt: Date;
}
