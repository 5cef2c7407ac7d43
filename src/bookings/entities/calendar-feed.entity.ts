import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A secret iCalendar feed URL, of a person's bookings or of a machine's. */
@Entity('calendar_feeds')
export class CalendarFeed {
  @PrimaryColumn({ type: 'varchar', length: 64 }) secret: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'varchar', length: 36, nullable: true }) personId: string | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) machineId: string | null;
}
