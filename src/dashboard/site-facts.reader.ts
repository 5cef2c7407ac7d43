import { Injectable } from '@nestjs/common';
import { AccessReadService } from '../access/access-read.service';
import type { UsageSession } from '../access/entities/usage-session.entity';
import { BridgesService } from '../bridges/bridges.service';
import type { Bridge } from '../bridges/entities/bridge.entity';
import type { FabJob } from '../jobs/entities/fab-job.entity';
import { JobsReadService } from '../jobs/jobs-read.service';
import type { Machine } from '../machines/entities/machine.entity';
import { MachinesService } from '../machines/machines.service';
import { MaintenanceService } from '../maintenance/maintenance.service';
import { PeopleService } from '../people/people.service';
import { PlugsService } from '../plugs/plugs.service';
import type { Site } from '../sites/entities/site.entity';
import { SitesService } from '../sites/sites.service';
import type { MaintenanceDue } from './alerts';

/** Jobs a tile shows: on the machine, or perhaps on it (its bridge went away mid-job). */
const RUNNING_JOBS = ['dispatched', 'running', 'paused', 'bridge_lost'] as const;

/** Everything a site's tiles are made of, read in a handful of queries whatever the number of machines. */
export interface SiteFacts {
  site: Site;
  machines: Machine[];
  sessions: Map<string, UsageSession>;
  bridges: Map<string, Bridge>;
  jobs: Map<string, FabJob>;
  plugged: Set<string>;
  names: Map<string, string>;
  /** Preventive care tasks due on the site's machines. */
  maintenanceDue: MaintenanceDue[];
}

/**
 * Reads what the wall screen shows of a site from the features that own it (machines, sessions,
 * bridges, jobs, plugs, care, names), one whole-site query each. The dashboard only turns these
 * facts into tiles and alerts.
 */
@Injectable()
export class SiteFactsReader {
  constructor(
    private readonly sites: SitesService,
    private readonly machines: MachinesService,
    private readonly access: AccessReadService,
    private readonly bridges: BridgesService,
    private readonly jobs: JobsReadService,
    private readonly plugs: PlugsService,
    private readonly people: PeopleService,
    private readonly maintenance: MaintenanceService,
  ) {}

  async facts(siteOrId: Site | string): Promise<SiteFacts> {
    const site = typeof siteOrId === 'string' ? await this.sites.findByIdOrFail(siteOrId) : siteOrId;
    const siteId = site.id;
    const [machines, sessions, bridges, jobs, plugged, due] = await Promise.all([
      this.machines.ofSite(siteId),
      this.access.openSessionsOfSite(siteId),
      this.bridges.ofSite(siteId),
      this.jobs.ofSiteIn(siteId, RUNNING_JOBS),
      this.plugs.pluggedMachineIds(siteId),
      this.maintenance.dueOfSite(siteId),
    ]);
    const personIds = [...sessions.map((s) => s.personId), ...machines.map((m) => m.statusSetBy)];
    const names = await this.namesOf(personIds);
    const jobByMachine = new Map<string, FabJob>();
    for (const j of jobs) if (j.machineId && !jobByMachine.has(j.machineId)) jobByMachine.set(j.machineId, j);
    return {
      site,
      machines,
      sessions: new Map(sessions.map((s) => [s.machineId, s])),
      bridges: new Map(bridges.map((b) => [b.id, b])),
      jobs: jobByMachine,
      plugged: new Set(plugged),
      names,
      maintenanceDue: due.map((d) => ({ planId: d.id, machineId: d.machineId, task: d.task, dueAt: d.dueAt ?? new Date().toISOString() })),
    };
  }

  namesOf(ids: Array<string | null | undefined>): Promise<Map<string, string>> {
    return this.people.displayNames(ids);
  }
}
