import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

import type { Role } from '../../common/roles';

export { ROLES, type Role } from '../../common/roles';

/** A person known to a site: a maker, a volunteer, a trainer, a manager… An admin has no site. */
@Entity('people')
export class Person {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36, nullable: true }) siteId: string | null;
  @Column({ type: 'varchar', length: 120 }) firstName: string;
  @Column({ type: 'varchar', length: 120, default: '' }) lastName: string;
  @Index({ unique: true }) @Column({ type: 'varchar', length: 254, nullable: true }) email: string | null;
  @Column({ type: 'varchar', length: 20, default: 'maker' }) role: Role;
  @Column({ type: 'boolean', default: true }) active: boolean;
  @Column({ type: 'varchar', length: 100, nullable: true }) passwordHash: string | null;
  @Column({ type: 'varchar', length: 5, default: 'fr' }) locale: string;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;

  /** "Amina K.": what a machine display or a wall screen shows. */
  get displayName(): string {
    return this.lastName ? `${this.firstName} ${this.lastName[0].toUpperCase()}.` : this.firstName;
  }
}
