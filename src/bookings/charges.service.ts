import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, EntityManager } from 'typeorm';
import { requireSite, siteOf, Viewer } from '../common/viewer';
import type { Machine } from '../machines/entities/machine.entity';
import { MachinesService } from '../machines/machines.service';
import { PeopleService } from '../people/people.service';
import { CreatePriceLineDto, RecordConsumableDto, SetCategoryDto } from './dto/bookings.dto';
import { Booking } from './entities/booking.entity';
import { ConsumableUse } from './entities/consumable-use.entity';
import { PersonCategory } from './entities/person-category.entity';
import { PriceLine } from './entities/price-line.entity';
import { amounts, chargedParts, machinePriceAt, Price } from './pricing';
import { SitesService } from '../sites/sites.service';
import type { UsageSession } from '../access/entities/usage-session.entity';

export const DEFAULT_CATEGORY = 'standard';

export interface TimeQuote {
  category: string;
  line: Price | null;
  quantity: number;
  netCents: number;
  vatCents: number;
  grossCents: number;
  /** The quote by price period (a part per rate, the free first minutes apart). */
  parts: Array<{
    label: string;
    startsAt: string;
    endsAt: string;
    free: boolean;
    quantity: number;
    unit: string;
    netCents: number;
    vatCents: number;
    grossCents: number;
  }>;
}

/**
 * What the lab charges: its price lines, people's price categories, consumables recorded at the
 * desk, and what some machine time would cost. Statements are StatementsService's, drawing
 * prepaid packs at the end of a session PackDrawdown's.
 */
@Injectable()
export class ChargesService {
  constructor(
    @InjectRepository(PriceLine) private readonly prices: Repository<PriceLine>,
    @InjectRepository(PersonCategory) private readonly categories: Repository<PersonCategory>,
    @InjectRepository(ConsumableUse) private readonly consumables: Repository<ConsumableUse>,
    private readonly machines: MachinesService,
    private readonly people: PeopleService,
    private readonly sites: SitesService,
  ) {}

  /** A site's price lines, as the statements and the pack drawdown read them. */
  pricesOf(siteId: string): Promise<PriceLine[]> {
    return this.prices.findBy({ siteId });
  }

  /** The price categories set for a site's people (those not listed are in the default one). */
  categoriesOf(siteId: string): Promise<PersonCategory[]> {
    return this.categories.findBy({ siteId });
  }

  /** A person's price category (the default one when none was set). */
  async categoryOf(personId: string): Promise<string> {
    return (await this.categories.findOneBy({ personId }))?.category ?? DEFAULT_CATEGORY;
  }

  /** Material a finished job used, charged like a consumable recorded at the desk; written in the caller's transaction. */
  async recordConsumableIn(
    em: EntityManager,
    use: Pick<ConsumableUse, 'siteId' | 'personId' | 'machineId' | 'consumable' | 'quantity' | 'usedAt' | 'recordedById'>,
  ): Promise<void> {
    await em.save(em.create(ConsumableUse, use));
  }

  async setCategory(viewer: Viewer, personId: string, dto: SetCategoryDto): Promise<PersonCategory> {
    const person = await this.people.get(viewer, personId);
    if (!person.siteId) throw new BadRequestException({ code: 'no_site', message: 'Cette personne n’a pas de lieu. This person has no site.' });
    return this.categories.save(this.categories.create({ personId, siteId: person.siteId, category: dto.category, companyName: dto.companyName || null }));
  }

  async addPrice(viewer: Viewer, dto: CreatePriceLineDto): Promise<PriceLine> {
    const siteId = requireSite(viewer, dto.siteId);
    const isTime = dto.unit === 'minute' || dto.unit === 'slot';
    if (isTime === !!dto.consumable || (isTime && !dto.machineId && !dto.machineType)) {
      throw new BadRequestException({
        code: 'bad_price_line',
        message:
          'Une ligne de prix porte soit sur du temps machine (machine ou type, à la minute ou au créneau), soit sur un consommable (au gramme, à la feuille, à l’unité). A line prices machine time or a consumable.',
      });
    }
    if (!isTime && (dto.fromTime || dto.untilTime || dto.freeMinutes))
      throw new BadRequestException({
        code: 'bad_price_line',
        message: 'Plage horaire et minutes offertes : seulement pour du temps machine. Time bands and free minutes are for machine time.',
      });
    if (dto.validFrom && dto.validUntil && dto.validUntil < dto.validFrom)
      throw new BadRequestException({ code: 'bad_price_line', field: 'validUntil', message: 'La date de fin vient avant la date de début. End before start.' });
    if (dto.fromTime && dto.untilTime && dto.fromTime === dto.untilTime)
      throw new BadRequestException({ code: 'bad_price_line', field: 'untilTime', message: 'La plage horaire est vide (début = fin). Empty band.' });
    if (dto.machineId) await this.machines.assertInSite(siteId, [dto.machineId]);
    return this.prices.save(
      this.prices.create({
        siteId,
        label: dto.label,
        machineId: dto.machineId ?? null,
        machineType: dto.machineType ?? null,
        consumable: dto.consumable ?? null,
        category: dto.category ?? '*',
        unit: dto.unit,
        slotMinutes: dto.slotMinutes ?? null,
        unitCents: dto.unitCents,
        vatBasisPoints: dto.vatBasisPoints ?? 2000,
        bookingIsMinimum: dto.bookingIsMinimum ?? false,
        validFrom: dto.validFrom ?? null,
        validUntil: dto.validUntil ?? null,
        fromTime: dto.fromTime ?? null,
        untilTime: dto.untilTime ?? null,
        freeMinutes: dto.freeMinutes ?? 0,
      }),
    );
  }

