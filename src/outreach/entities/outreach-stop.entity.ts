import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

/**
 * One stop of the site's outreach itinerary: a session at a partner's place (town hall, social
 * centre) or a halt of the mobile unit (the « Numéribus »), on one day, at given hours of the
 * site's clock, with a cap on public sign-ups. Activities logged there are « Autre lieu » in the
 * national report, with this place's name, address, commune and codes.
 */
@Entity('outreach_stops')
@Index(['siteId', 'date'])
export class OutreachStop {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'varchar', length: 200 }) placeName: string;
  @Column({ type: 'varchar', length: 300 }) address: string;
  @Column({ type: 'varchar', length: 120 }) commune: string;
  @Column({ type: 'varchar', length: 5 }) postalCode: string;
  /** The commune's INSEE code (« code Insee », 5 characters: 29019, 2A004). */
  @Column({ type: 'varchar', length: 5 }) inseeCode: string;
  /** Calendar day on the site's clock (YYYY-MM-DD). */
  @Column({ type: 'varchar', length: 10 }) date: string;
  /** Hours on the site's clock (HH:MM). */
  @Column({ type: 'varchar', length: 5 }) startsAt: string;
  @Column({ type: 'varchar', length: 5 }) endsAt: string;
  /** How many people may sign up. */
  @Column({ type: 'integer' }) capacity: number;
  /** Kept in step with the sign-ups by one conditional update: never above the capacity. */
  @Column({ type: 'integer', default: 0 }) signupsCount: number;
  /** The mobile unit, when it is one (« Numéribus »). */
  @Column({ type: 'varchar', length: 80, nullable: true }) vehicle: string | null;
  /** What the public page says about the stop. */
  @Column({ type: 'varchar', length: 1000, nullable: true }) details: string | null;
  @Column({ type: 'varchar', length: 36 }) createdBy: string;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
  @UpdateDateColumn({ type: TIMESTAMP }) updatedAt: Date;
}
