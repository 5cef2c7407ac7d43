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
}
