import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { JSON_COLUMN, TIMESTAMP } from '../../infra/database/column-types';
import type { DeviceCategory } from '../ords';

export const DEVICE_PURPOSES = ['repair', 'refurbish'] as const;
/** repair: the owner takes it back; refurbish: donated, to be given a second life. */
export type DevicePurpose = (typeof DEVICE_PURPOSES)[number];
export const GRADES = ['A', 'B', 'C', 'parts'] as const;
export type Grade = (typeof GRADES)[number];
export const STORAGE_KINDS = ['ssd', 'hdd', 'emmc'] as const;
export type StorageKind = (typeof STORAGE_KINDS)[number];

export interface ChecklistItem {
  item: string;
  ok: boolean | null;
  note?: string;
}

/** A device taken in at the workshop, brought by its owner or given by a donor. */
@Entity('repair_devices')
export class Device {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'varchar', length: 12 }) purpose: DevicePurpose;
  /** Owner or donor; their contact is kept only if they agreed to be contacted. */
  @Column({ type: 'varchar', length: 120, default: '' }) broughtBy: string;
  @Column({ type: 'varchar', length: 200, nullable: true }) contact: string | null;
  @Column({ type: 'boolean', default: false }) contactConsent: boolean;
  @Column({ type: 'varchar', length: 30 }) category: DeviceCategory;
  @Column({ type: 'varchar', length: 80, default: '' }) brand: string;
  @Column({ type: 'varchar', length: 120, default: '' }) model: string;
  @Column({ type: 'varchar', length: 120, default: '' }) serialNumber: string;
  @Column({ type: 'integer', nullable: true }) yearOfManufacture: number | null;
  @Column({ type: 'varchar', length: 1000, default: '' }) reportedFault: string;
  @Column({ type: 'varchar', length: 500, default: '' }) condition: string;
  @Column({ type: 'varchar', length: 500, default: '' }) accessories: string;
  /** Measured weight in kg, when weighed (impact uses the category's typical weight otherwise). */
  @Column({ type: 'real', nullable: true }) weightKg: number | null;
  /** False only for devices without user storage (e.g. a kettle); then no erasure is needed. */
  @Column({ type: 'boolean', default: true }) hasStorage: boolean;
  @Column({ type: JSON_COLUMN, default: '[]' }) checklist: ChecklistItem[];
  @Column({ type: 'varchar', length: 120, default: '' }) osInstalled: string;
  @Column({ type: 'varchar', length: 6, nullable: true }) grade: Grade | null;
  @Column({ type: 'integer', nullable: true }) priceCents: number | null;
  /** What the public catalogue and the receipt say of it (filled at refurbishment). */
  @Column({ type: 'varchar', length: 120, default: '' }) cpu: string;
  @Column({ type: 'real', nullable: true }) ramGb: number | null;
  @Column({ type: 'integer', nullable: true }) storageGb: number | null;
  @Column({ type: 'varchar', length: 10, nullable: true }) storageKind: StorageKind | null;
  @Column({ type: 'real', nullable: true }) screenInches: number | null;
  /** Put in the site's public catalogue by the workshop (only a device ready for release). */
  @Column({ type: TIMESTAMP, nullable: true }) listedAt: Date | null;
  /** The request it is reserved for: set once, by a conditional update (one request wins). */
  @Index() @Column({ type: 'varchar', length: 36, nullable: true }) reservedRequestId: string | null;
  @Column({ type: TIMESTAMP, nullable: true }) releasedAt: Date | null;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
  @UpdateDateColumn({ type: TIMESTAMP }) updatedAt: Date;
}
