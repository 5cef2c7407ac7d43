import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { requireSite, siteOf, Viewer } from '../common/viewer';
import { MachinesService } from '../machines/machines.service';
import { SitesService } from '../sites/sites.service';
import { BookingPolicy, SiteHours } from './booking-rules';
import { AddClosureDto, BookableSettingsDto, SetOpeningHoursDto } from './dto/bookings.dto';
import { BookableMachine } from './entities/bookable-machine.entity';
import { OpeningHours } from './entities/opening-hours.entity';
import { SiteClosure } from './entities/site-closure.entity';
import { SiteHoursRule } from './entities/site-hours-rule.entity';

/** Opening hours and closures per site, and which machines are bookable with what policy. */
@Injectable()
export class SiteHoursService {
  /**
   * Read on every badge-in, so kept in memory: dropped on every write here, and after 30 s so
   * that a change made through another instance is seen soon.
   */
  private readonly cache = new Map<string, { at: number; value: Promise<SiteHours> }>();
  private readonly policies = new Map<string, { at: number; value: Promise<BookableMachine | null> }>();

  constructor(
    @InjectRepository(OpeningHours) private readonly weekly: Repository<OpeningHours>,
    @InjectRepository(SiteClosure) private readonly closures: Repository<SiteClosure>,
    @InjectRepository(BookableMachine) private readonly bookable: Repository<BookableMachine>,
    @InjectRepository(SiteHoursRule) private readonly rules: Repository<SiteHoursRule>,
    private readonly sites: SitesService,
    private readonly machines: MachinesService,
  ) {}

  /** The site's zone (SitesService keeps it in memory). */
  zoneOf(siteId: string | null | undefined): Promise<string> {
    return this.sites.zoneOf(siteId);
  }

  hoursOf(siteId: string): Promise<SiteHours> {
    return cached(this.cache, siteId, () => this.load(siteId));
  }

  private async load(siteId: string): Promise<SiteHours> {
    const [tz, weekly, closures, rule] = await Promise.all([
      this.sites.zoneOf(siteId),
      this.weekly.find({ where: { siteId }, order: { weekday: 'ASC', opens: 'ASC' } }),
      this.closures.find({ where: { siteId }, order: { startsOn: 'ASC' } }),
      this.rules.findOneBy({ siteId }),
    ]);
    return {
      tz,
      weekly: weekly.map(({ weekday, opens, closes }) => ({ weekday, opens, closes })),
      closures: closures.map(({ startsOn, endsOn }) => ({ startsOn, endsOn })),
      badgesAnyTime: rule?.badgesAnyTime ?? false,
    };
  }

  /**
   * The weekly pattern and closed days of several sites in two queries (the federation's list of
   * places), each site's rows in order; a site with no row has no weekly pattern (always open).
   */
  async hoursOfSites(siteIds: readonly string[]): Promise<Map<string, Pick<SiteHours, 'weekly' | 'closures'>>> {
    const out = new Map<string, Pick<SiteHours, 'weekly' | 'closures'>>(siteIds.map((id) => [id, { weekly: [], closures: [] }]));
    if (!siteIds.length) return out;
    const [weekly, closures] = await Promise.all([
      this.weekly.find({ where: { siteId: In([...siteIds]) }, order: { weekday: 'ASC', opens: 'ASC' } }),
      this.closures.find({ where: { siteId: In([...siteIds]) }, order: { startsOn: 'ASC' } }),
    ]);
    for (const { siteId, weekday, opens, closes } of weekly) out.get(siteId)?.weekly.push({ weekday, opens, closes });
    for (const { siteId, startsOn, endsOn } of closures) out.get(siteId)?.closures.push({ startsOn, endsOn });
    return out;
  }

  async get(viewer: Viewer, siteId: string) {
    const site = requireSite(viewer, siteId);
    const [weekly, closures, rule] = await Promise.all([
      this.weekly.find({ where: { siteId: site }, order: { weekday: 'ASC', opens: 'ASC' } }),
      this.closures.find({ where: { siteId: site }, order: { startsOn: 'ASC' } }),
      this.rules.findOneBy({ siteId: site }),
    ]);
    return { siteId: site, weekly, closures, badgesAnyTime: rule?.badgesAnyTime ?? false, changeCutoffMinutes: rule?.changeCutoffMinutes ?? null };
  }

