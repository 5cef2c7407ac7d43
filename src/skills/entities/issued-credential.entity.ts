import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { JSON_COLUMN, TIMESTAMP } from '../../infra/database/column-types';

/** An Open Badges 3.0 credential the site signed, kept as issued (it is public by its id). */
@Entity('issued_credentials')
@Index(['siteId', 'statusSequence'], { unique: true })
export class IssuedCredential {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Index() @Column({ type: 'varchar', length: 36 }) personId: string;
  @Column({ type: 'varchar', length: 20 }) kind: 'skill' | 'certification';
  @Column({ type: 'varchar', length: 36 }) refId: string;
  @Column({ type: 'integer', nullable: true }) level: number | null;
  @Column({ type: JSON_COLUMN }) document: Record<string, unknown>;
  @Column({ type: TIMESTAMP, nullable: true }) revokedAt: Date | null;
  /**
   * Its place in the site's Bitstring Status Lists (list = ⌊n / 131072⌋ + 1, bit = n mod 131072);
   * null for credentials issued before status lists existed.
   */
  @Column({ type: 'integer', nullable: true }) statusSequence: number | null;
  @CreateDateColumn({ type: TIMESTAMP }) issuedAt: Date;
}
