import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

/**
 * Units of a part lent out of the site's stock for a while (a laptop and two tablets taken on the
 * mobile unit for a day) and checked back in. Lending is a `lent` move (stock goes down), each
 * return a `returned` move (stock comes back up); units not coming back are written off as lost
 * (the stock stays down). Who borrowed is said by `forRef`, a key of the borrowing feature
 * (`outreach-stop:<id>`), and `forLabel`, the words shown.
 */
@Entity('inventory_loans')
@Index(['siteId', 'closedAt'])
export class StockLoan {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Index() @Column({ type: 'varchar', length: 36 }) partId: string;
  /** Where the units were taken from, and where they come back to. */
  @Column({ type: 'varchar', length: 36 }) locationId: string;
  @Column({ type: 'integer' }) quantity: number;
  @Column({ type: 'integer', default: 0 }) returnedQuantity: number;
  @Column({ type: 'integer', default: 0 }) lostQuantity: number;
  @Index() @Column({ type: 'varchar', length: 80 }) forRef: string;
  @Column({ type: 'varchar', length: 200 }) forLabel: string;
  @Column({ type: 'varchar', length: 36 }) lentBy: string;
  @CreateDateColumn({ type: TIMESTAMP }) lentAt: Date;
  /** Set when every unit is back or written off. */
  @Column({ type: TIMESTAMP, nullable: true }) closedAt: Date | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) closedBy: string | null;
}
