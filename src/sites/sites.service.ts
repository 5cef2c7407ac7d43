import { ConflictException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { DEFAULT_SITE_ZONE } from '../common/local-format';
import { assertVisible, Viewer } from '../common/viewer';
import { CreateSiteDto } from './dto/create-site.dto';
import { Site } from './entities/site.entity';

@Injectable()
export class SitesService {
  /** Zones are read for every badge, mail and page and a site's zone is set when it is created: kept a minute. */
  private readonly zones = new Map<string, { at: number; zone: Promise<string> }>();

  constructor(@InjectRepository(Site) private readonly sites: Repository<Site>) {}

  /** The IANA zone people of a site read times in (the default one for no site, an admin's). */
  zoneOf(siteId: string | null | undefined): Promise<string> {
    if (!siteId) return Promise.resolve(DEFAULT_SITE_ZONE);
    const known = this.zones.get(siteId);
    if (known && Date.now() - known.at < 60_000) return known.zone;
    const zone = this.sites.findOneBy({ id: siteId }).then((s) => s?.timezone || DEFAULT_SITE_ZONE);
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
    return this.sites.save(this.sites.create({ ...dto, timezone: dto.timezone ?? DEFAULT_SITE_ZONE }));
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

  findBySlug(slug: string): Promise<Site | null> {
    return this.sites.findOneBy({ slug });
  }
}
