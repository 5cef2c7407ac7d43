import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { JSON_COLUMN, TIMESTAMP } from '../../infra/database/column-types';
import type { ActivityType, Autonomy, Equipment, PlaceType, Redirection, Topic, WorkshopLevel } from '../national';

/**
 * One line of the mediation log: an individual accompaniment or a collective workshop, in the
 * national activity report's terms. The id is the client's own (a phone's offline queue may send
 * the same activity twice: the second is the first).
 */
@Entity('mediation_activities')
@Index(['siteId', 'date'])
// The federation's export walks every site's activities in (date, id) order, a page at a time.
@Index(['date', 'id'])
export class MediationActivity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Index() @Column({ type: 'varchar', length: 36 }) mediatorId: string;
  @Column({ type: 'varchar', length: 12 }) type: ActivityType;
  /** Calendar day of the site's zone (YYYY-MM-DD). */
  @Column({ type: 'varchar', length: 10 }) date: string;
  @Column({ type: 'integer' }) durationMinutes: number;
  @Column({ type: 'varchar', length: 16 }) placeType: PlaceType;
  /** « Nom du lieu » and « Adresse » of an « Autre lieu » (an outreach stop at a partner's place); never a home. */
  @Column({ type: 'varchar', length: 200, nullable: true }) placeName: string | null;
  @Column({ type: 'varchar', length: 300, nullable: true }) placeAddress: string | null;
  @Column({ type: 'varchar', length: 120, nullable: true }) placeCommune: string | null;
  @Column({ type: 'varchar', length: 5, nullable: true }) placePostalCode: string | null;
  @Column({ type: 'varchar', length: 5, nullable: true }) placeInseeCode: string | null;
  @Column({ type: JSON_COLUMN }) equipment: Equipment[];
  @Column({ type: JSON_COLUMN }) topics: Topic[];
  /** « Nom de la démarche administrative »: only with the administrative-help topic. */
  @Column({ type: 'varchar', length: 300, nullable: true }) procedureName: string | null;
  /** An Aidants Connect mandate was used to act on the person's behalf (nothing else of it is kept). */
  @Column({ type: 'boolean', default: false }) mandateUsed: boolean;
  @Column({ type: 'varchar', length: 30, nullable: true }) autonomy: Autonomy | null;
  @Column({ type: 'boolean', nullable: true }) redirected: boolean | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) redirectedTo: Redirection | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) workshopTitle: string | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) workshopLevel: WorkshopLevel | null;
  @Column({ type: 'varchar', length: 2000, nullable: true }) notes: string | null;
  @Column({ type: 'integer' }) participantsCount: number;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
  @UpdateDateColumn({ type: TIMESTAMP }) updatedAt: Date;
}
