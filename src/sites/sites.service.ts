import { ConflictException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { assertVisible, Viewer } from '../common/viewer';
import { CreateSiteDto } from './dto/create-site.dto';
import { Site } from './entities/site.entity';

@Injectable()
export class SitesService {
  constructor(@InjectRepository(Site) private readonly sites: Repository<Site>) {}

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
    return this.sites.save(this.sites.create({ ...dto, timezone: dto.timezone ?? 'Europe/Paris' }));
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
