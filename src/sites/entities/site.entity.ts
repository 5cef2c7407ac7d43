import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { FALLBACK_TIME_ZONE } from '../../config/time-zone';
import { TIMESTAMP } from '../../infra/database/column-types';

/** A fab lab, public digital space (EPN) or repair workshop. Every domain row belongs to one. */
@Entity('sites')
export class Site {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** Used in MQTT topics: `fablab/v1/{slug}/…`. */
  @Column({ type: 'varchar', length: 63, unique: true }) slug: string;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'varchar', length: 64, default: FALLBACK_TIME_ZONE }) timezone: string;
  /** How long a session on a public computer lasts at most, in minutes (docs/free-access.md). */
  @Column({ type: 'integer', default: 60 }) freeAccessMinutes: number;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
}
