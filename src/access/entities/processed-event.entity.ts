import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

/** Bridge events already handled, so a replayed or duplicated event is ignored. */
@Entity('processed_events')
export class ProcessedEvent {
  @PrimaryColumn({ type: 'varchar', length: 36 }) eventId: string;
  @Column({ type: 'varchar', length: 36 }) machineId: string;
  @Column({ type: 'varchar', length: 40 }) type: string;
  @CreateDateColumn({ type: TIMESTAMP }) receivedAt: Date;
}
