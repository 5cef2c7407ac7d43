import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

/** A smart plug that powers a machine: its protocol, its topic, and when the machine counts as busy. */
@Entity('machine_plugs')
export class MachinePlug {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Index({ unique: true }) @Column({ type: 'varchar', length: 36 }) machineId: string;
  @Column({ type: 'varchar', length: 10 }) kind: 'shelly' | 'tasmota';
  /** Shelly's topic prefix or Tasmota's %topic%. */
  @Index({ unique: true }) @Column({ type: 'varchar', length: 100 }) topic: string;
  /** MQTT username (= client id) of the plug on the embedded broker. */
  @Index({ unique: true }) @Column({ type: 'varchar', length: 140 }) username: string;
  @Column({ type: 'varchar', length: 64 }) secretHash: string;
  /** Above this draw the machine is working; below it for `idleSeconds` the session ends. */
  @Column({ type: 'integer', default: 20 }) busyWatts: number;
  @Column({ type: 'integer', default: 600 }) idleSeconds: number;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
}
