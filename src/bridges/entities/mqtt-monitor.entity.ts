import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

/**
 * A read-only MQTT account of one site (a supervision screen, Node-RED, Grafana): it may only
 * subscribe to the site's bridges' `status` and machines' `state`. Its secret is shown once.
 */
@Entity('mqtt_monitors')
@Index(['siteId', 'slug'], { unique: true })
export class MqttMonitor {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'varchar', length: 63 }) slug: string;
  @Column({ type: 'varchar', length: 200, default: '' }) name: string;
  /** MQTT username and client id: `monitor-<site>-<slug>`. */
  @Index({ unique: true }) @Column({ type: 'varchar', length: 140 }) username: string;
  @Column({ type: 'varchar', length: 64 }) secretHash: string;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
}
