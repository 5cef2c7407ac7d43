import { Column, CreateDateColumn, Entity, Exclusion, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

export const BOOKING_KINDS = ['booking', 'maintenance', 'workshop'] as const;
export type BookingKind = (typeof BOOKING_KINDS)[number];
export const BOOKING_STATUSES = ['active', 'cancelled', 'no_show'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/**
 * Time on a machine: a person's booking, or time a manager blocks (maintenance, workshop).
 * Ranges are half-open [startsAt, endsAt): touching bookings do not overlap. On PostgreSQL the
 * exclusion constraint forbids two active overlapping rows of one machine; on SQLite the service
 * checks and inserts in one write transaction.
 */
@Entity('bookings')
@Index(['machineId', 'startsAt'])
@Exclusion('ex_bookings_machine_time', `USING gist ("machineId" WITH =, tstzrange("startsAt", "endsAt", '[)') WITH &&) WHERE ("status" = 'active')`)
export class Booking {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'varchar', length: 36 }) machineId: string;
  /** Null for blocked time. */
  @Index() @Column({ type: 'varchar', length: 36, nullable: true }) personId: string | null;
  @Column({ type: 'varchar', length: 20, default: 'booking' }) kind: BookingKind;
  @Column({ type: 'varchar', length: 300, default: '' }) note: string;
  @Column({ type: TIMESTAMP }) startsAt: Date;
  @Column({ type: TIMESTAMP }) endsAt: Date;
  @Column({ type: 'varchar', length: 20, default: 'active' }) status: BookingStatus;
  @Column({ type: 'varchar', length: 36 }) createdById: string;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
  @Column({ type: TIMESTAMP, nullable: true }) cancelledAt: Date | null;
}
