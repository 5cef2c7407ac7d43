import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Between, Repository } from 'typeorm';
import { AccessReadService } from '../access/access-read.service';
import { DomainEventBus } from '../common/domain-events';
import { MachinesService } from '../machines/machines.service';
import { PackLedger } from '../memberships/pack-ledger';
import { bookingOf, ChargesService } from './charges.service';
import { Booking } from './entities/booking.entity';
import { chargedParts } from './pricing';
import { SitesService } from '../sites/sites.service';

/**
 * Prepaid packs drawn as sessions end: the minutes a session will be charged come off the
 * person's packs before any statement sees them (docs/memberships.md).
 */
@Injectable()
export class PackDrawdown {
  constructor(
    private readonly access: AccessReadService,
    private readonly machines: MachinesService,
    @InjectRepository(Booking) private readonly bookings: Repository<Booking>,
    private readonly charges: ChargesService,
    private readonly packs: PackLedger,
    private readonly sites: SitesService,
    events: DomainEventBus,
  ) {
    // Most people hold no pack: one read says so, before the session, prices and bookings are read.
    events.on('session.ended', async ({ sessionId, personId }) => {
      if (personId && (await this.packs.hasActivePack(personId))) await this.drawPacksFor(sessionId);
    });
  }

  /**
   * A session just ended: the minutes it will be charged (its booking as a minimum where the line
   * says so) are drawn from the person's valid packs first (PackLedger: once per session, oldest
   * pack first, never below zero). Free time draws nothing. The statement charges what is left.
   */
  async drawPacksFor(sessionId: string): Promise<void> {
    const s = await this.access.sessionById(sessionId);
    // An anonymous visitor's session on a public computer (docs/free-access.md) has nobody to charge.
    if (!s?.endedAt || !s.personId) return;
    const [machine] = await this.machines.byIds([s.machineId]);
    if (!machine) return;
    const [prices, category, bookings] = await Promise.all([
      this.charges.pricesOf(s.siteId),
      this.charges.categoryOf(s.personId),
      this.bookings.find({
        where: { personId: s.personId, machineId: s.machineId, startsAt: Between(new Date(s.startedAt.getTime() - 86400_000), s.endedAt) },
      }),
    ]);
    const booking = bookingOf(s, bookings);
    const bookedMs = booking ? booking.endsAt.getTime() - booking.startsAt.getTime() : null;
    const tz = await this.sites.zoneOf(s.siteId);
    // The paid parts only: free first minutes and unpriced time draw nothing.
    const minutes = chargedParts(prices, machine, category, s.startedAt, s.endedAt, tz, bookedMs)
      .filter((p) => p.line && !p.free)
      .reduce((n, p) => n + p.minutes, 0);
    if (!minutes) return;
    await this.packs.draw(`session:${s.id}`, { siteId: s.siteId, personId: s.personId, machine, minutes, at: s.endedAt });
  }
}
