import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ActivityType, AgeBand, Gender, PlaceType, SocialStatus } from '../national';

/**
 * One person in one activity (the national « accompagnement »): a followed person or an anonymous
 * one. A workshop of 8 has 8 rows, so counts add up the same way for both kinds. The activity's day,
 * type, place and duration are copied here so reports read one table.
 */
@Entity('mediation_accompaniments')
// Every column a report counts, after the site and day it is filtered by: a report reads the index
// alone, never the rows (a site's year was ~10 ms a statement through row look-ups on SQLite).
@Index('IDX_mediation_accompaniments_report', [
  'siteId',
  'date',
  'activityId',
  'type',
  'placeType',
  'durationMinutes',
  'personId',
  'firstTime',
  'gender',
  'ageBand',
  'socialStatus',
])
export class MediationAccompaniment {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) activityId: string;
  /** 1…n within the activity (the export's « Participants » i/n). */
  @Column({ type: 'integer' }) seq: number;
  @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'varchar', length: 10 }) date: string;
  @Column({ type: 'varchar', length: 12 }) type: ActivityType;
  @Column({ type: 'varchar', length: 16 }) placeType: PlaceType;
  @Column({ type: 'integer' }) durationMinutes: number;
  @Index() @Column({ type: 'varchar', length: 36, nullable: true }) personId: string | null;
  /** First accompaniment of this person at this site (anonymous: not « déjà accompagné »). */
  @Column({ type: 'boolean' }) firstTime: boolean;
  @Column({ type: 'varchar', length: 16 }) gender: Gender;
  @Column({ type: 'varchar', length: 24 }) ageBand: AgeBand;
  @Column({ type: 'varchar', length: 16 }) socialStatus: SocialStatus;
  @Column({ type: 'varchar', length: 120, nullable: true }) commune: string | null;
  @Column({ type: 'varchar', length: 5, nullable: true }) postalCode: string | null;
  @Column({ type: 'varchar', length: 5, nullable: true }) inseeCode: string | null;
}
