import { ConflictException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { assertVisible, Viewer } from '../common/viewer';
import { AppConfig } from '../config/app-config';
import { FALLBACK_TIME_ZONE } from '../config/time-zone';
import { CreateSiteDto } from './dto/create-site.dto';
import { Site } from './entities/site.entity';

@Injectable()
export class SitesService {
  /** Zones are read for every badge, mail and page and a site's zone is set when it is created: kept a minute. */
  private readonly zones = new Map<string, { at: number; zone: Promise<string> }>();

  private fallback?: { at: number; zone: Promise<string> };

  constructor(
    @InjectRepository(Site) private readonly sites: Repository<Site>,
    private readonly config: AppConfig,
  ) {}

  /**
   * The zone when no site is in question (an admin's home, a page of all sites): APP_TIME_ZONE,
   * else the first site's, else Europe/Paris (src/config/time-zone.ts). Kept a minute.
   */
  defaultZone(): Promise<string> {
    const configured = this.config.env.APP_TIME_ZONE;
    if (configured) return Promise.resolve(configured);
    if (this.fallback && Date.now() - this.fallback.at < 60_000) return this.fallback.zone;
    const zone = this.sites.find({ order: { createdAt: 'ASC' }, take: 1, select: { timezone: true } }).then(([first]) => first?.timezone || FALLBACK_TIME_ZONE);
    zone.catch(() => (this.fallback = undefined));
    this.fallback = { at: Date.now(), zone };
    return zone;
  }

  /** The IANA zone people of a site read times in (the default zone for no site). */
  zoneOf(siteId: string | null | undefined): Promise<string> {
    if (!siteId) return this.defaultZone();
    const known = this.zones.get(siteId);
    if (known && Date.now() - known.at < 60_000) return known.zone;
    const zone = this.sites.findOneBy({ id: siteId }).then((s) => {
      if (!s) this.zones.delete(siteId); // an unknown id (a page's query) is not kept
      return s?.timezone || this.defaultZone();
    });
    zone.catch(() => this.zones.delete(siteId));
    this.zones.set(siteId, { at: Date.now(), zone });
    return zone;
  }

  list(viewer: Viewer): Promise<Site[]> {
    if (viewer.role === 'admin') return this.sites.find({ order: { name: 'ASC' } });
    return viewer.siteId ? this.sites.findBy({ id: viewer.siteId }) : Promise.resolve([]);
  }

  async get(viewer: Viewer, id: string): Promise<Site> {
    const site = await this.sites.findOneBy({ id });
    return assertVisible(viewer, site && { ...site, siteId: site.id }, 'Lieu');
  }

  async create(dto: CreateSiteDto): Promise<Site> {
    if (await this.sites.existsBy({ slug: dto.slug })) {
      throw new ConflictException({ code: 'slug_taken', message: `Le lieu « ${dto.slug} » existe déjà. Site slug already used.` });
    }
    const site = await this.sites.save(this.sites.create({ ...dto, timezone: dto.timezone ?? this.config.newSiteZone }));
    this.fallback = undefined; // the first site may just have been made
    return site;
  }

  findById(id: string): Promise<Site | null> {
    return this.sites.findOneBy({ id });
  }

  findByIdOrFail(id: string): Promise<Site> {
    return this.sites.findOneByOrFail({ id });
  }

  /** The first site by name (an admin's wall screen when none is asked for). */
  async first(): Promise<Site | null> {
    return (await this.sites.find({ order: { name: 'ASC' }, take: 1 }))[0] ?? null;
  }

  /** Every site with its zone (per-site schedules: reminders at 09:00 on each site's clock). */
  siteZones(): Promise<Array<{ id: string; timezone: string }>> {
    return this.sites.find({ select: { id: true, timezone: true } });
  }

  /**
   * How long a session on one of the site's public computers lasts at most (docs/free-access.md).
   * Read when it is needed (a badge at a public computer, the desk): a change counts at once on
   * every instance.
   */
  async freeAccessMinutesOf(siteId: string): Promise<number> {
    return (await this.sites.findOne({ where: { id: siteId }, select: { id: true, freeAccessMinutes: true } }))?.freeAccessMinutes ?? 60;
  }

  async setFreeAccessMinutes(siteId: string, minutes: number): Promise<void> {
    await this.sites.update({ id: siteId }, { freeAccessMinutes: minutes });
  }

  /** Sites by id, in one query (a list of places across the federation). */
  byIds(ids: readonly string[]): Promise<Site[]> {
    return ids.length ? this.sites.findBy({ id: In([...ids]) }) : Promise.resolve([]);
  }

  findBySlug(slug: string): Promise<Site | null> {
    return this.sites.findOneBy({ slug });
  }
}
