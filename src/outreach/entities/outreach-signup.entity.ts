import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

/** Someone of the public signed up for a stop: a name and a way to reach them (phone or e-mail). */
@Entity('outreach_signups')
export class OutreachSignup {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) stopId: string;
  @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'varchar', length: 120 }) name: string;
  /** Digits only, with a leading + for an international number. */
  @Column({ type: 'varchar', length: 20, nullable: true }) phone: string | null;
  @Column({ type: 'varchar', length: 254, nullable: true }) email: string | null;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
}
