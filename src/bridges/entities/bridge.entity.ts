import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

/** Versions are milliseconds since the epoch (they also order across a re-pairing): 64 bits, read back as numbers. */
const VERSION = { type: 'bigint', transformer: { to: (v: number | null) => v, from: (v: string | number | null) => (v === null ? null : Number(v)) } } as const;

/** A firmware-bridge paired with a site; its MQTT secret is shown once and stored hashed. */
@Entity('bridges')
@Index(['siteId', 'slug'], { unique: true })
export class Bridge {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'varchar', length: 63 }) slug: string;
  @Column({ type: 'varchar', length: 200, default: '' }) name: string;
  /** MQTT username and client id. */
  @Index({ unique: true }) @Column({ type: 'varchar', length: 140 }) username: string;
  @Column({ type: 'varchar', length: 64 }) secretHash: string;
  @Column({ type: 'boolean', default: false }) online: boolean;
  @Column({ type: 'varchar', length: 40, nullable: true }) version: string | null;
  /** Its last sign of life: a status or a heartbeat. */
  @Column({ type: TIMESTAMP, nullable: true }) lastSeenAt: Date | null;
  /** Its last heartbeat (MQTT-PROTOCOL.md, `heartbeat`); null for a bridge that never sent one. */
  @Column({ type: TIMESTAMP, nullable: true }) heartbeatAt: Date | null;
  /** How long its process had been running at its last heartbeat. */
  @Column({ type: 'integer', nullable: true }) uptimeSeconds: number | null;
  /** The machine and device configuration the server serves it (`config` topic): its version, 0 for none yet. */
  @Column({ ...VERSION, default: 0 }) configVersion: number;
  /** That configuration as published: the signed JSON, published again at each start. */
  @Column({ type: 'text', nullable: true }) configSigned: string | null;
  /** The version the bridge says it runs (its heartbeat); 0: its own config.yaml only. */
  @Column({ ...VERSION, nullable: true }) configApplied: number | null;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
}
