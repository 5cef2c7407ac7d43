import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * What a site's opening hours govern besides bookings. By default a badge is refused outside the
 * hours and on closed days (`outside_hours`); a place whose members keep keys (or the demo, which
 * runs at any hour) lets badges open machines at any time, the hours then only framing bookings.
 */
@Entity('site_hours_rules')
export class SiteHoursRule {
  @PrimaryColumn({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'boolean', default: false }) badgesAnyTime: boolean;
  /**
   * Until how many minutes before its start a person may still change their booking (move it,
   * shorten it, lengthen it). Null: each machine's cancellation notice.
   */
  @Column({ type: 'integer', nullable: true }) changeCutoffMinutes: number | null;
}
