import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A person's pricing category (job seeker, member, entrepreneur, company…) and company for statements. */
@Entity('person_categories')
export class PersonCategory {
  @PrimaryColumn({ type: 'varchar', length: 36 }) personId: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'varchar', length: 40 }) category: string;
  @Column({ type: 'varchar', length: 200, nullable: true }) companyName: string | null;
}
