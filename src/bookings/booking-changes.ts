import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { Viewer } from '../common/viewer';
import { MachinesService } from '../machines/machines.service';
import { ChargesService } from './charges.service';
import type { Booking } from './entities/booking.entity';
import { BookingChange } from './entities/booking-change.entity';

/** A booking's changes (moved, shortened, lengthened): recorded with the price before and after. */
@Injectable()
export class BookingChanges {
  constructor(
    @InjectRepository(BookingChange) private readonly changes: Repository<BookingChange>,
    private readonly charges: ChargesService,
    private readonly machines: MachinesService,
  ) {}

  /** The price of the booked time before and after (the person's category, the periods each range spans), and the change kept. */
  async record(viewer: Viewer, b: Booking, start: Date, end: Date): Promise<BookingChange> {
    const [machine] = await this.machines.byIds([b.machineId]);
    const price = async (from: Date, to: Date) =>
      b.personId && machine ? (await this.charges.quoteTime(b.personId, machine, Math.round((to.getTime() - from.getTime()) / 60_000), from)).grossCents : 0;
    const [before, after] = await Promise.all([price(b.startsAt, b.endsAt), price(start, end)]);
    return this.changes.save(
      this.changes.create({
        bookingId: b.id,
        siteId: b.siteId,
        changedById: viewer.id,
        fromStartsAt: b.startsAt,
        fromEndsAt: b.endsAt,
        toStartsAt: start,
        toEndsAt: end,
        priceBeforeCents: before,
        priceAfterCents: after,
      }),
    );
  }

  /** A booking's changes, oldest first. */
  of(bookingId: string): Promise<BookingChange[]> {
    return this.changes.find({ where: { bookingId }, order: { changedAt: 'ASC' } });
  }
}
