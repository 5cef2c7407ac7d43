import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

export const FEED_KINDS = ['person', 'machine', 'site'] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

/**
 * A secret iCalendar feed URL: a person's bookings, a machine's, or a whole site's. It belongs
 * to the person it was given to (`ownerId`): rotating gives a new secret and drops this one,
 * revoking drops it, and it stops answering once that person is deactivated.
 */
@Entity('calendar_feeds')
export class CalendarFeed {
  @PrimaryColumn({ type: 'varchar', length: 64 }) secret: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'varchar', length: 36, nullable: true }) personId: string | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) machineId: string | null;
  @Column({ type: 'varchar', length: 12, default: 'person' }) kind: FeedKind;
  /** Who was given the URL; null only for feeds made before owners were kept (then refused). */
  @Index() @Column({ type: 'varchar', length: 36, nullable: true }) ownerId: string | null;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
}

/** What a site chose for its calendar feeds. */
@Entity('calendar_settings')
export class CalendarSettings {
  @PrimaryColumn({ type: 'varchar', length: 36 }) siteId: string;
  /** Machine and site feeds show who booked only if the site chose so (off by default). */
  @Column({ type: 'boolean', default: false }) namesOnStaffFeeds: boolean;
}