  /**
   * What `minutes` of a machine from `start` would cost a person, counted as their statement
   * counts used time: split where the price in force changes (evening rate, price change at a
   * date), the first minutes their category is offered free, minutes or started slots per part.
   * `line` is the one in force at the start; null and no parts: no price, the time is free.
   */
  async quoteTime(personId: string, machine: Pick<Machine, 'id' | 'type' | 'siteId'>, minutes: number, start = new Date()): Promise<TimeQuote> {
    const [lines, cat, tz] = await Promise.all([
      this.prices.findBy({ siteId: machine.siteId }),
      this.categories.findOneBy({ personId }),
      this.sites.zoneOf(machine.siteId),
    ]);
    const category = cat?.category ?? DEFAULT_CATEGORY;
    const parts = chargedParts(lines, machine, category, start, new Date(start.getTime() + minutes * 60_000), tz).map((p) => ({
      label: p.line?.label ?? '',
      startsAt: p.start.toISOString(),
      endsAt: p.end.toISOString(),
      free: p.free,
      quantity: p.quantity,
      unit: p.line?.unit ?? 'minute',
      ...amounts(p.free ? 0 : (p.line?.unitCents ?? 0), p.quantity, p.line?.vatBasisPoints ?? 0),
    }));
    const line = machinePriceAt(lines, machine, category, start, tz);
    const sum = (k: 'netCents' | 'vatCents' | 'grossCents') => parts.reduce((n, p) => n + p[k], 0);
    const quantity = parts.filter((p) => !p.free).reduce((n, p) => n + p.quantity, 0);
    return { category, line, quantity, netCents: sum('netCents'), vatCents: sum('vatCents'), grossCents: sum('grossCents'), parts };
  }

  listPrices(viewer: Viewer, siteId?: string): Promise<PriceLine[]> {
    const site = siteOf(viewer, siteId);
    return this.prices.find({ where: site ? { siteId: site } : {}, order: { label: 'ASC' } });
  }

  async recordConsumable(viewer: Viewer, dto: RecordConsumableDto): Promise<ConsumableUse> {
    const person = await this.people.get(viewer, dto.personId);
    if (dto.machineId) await this.machines.assertInSite(person.siteId!, [dto.machineId]);
    return this.consumables.save(
      this.consumables.create({
        siteId: person.siteId!,
        personId: person.id,
        machineId: dto.machineId ?? null,
        consumable: dto.consumable,
        quantity: dto.quantity,
        usedAt: dto.usedAt ? new Date(dto.usedAt) : new Date(),
        recordedById: viewer.id,
      }),
    );
  }
}

/** The booking a session was the use of: the person's, on that machine, started at most an hour before. */
export function bookingOf(s: Pick<UsageSession, 'personId' | 'machineId' | 'startedAt'>, bookings: Booking[]): Booking | undefined {
  return bookings.find(
    (b) =>
      b.personId === s.personId &&
      b.machineId === s.machineId &&
      b.kind === 'booking' &&
      b.startsAt.getTime() - 3600_000 <= s.startedAt.getTime() &&
      s.startedAt < b.endsAt,
  );
}

/** What is left to pay of `billed` units once a pack covered `packMinutes` (a slot partly covered is paid whole). */
export function leftToPay(price: Price, billed: number, packMinutes: number): number {
  const minutes = price.unit === 'slot' ? billed * (price.slotMinutes ?? 30) : billed;
  const left = Math.max(0, minutes - packMinutes);
  return price.unit === 'slot' ? Math.ceil(left / (price.slotMinutes ?? 30)) : left;
}
