import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { JSON_COLUMN, TIMESTAMP } from '../../infra/database/column-types';

export interface Requirement {
  skillId: string;
  level: number;
}

/** A target: "Certification Pix — niveau indépendant", the lab's "laser autonomous" licence… */
@Entity('skill_certifications')
export class Certification {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'varchar', length: 1000, default: '' }) description: string;
  @Column({ type: JSON_COLUMN }) requirements: Requirement[];
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
}
