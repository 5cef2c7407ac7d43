import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { JSON_COLUMN, TIMESTAMP } from '../../infra/database/column-types';

export const REQUEST_STATUSES = ['waiting', 'reserved', 'released', 'cancelled'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/**
 * A person's request for one device of the public catalogue. The eligibility is what they ticked
 * (the codes of the site's criteria, each a « yes »): never a document, never a number. Their name
 * and contact are only there to call them back, and are erased when the request is closed
 * (released or cancelled).
 */
@Entity('repair_device_requests')
export class DeviceRequest {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Index() @Column({ type: 'varchar', length: 36 }) deviceId: string;
  @Column({ type: 'varchar', length: 120, default: '' }) name: string;
  @Column({ type: 'varchar', length: 200, default: '' }) contact: string;
  @Column({ type: JSON_COLUMN, default: '[]' }) eligibility: string[];
  @Index() @Column({ type: 'varchar', length: 12, default: 'waiting' }) status: RequestStatus;
  @Column({ type: 'varchar', length: 36, nullable: true }) reservedBy: string | null;
  @Column({ type: TIMESTAMP, nullable: true }) reservedAt: Date | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) releaseId: string | null;
  @Column({ type: TIMESTAMP, nullable: true }) closedAt: Date | null;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
}
