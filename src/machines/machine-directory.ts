import { Injectable } from '@nestjs/common';
import { ChangeBus } from '../common/change-bus';
import { SitesService } from '../sites/sites.service';
import { Machine } from './entities/machine.entity';
import { MachinesService } from './machines.service';

/** Resolves `{site}/{machine}` topic slugs to rows; cached, refreshed when machines change. */
@Injectable()
export class MachineDirectory {
  private cache = new Map<string, Machine>();
  private byId = new Map<string, Machine>();
  private loaded?: Promise<void>;
  /** The cache is complete and current (no reload pending): lookups need not wait. */
  private ready = false;
  /** Bumped at each invalidation, so a load that started before it does not mark the cache current. */
  private generation = 0;

  constructor(
    private readonly machines: MachinesService,
    private readonly sites: SitesService,
    changes: ChangeBus,
  ) {
    changes.on((c) => {
      if (c.kind !== 'machine') return;
      // A status change patches the one machine; anything else (new machine, slug) reloads all.
      const known = c.machineId && c.status ? this.byId.get(c.machineId) : undefined;
      if (known && c.affectsAccess === false) {
        known.status = c.status as Machine['status'];
        known.statusReason = c.statusReason ?? null;
        return;
      }
      this.loaded = undefined;
      this.ready = false;
      this.generation++;
    });
  }

  private async load(): Promise<void> {
    const generation = this.generation;
    const [machines, sites] = await Promise.all([this.machines.all(), this.sitesAll()]);
    const next = new Map<string, Machine>();
    const byId = new Map<string, Machine>();
    for (const m of machines) {
      const site = sites.get(m.siteId);
      if (site) next.set(`${site}/${m.slug}`, m);
      byId.set(m.id, m);
    }
    this.cache = next;
    this.byId = byId;
    this.ready = generation === this.generation;
  }

  private async sitesAll(): Promise<Map<string, string>> {
    const rows = await this.sites.list({ id: '', role: 'admin', siteId: null, displayName: '', locale: 'fr' });
    return new Map(rows.map((s) => [s.id, s.slug]));
  }

  /**
   * The machine at once when the cache is current (null: no such machine), undefined when it must
   * be loaded first: telemetry at thousands of messages a second then costs no promise.
   */
  peek(siteSlug: string, machineSlug: string): Machine | null | undefined {
    return this.ready ? (this.cache.get(`${siteSlug}/${machineSlug}`) ?? null) : undefined;
  }

  async resolve(siteSlug: string, machineSlug: string): Promise<Machine | null> {
    const known = this.peek(siteSlug, machineSlug);
    if (known !== undefined) return known;
    if (!this.loaded) this.loaded = this.load();
    await this.loaded;
    return this.cache.get(`${siteSlug}/${machineSlug}`) ?? null;
  }
}
