import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

/** `lent` and `returned` are a loan's moves (StockService.lend, returnLoan), never recorded by hand. */
export const MOVE_KINDS = ['received', 'used', 'harvested', 'scrapped', 'counted', 'lent', 'returned'] as const;
export type MoveKind = (typeof MOVE_KINDS)[number];

/** One change of stock; the stock of a part at a location is always the sum of its moves. */
@Entity('inventory_stock_moves')
@Index(['partId', 'locationId'])
export class StockMove {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'varchar', length: 36 }) partId: string;
  @Column({ type: 'varchar', length: 36 }) locationId: string;
  @Column({ type: 'varchar', length: 12 }) kind: MoveKind;
  /** Signed: + into stock, − out of stock. */
  @Column({ type: 'integer' }) delta: number;
  /** The repair ticket a used part went into. */
  @Index() @Column({ type: 'varchar', length: 36, nullable: true }) ticketId: string | null;
  /** The end-of-life device a harvested part came from. */
  @Index() @Column({ type: 'varchar', length: 36, nullable: true }) donorDeviceId: string | null;
  /** The loan a `lent` or `returned` move belongs to. */
  @Index() @Column({ type: 'varchar', length: 36, nullable: true }) loanId: string | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) personId: string | null;
  @Column({ type: 'varchar', length: 500, default: '' }) note: string;
  @CreateDateColumn({ type: TIMESTAMP }) at: Date;
}
