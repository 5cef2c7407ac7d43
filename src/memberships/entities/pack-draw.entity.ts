import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

/**
 * Minutes taken from a pack for one charge (`source`: `session:<id>` or `booking:<id>`). Unique per
 * source and pack, so the same charge never draws twice.
 */
@Entity('pack_draws')
@Index(['source', 'purchaseId'], { unique: true })
export class PackDraw {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) purchaseId: string;
  @Index() @Column({ type: 'varchar', length: 36 }) personId: string;
  @Column({ type: 'varchar', length: 80 }) source: string;
  @Column({ type: 'int' }) minutes: number;
  @Column({ type: TIMESTAMP }) drawnAt: Date;
}
