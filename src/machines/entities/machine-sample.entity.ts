import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { JSON_COLUMN, TIMESTAMP } from '../../infra/database/column-types';

/** A temperature as a bridge reports it (MQTT-PROTOCOL.md, `telemetry`). */
export interface SampleTemp {
  actual: number;
  target?: number;
}

/**
 * A machine's telemetry, kept at a coarse interval (TELEMETRY_SAMPLE_SECONDS): the latest value
 * of each measure received during the interval, stamped at the interval's end. One row per
 * machine and interval — the unique index lets two instances write the same one, the second is ignored.
 */
@Entity('machine_samples')
@Index(['machineId', 'at'], { unique: true })
export class MachineSample {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'varchar', length: 36 }) machineId: string;
  /** The end of the sampling interval (aligned on the clock, the same on every instance). Indexed alone for the daily prune. */
  @Index() @Column({ type: TIMESTAMP }) at: Date;
  @Column({ type: 'real', nullable: true }) powerW: number | null;
  /** 0…1, as in the bridge's telemetry. */
  @Column({ type: 'real', nullable: true }) progress: number | null;
  /** `{ hotend: { actual, target? }, bed: … }` */
  @Column({ type: JSON_COLUMN, nullable: true }) temps: Record<string, SampleTemp> | null;
}
