import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { assertVisible, requireSite, siteOf, Viewer } from '../common/viewer';
import { CreateLocationDto, CreatePartDto, UpdateLocationDto, UpdatePartDto } from './dto/inventory.dto';
import { StockLocation } from './entities/location.entity';
import { Part } from './entities/part.entity';
import { StockService } from './stock.service';

export interface PartWithStock extends Part {
  quantity: number;
  low: boolean;
  levels: Array<{ locationId: string; quantity: number }>;
}

/** Parts and locations of a site's workshop. */
@Injectable()
export class InventoryService {
  constructor(
    @InjectRepository(Part) private readonly parts: Repository<Part>,
    @InjectRepository(StockLocation) private readonly locations: Repository<StockLocation>,
    private readonly stock: StockService,
  ) {}

  async createLocation(viewer: Viewer, dto: CreateLocationDto): Promise<StockLocation> {
    const siteId = requireSite(viewer, dto.siteId);
    if (dto.parentId) {
      const parent = assertVisible(viewer, await this.locations.findOneBy({ id: dto.parentId }), 'Emplacement');
      if (parent.siteId !== siteId) throw new BadRequestException({ code: 'other_site', message: 'Le parent est dans un autre lieu. Parent of another site.' });
    }
    return this.locations.save(this.locations.create({ siteId, name: dto.name, kind: dto.kind ?? 'bin', parentId: dto.parentId ?? null }));
  }

  async updateLocation(viewer: Viewer, id: string, dto: UpdateLocationDto): Promise<StockLocation> {
    const location = await this.stock.location(viewer, id);
    if (dto.parentId !== undefined) location.parentId = await this.checkedParent(viewer, location, dto.parentId || null);
    if (dto.name !== undefined) location.name = dto.name;
    if (dto.kind !== undefined) location.kind = dto.kind;
    return this.locations.save(location);
  }

  /** A new parent of the same site, and not the location itself nor one inside it (no loop in the tree). */
  private async checkedParent(viewer: Viewer, location: StockLocation, parentId: string | null): Promise<string | null> {
    if (!parentId) return null;
    const parent = await this.stock.location(viewer, parentId);
    if (parent.siteId !== location.siteId)
      throw new BadRequestException({ code: 'other_site', message: 'Le parent est dans un autre lieu. Parent of another site.' });
    const all = new Map((await this.locations.findBy({ siteId: location.siteId })).map((l) => [l.id, l]));
    for (let cur: StockLocation | undefined = parent; cur; cur = cur.parentId ? all.get(cur.parentId) : undefined) {
      if (cur.id === location.id) {
        throw new BadRequestException({
          code: 'invalid_input',
          message: 'Un emplacement ne peut pas être rangé dans lui-même. A location cannot be inside itself.',
          reasons: ['parentId'],
        });
      }
    }
    return parent.id;
  }

  async updatePart(viewer: Viewer, id: string, dto: UpdatePartDto): Promise<Part> {
    const part = await this.stock.part(viewer, id);
    if (dto.name !== undefined) part.name = dto.name;
    if (dto.category !== undefined) part.category = dto.category;
    if (dto.compatibleModels !== undefined) part.compatibleModels = dto.compatibleModels;
    if (dto.unitCostEuros !== undefined) part.unitCostCents = Math.round(dto.unitCostEuros * 100);
    if (dto.lowStockThreshold !== undefined) part.lowStockThreshold = dto.lowStockThreshold;
    return this.parts.save(part);
  }

  /** Locations with their full path ("Atelier › Étagère A › Bac 3"), ready for labels. */
  async listLocations(viewer: Viewer, siteId?: string): Promise<Array<StockLocation & { path: string }>> {
    const site = siteOf(viewer, siteId);
    const all = await this.locations.find({ where: site ? { siteId: site } : {}, order: { name: 'ASC' } });
    const byId = new Map(all.map((l) => [l.id, l]));
    const pathOf = (l: StockLocation): string => {
      const names: string[] = [];
      const seen = new Set<string>();
      for (let cur: StockLocation | undefined = l; cur && !seen.has(cur.id); cur = cur.parentId ? byId.get(cur.parentId) : undefined) {
        seen.add(cur.id);
        names.unshift(cur.name);
      }
      return names.join(' › ');
    };
    return all.map((l) => ({ ...l, path: pathOf(l) })).sort((a, b) => a.path.localeCompare(b.path, 'fr'));
  }

  createPart(viewer: Viewer, dto: CreatePartDto): Promise<Part> {
    const siteId = requireSite(viewer, dto.siteId);
    return this.parts.save(
      this.parts.create({
        siteId,
        name: dto.name,
        category: dto.category,
        compatibleModels: dto.compatibleModels ?? [],
        unitCostCents: dto.unitCostEuros !== undefined ? Math.round(dto.unitCostEuros * 100) : (dto.unitCostCents ?? 0),
        lowStockThreshold: dto.lowStockThreshold ?? 0,
      }),
    );
  }

  async listParts(viewer: Viewer, siteId?: string): Promise<PartWithStock[]> {
    const site = siteOf(viewer, siteId);
    const parts = await this.parts.find({ where: site ? { siteId: site } : {}, order: { name: 'ASC' } });
    return Promise.all(parts.map((p) => this.withStock(p)));
  }

  async getPart(viewer: Viewer, id: string): Promise<PartWithStock> {
    return this.withStock(await this.stock.part(viewer, id));
  }

  private async withStock(part: Part): Promise<PartWithStock> {
    const levels = (await this.stock.levelsOf(part.id)).map((l) => ({ locationId: l.locationId, quantity: l.quantity }));
    const quantity = levels.reduce((s, l) => s + l.quantity, 0);
    return { ...part, quantity, low: quantity <= part.lowStockThreshold, levels };
  }
}
