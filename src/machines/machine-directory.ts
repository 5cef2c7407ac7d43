import { Injectable } from '@nestjs/common';
import { ChangeBus } from '../common/change-bus';
import { SitesService } from '../sites/sites.service';
import { Machine } from './entities/machine.entity';
import { MachinesService } from './machines.service';

/** Resolves `{site}/{machine}` topic slugs to rows; cached, refreshed when machines change. */
@Injectable()
export class MachineDirectory {
  private cache = new Map<string, Machine>();
  private loaded?: Promise<void>;

  constructor(
    private readonly machines: MachinesService,
    private readonly sites: SitesService,
    changes: ChangeBus,
  ) {
    changes.on((c) => {
      if (c.kind !== 'machine') return;
      // A status change patches the one machine; anything else (new machine, slug) reloads all.
      const known = c.machineId && c.status ? [...this.cache.values()].find((m) => m.id === c.machineId) : undefined;
      if (known && c.affectsAccess === false) {
        known.status = c.status as Machine['status'];
        known.statusReason = c.statusReason ?? null;
        return;
      }
      this.loaded = undefined;
    });
  }

  private async load(): Promise<void> {
    const [machines, sites] = await Promise.all([this.machines.all(), this.sitesAll()]);
    const next = new Map<string, Machine>();
    for (const m of machines) {
      const site = sites.get(m.siteId);
      if (site) next.set(`${site}/${m.slug}`, m);
    }
    this.cache = next;
  }

  private async sitesAll(): Promise<Map<string, string>> {
    const rows = await this.sites.list({ id: '', role: 'admin', siteId: null, displayName: '', locale: 'fr' });
    return new Map(rows.map((s) => [s.id, s.slug]));
  }

  async resolve(siteSlug: string, machineSlug: string): Promise<Machine | null> {
    if (!this.loaded) this.loaded = this.load();
    await this.loaded;
    return this.cache.get(`${siteSlug}/${machineSlug}`) ?? null;
  }
}
