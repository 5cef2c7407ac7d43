import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { JSON_COLUMN, TIMESTAMP } from '../../infra/database/column-types';
import type { OrdsBarrier } from '../ords';
import type { TicketStatus } from '../ticket-flow';

/** One repair attempt on a device, moving through the status flow step by step. */
@Entity('repair_tickets')
export class RepairTicket {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Index() @Column({ type: 'varchar', length: 36 }) deviceId: string;
  /** The repair café event this attempt belongs to, if any. */
  @Index() @Column({ type: 'varchar', length: 36, nullable: true }) eventId: string | null;
  @Index() @Column({ type: 'varchar', length: 20, default: 'received' }) status: TicketStatus;
  /** Problem found, in plain words without personal data (exported to ORDS). */
  @Column({ type: 'varchar', length: 1000, default: '' }) problem: string;
  /** Barriers in ORDS words; the first is the main one, exported for End of life. */
  @Column({ type: JSON_COLUMN, default: '[]' }) barriers: OrdsBarrier[];
  @Column({ type: 'varchar', length: 20, nullable: true }) nextSteps: string | null;
  @Column({ type: 'boolean', nullable: true }) sparePartsNeeded: boolean | null;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
  @UpdateDateColumn({ type: TIMESTAMP }) updatedAt: Date;
}
