import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

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
  @Column({ type: TIMESTAMP, nullable: true }) lastSeenAt: Date | null;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
}