  /** Replaces the weekly pattern; an empty pattern means always open. */
  async setWeekly(viewer: Viewer, siteId: string, dto: SetOpeningHoursDto) {
    const site = requireSite(viewer, siteId);
    for (const w of dto.weekly) {
      if (w.opens >= w.closes)
        throw new BadRequestException({ code: 'bad_hours', message: `Horaires invalides (${w.opens}–${w.closes}). Opening must be before closing.` });
    }
    await this.weekly.delete({ siteId: site });
    if (dto.weekly.length) await this.weekly.insert(dto.weekly.map((w) => ({ siteId: site, ...w })));
    if (dto.badgesAnyTime !== undefined || dto.changeCutoffMinutes !== undefined) {
      const rule = (await this.rules.findOneBy({ siteId: site })) ?? this.rules.create({ siteId: site, badgesAnyTime: false, changeCutoffMinutes: null });
      if (dto.badgesAnyTime !== undefined) rule.badgesAnyTime = dto.badgesAnyTime;
      if (dto.changeCutoffMinutes !== undefined) rule.changeCutoffMinutes = dto.changeCutoffMinutes;
      await this.rules.save(rule);
    }
    this.cache.delete(site);
    return this.get(viewer, site);
  }

  async addClosure(viewer: Viewer, siteId: string, dto: AddClosureDto) {
    const site = requireSite(viewer, siteId);
    const row = await this.closures.save(
      this.closures.create({ siteId: site, startsOn: dto.startsOn, endsOn: dto.endsOn < dto.startsOn ? dto.startsOn : dto.endsOn, reason: dto.reason ?? '' }),
    );
    this.cache.delete(site);
    return row;
  }

  async removeClosure(viewer: Viewer, id: string) {
    const row = await this.closures.findOneBy({ id });
    if (!row || (siteOf(viewer, row.siteId) ?? row.siteId) !== row.siteId)
      throw new NotFoundException({ code: 'not_found', message: 'Fermeture introuvable. Not found.' });
    await this.closures.delete({ id });
    this.cache.delete(row.siteId);
  }

  /** Makes a machine bookable (or changes its policy). */
  async setBookable(viewer: Viewer, machineId: string, dto: BookableSettingsDto): Promise<BookableMachine> {
    const machine = await this.machines.get(viewer, machineId);
    const existing = await this.bookable.findOneBy({ machineId });
    const row = this.bookable.create({ ...(existing ?? {}), ...dto, machineId, siteId: machine.siteId });
    const saved = await this.bookable.save(row);
    this.policies.delete(machineId);
    return saved;
  }

  async unsetBookable(viewer: Viewer, machineId: string): Promise<void> {
    await this.machines.get(viewer, machineId);
    await this.bookable.delete({ machineId });
    this.policies.delete(machineId);
  }

  /** The site's cut-off for a person's changes to their booking (minutes before the start), or null: each machine's cancellation notice. */
  async changeCutoffOf(siteId: string): Promise<number | null> {
    return (await this.rules.findOneBy({ siteId }))?.changeCutoffMinutes ?? null;
  }

  policyOf(machineId: string): Promise<BookingPolicy | null> {
    return cached(this.policies, machineId, () => this.bookable.findOneBy({ machineId }));
  }

  bookableOfSite(siteId: string | null): Promise<BookableMachine[]> {
    return this.bookable.find({ where: siteId ? { siteId } : {} });
  }
}

const CACHE_MS = 30_000;
function cached<T>(map: Map<string, { at: number; value: Promise<T> }>, key: string, load: () => Promise<T>): Promise<T> {
  const hit = map.get(key);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.value;
  const value = load();
  map.set(key, { at: Date.now(), value });
  value.catch(() => map.delete(key));
  return value;
}
