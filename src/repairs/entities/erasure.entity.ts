import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

export const NIST_LEVELS = ['clear', 'purge', 'destroy'] as const;
export type NistLevel = (typeof NIST_LEVELS)[number];
export const ERASE_METHODS = ['zero_fill', 'prng_stream', 'secure_erase', 'crypto_erase', 'physical_destruction'] as const;
export type EraseMethod = (typeof ERASE_METHODS)[number];

/** What was done to wipe one drive of a device (NIST SP 800-88), by whom, and its check. */
@Entity('repair_erasures')
export class ErasureRecord {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) deviceId: string;
  @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'varchar', length: 80, default: '' }) driveMake: string;
  @Column({ type: 'varchar', length: 120, default: '' }) driveModel: string;
  @Column({ type: 'varchar', length: 120 }) driveSerial: string;
  /** SATA, NVMe, USB, eMMC, SAS… */
  @Column({ type: 'varchar', length: 20 }) bus: string;
  @Column({ type: 'bigint', nullable: true }) sizeBytes: string | null;
  @Column({ type: 'varchar', length: 120, default: '' }) hostSerial: string;
  @Column({ type: 'varchar', length: 10 }) nistLevel: NistLevel;
  @Column({ type: 'varchar', length: 30 }) method: EraseMethod;
  @Column({ type: 'varchar', length: 120 }) tool: string;
  @Column({ type: 'integer', default: 1 }) passes: number;
  @Column({ type: 'boolean' }) verified: boolean;
  @Column({ type: 'varchar', length: 500, default: '' }) verification: string;
  @Column({ type: TIMESTAMP }) startedAt: Date;
  @Column({ type: TIMESTAMP }) endedAt: Date;
  @Column({ type: 'bigint', nullable: true }) bytesErased: string | null;
  @Column({ type: 'integer', default: 0 }) errors: number;
  @Column({ type: 'boolean', default: false }) hiddenAreasChecked: boolean;
  @Column({ type: 'varchar', length: 36 }) technicianId: string;
  @Column({ type: 'varchar', length: 120 }) technicianName: string;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
}
