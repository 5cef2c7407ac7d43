import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The running total of the moves of one part at one location, updated in the same transaction
 * as each move. It is the row locked when the last unit is taken, so two volunteers can never
 * both take it.
 */
@Entity('inventory_stock_levels')
@Index(['partId', 'locationId'], { unique: true })
export class StockLevel {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'varchar', length: 36 }) partId: string;
  @Column({ type: 'varchar', length: 36 }) locationId: string;
  @Column({ type: 'integer', default: 0 }) quantity: number;
}
