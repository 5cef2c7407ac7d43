import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThan, Repository } from 'typeorm';
import { AccessReadService } from '../access/access-read.service';
import { Queues } from '../infra/queue/queues';
import { RealtimeService } from '../infra/realtime/realtime.service';
import { Booking } from './entities/booking.entity';
import { SiteHoursService } from './site-hours.service';

export const BOOKINGS_QUEUE = 'bookings';

/**
 * What follows a booking in the queue: reminders the day and the hour before, the no-show check
 * after its start (BookingsJobs runs them), kept in step when it moves or is cancelled, and
 * re-added every hour and at start in case Redis lost them.
 */
@Injectable()
export class BookingFollowUps {
  private readonly log = new Logger('Bookings');

  constructor(
    @InjectRepository(Booking) private readonly bookings: Repository<Booking>,
    private readonly queues: Queues,
    private readonly hours: SiteHoursService,
    private readonly access: AccessReadService,
    private readonly realtime: RealtimeService,
  ) {
    queues.produces(BOOKINGS_QUEUE, 'remind', 'no-show');
    queues.schedule({ queue: BOOKINGS_QUEUE, job: 'reconcile', repeat: { every: 3600_000 } });
    queues.onRestore('bookings', () => this.reconcileJobs());
  }

  /** A booking's reminders and no-show check live in the queue: no booking (or move) while it is down. */
  assertUp(): void {
    this.queues.assertUp();
  }

  /** A booking's delayed jobs, with ids that make adding them twice harmless. */
  private jobsOf(b: Booking, noShowMinutes: number, now: Date) {
    if (b.kind !== 'booking') return [];
    const jobs = [
      { job: 'remind', data: { bookingId: b.id, when: 'day' }, at: b.startsAt.getTime() - 24 * 3600_000, jobId: `remind-day-${b.id}` },
      { job: 'remind', data: { bookingId: b.id, when: 'hour' }, at: b.startsAt.getTime() - 3600_000, jobId: `remind-hour-${b.id}` },
      { job: 'no-show', data: { bookingId: b.id }, at: b.startsAt.getTime() + noShowMinutes * 60_000, jobId: `no-show-${b.id}` },
    ];
    return jobs
      .filter((j) => j.job !== 'remind' || j.at > now.getTime())
      .map((j) => ({ job: j.job, data: j.data, opts: { jobId: j.jobId, delay: Math.max(0, j.at - now.getTime()), keepMs: 7 * 24 * 3600_000 } }));
  }

  async schedule(b: Booking, noShowMinutes: number, now: Date): Promise<void> {
    try {
      await this.queues.addBulk(BOOKINGS_QUEUE, this.jobsOf(b, noShowMinutes, now));
    } catch (err) {
      this.log.error(`could not schedule jobs of booking ${b.id}: ${(err as Error).message}`);
    }
  }

  /** A moved or cancelled booking's jobs go (those already run or gone are no matter). */
  async unschedule(bookingId: string): Promise<void> {
    await Promise.all(
      [`remind-day-${bookingId}`, `remind-hour-${bookingId}`, `no-show-${bookingId}`].map((j) => this.queues.remove(BOOKINGS_QUEUE, j).catch(() => 0)),
    );
  }

  /**
   * Re-adds the delayed jobs of every active booking not over yet (a Redis restarted empty lost
   * them). Their ids make this harmless for the jobs still there or already run.
   */
  async reconcileJobs(now = new Date()): Promise<{ bookings: number }> {
    const upcoming = await this.bookings.find({ where: { status: 'active', kind: 'booking', endsAt: MoreThan(now) }, order: { startsAt: 'ASC' } });
    const noShow = new Map<string, number>();
    const jobs = [];
    for (const b of upcoming) {
      if (!noShow.has(b.machineId)) noShow.set(b.machineId, (await this.hours.policyOf(b.machineId))?.noShowMinutes ?? 15);
      jobs.push(...this.jobsOf(b, noShow.get(b.machineId)!, now));
    }
    for (let i = 0; i < jobs.length; i += 500) await this.queues.addBulk(BOOKINGS_QUEUE, jobs.slice(i, i + 500));
    return { bookings: upcoming.length };
  }

  /**
   * A no-show: the booker did not badge in between `earlyMinutes` before the start and
   * `noShowMinutes` after it. The booking is marked no_show and the machine is free again.
   */
  async checkNoShow(bookingId: string): Promise<'no_show' | 'present' | 'skipped'> {
    const b = await this.bookings.findOneBy({ id: bookingId });
    if (!b || b.status !== 'active' || b.kind !== 'booking' || !b.personId) return 'skipped';
    const policy = await this.hours.policyOf(b.machineId);
    const early = (policy?.earlyMinutes ?? 0) * 60_000;
    const deadline = new Date(b.startsAt.getTime() + (policy?.noShowMinutes ?? 15) * 60_000);
    const sessions = await this.access.latestSessionsOf(b.personId, b.machineId, deadline, 5);
    const present = sessions.some((s) => s.startedAt.getTime() >= b.startsAt.getTime() - early || !s.endedAt || s.endedAt > b.startsAt);
    if (present) return 'present';
    const res = await this.bookings.update({ id: b.id, status: 'active' }, { status: 'no_show' });
    if (!res.affected) return 'skipped';
    this.realtime.toSite(b.siteId, 'booking.no_show', { bookingId: b.id, machineId: b.machineId, personId: b.personId });
    return 'no_show';
  }
}
