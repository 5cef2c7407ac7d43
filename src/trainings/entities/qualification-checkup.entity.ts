import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

/**
 * A trainer's check-up of a person on a training's machines (the qualification renewed after, or
 * before, it lapsed from disuse). Four eyes: the trainer is never the person.
 */
@Entity('qualification_checkups')
export class QualificationCheckup {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Index() @Column({ type: 'varchar', length: 36 }) qualificationId: string;
  @Column({ type: 'varchar', length: 36 }) personId: string;
  @Column({ type: 'varchar', length: 36 }) trainerId: string;
  /** The day of the check-up (YYYY-MM-DD, the site's calendar). */
  @Column({ type: 'varchar', length: 10 }) checkedOn: string;
  @Column({ type: 'varchar', length: 1000, default: '' }) notes: string;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
}

/** A warning sent before a qualification lapses from disuse: once per qualification and lapse day. */
@Entity('qualification_lapse_warnings')
@Index(['qualificationId', 'lapsesOn'], { unique: true })
export class QualificationLapseWarning {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 36 }) qualificationId: string;
  /** The day the qualification would lapse, as announced (YYYY-MM-DD). */
  @Column({ type: 'varchar', length: 10 }) lapsesOn: string;
  @Column({ type: TIMESTAMP }) sentAt: Date;
}
