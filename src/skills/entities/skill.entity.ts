import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { JSON_COLUMN } from '../../infra/database/column-types';

export interface SkillLevel {
  level: number;
  label: string;
  labelEn: string;
}

/** A skill of one framework version, e.g. Pix 1.1 or "Découpeuse laser". */
@Entity('skills')
@Index(['frameworkId', 'code'], { unique: true })
export class Skill {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Index() @Column({ type: 'varchar', length: 36 }) frameworkId: string;
  /** "1.1", "machine:laser", "custom:…"; stable across versions of a framework. */
  @Column({ type: 'varchar', length: 60 }) code: string;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'varchar', length: 200, default: '' }) nameEn: string;
  /** Pix domain ("1 Information et données") or machine type. */
  @Column({ type: 'varchar', length: 200, default: '' }) area: string;
  @Column({ type: JSON_COLUMN }) levels: SkillLevel[];
  /** Training hours usually needed to go up one level (for plan estimates). */
  @Column({ type: 'integer', default: 4 }) hoursPerLevel: number;
}
