import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const PRICE_UNITS = ['minute', 'slot', 'gram', 'sheet', 'unit'] as const;
export type PriceUnit = (typeof PRICE_UNITS)[number];

/**
 * One line of a site's price list: machine time (by machine or machine type, per minute or per
 * started slot) or a consumable (by gram, sheet or unit), for one member category ('*' = anyone).
 * Amounts are integer cents excluding VAT; VAT in basis points (2000 = 20 %).
 */
@Entity('price_lines')
export class PriceLine {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'varchar', length: 200 }) label: string;
  @Column({ type: 'varchar', length: 36, nullable: true }) machineId: string | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) machineType: string | null;
  @Column({ type: 'varchar', length: 80, nullable: true }) consumable: string | null;
  @Column({ type: 'varchar', length: 40, default: '*' }) category: string;
  @Column({ type: 'varchar', length: 10 }) unit: PriceUnit;
  @Column({ type: 'integer', nullable: true }) slotMinutes: number | null;
  @Column({ type: 'integer' }) unitCents: number;
  @Column({ type: 'integer', default: 2000 }) vatBasisPoints: number;
  /** Charge at least the booked time when the session was shorter. */
  @Column({ type: 'boolean', default: false }) bookingIsMinimum: boolean;
  /** First and last local day the line is in force (YYYY-MM-DD, both included): a price that changes at a date. */
  @Column({ type: 'varchar', length: 10, nullable: true }) validFrom: string | null;
  @Column({ type: 'varchar', length: 10, nullable: true }) validUntil: string | null;
  /** A band of the site's day (HH:MM, [from, until), across midnight when until ≤ from): an evening rate. */
  @Column({ type: 'varchar', length: 5, nullable: true }) fromTime: string | null;
  @Column({ type: 'varchar', length: 5, nullable: true }) untilTime: string | null;
  /** The first minutes of a session this line's category gets free (30: the first half hour offered). */
  @Column({ type: 'integer', default: 0 }) freeMinutes: number;
}
