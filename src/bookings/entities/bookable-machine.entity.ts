import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A machine open to booking, and its booking policy. A machine without this row cannot be booked. */
@Entity('bookable_machines')
export class BookableMachine {
  @PrimaryColumn({ type: 'varchar', length: 36 }) machineId: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'integer', default: 30 }) slotMinutes: number;
  @Column({ type: 'integer', default: 30 }) minMinutes: number;
  @Column({ type: 'integer', default: 240 }) maxMinutes: number;
  /** How far ahead one may book. */
  @Column({ type: 'integer', default: 30 }) horizonDays: number;
  /** A person may cancel up to this many minutes before the start. */
  @Column({ type: 'integer', default: 120 }) cancelNoticeMinutes: number;
  /** No badge-in within this many minutes of the start: no-show, the machine is freed. */
  @Column({ type: 'integer', default: 15 }) noShowMinutes: number;
  /** The booker is let in this many minutes before the start. */
  @Column({ type: 'integer', default: 10 }) earlyMinutes: number;
}
