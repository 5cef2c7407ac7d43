import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

export const LOCATION_KINDS = ['room', 'shelf', 'bin'] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];

/** A place where parts are kept: a room holds shelves, a shelf holds bins (a tree). */
@Entity('inventory_locations')
export class StockLocation {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'varchar', length: 36, nullable: true }) parentId: string | null;
  @Column({ type: 'varchar', length: 120 }) name: string;
  @Column({ type: 'varchar', length: 10, default: 'bin' }) kind: LocationKind;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
}
