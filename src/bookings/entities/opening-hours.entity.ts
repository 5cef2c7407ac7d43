import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One opening interval of a site's weekly pattern, in the site's local time (several per day allowed). */
@Entity('booking_opening_hours')
export class OpeningHours {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  /** 0 Sunday … 6 Saturday. */
  @Column({ type: 'integer' }) weekday: number;
  /** "HH:MM", local time. */
  @Column({ type: 'varchar', length: 5 }) opens: string;
  @Column({ type: 'varchar', length: 5 }) closes: string;
}
