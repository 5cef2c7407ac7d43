import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';
import type { TicketStatus } from '../ticket-flow';

/** A step of a ticket (or time logged on it): who, when, what, how long. */
@Entity('repair_steps')
export class RepairStep {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) ticketId: string;
  /** Null: only time spent was logged, the status did not change. */
  @Column({ type: 'varchar', length: 20, nullable: true }) fromStatus: TicketStatus | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) toStatus: TicketStatus | null;
  @Column({ type: 'varchar', length: 36 }) personId: string;
  @Column({ type: 'varchar', length: 120, default: '' }) personName: string;
  @Column({ type: 'varchar', length: 1000, default: '' }) notes: string;
  @Column({ type: 'integer', default: 0 }) minutesSpent: number;
  @CreateDateColumn({ type: TIMESTAMP }) at: Date;
}
