import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';
import { JSON_COLUMN } from '../../infra/database/column-types';

import type { MachineStatus, MachineType } from '../machine-types';

export { MACHINE_STATUSES, MACHINE_TYPES, type MachineStatus, type MachineType } from '../machine-types';

export interface MachineProfile {
  workArea?: { x: number; y: number; z?: number };
  materials?: string[];
  controller?: 'marlin' | 'grbl' | 'moonraker' | 'plug' | 'none';
  nozzleMm?: number;
  [key: string]: unknown;
}

@Entity('machines')
@Index(['siteId', 'slug'], { unique: true })
export class Machine {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  /** Used in MQTT topics: `machines/{slug}/…`. */
  @Column({ type: 'varchar', length: 63 }) slug: string;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'varchar', length: 20 }) type: MachineType;
  @Column({ type: JSON_COLUMN, default: '{}' }) profile: MachineProfile;
  @Column({ type: 'varchar', length: 20, default: 'free' }) status: MachineStatus;
  @Column({ type: 'varchar', length: 300, nullable: true }) statusReason: string | null;
  /** Who set the status by hand (a person id), and when; null when sessions or alarms set it. */
  @Column({ type: 'varchar', length: 36, nullable: true }) statusSetBy: string | null;
  @Column({ type: TIMESTAMP, nullable: true }) statusSetAt: Date | null;
  @Index() @Column({ type: 'varchar', length: 36, nullable: true }) bridgeId: string | null;
  /** Longest granted time in one session (the contract's default is 8 hours). */
  @Column({ type: 'integer', default: 480 }) maxSessionMinutes: number;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
}
