import { Injectable } from '@nestjs/common';
import type { Machine } from '../machines/entities/machine.entity';
import { MachinesService } from '../machines/machines.service';
import type { Qualification } from '../trainings/entities/qualification.entity';
import type { Training } from '../trainings/entities/training.entity';
import type { LastUse } from '../trainings/lapse';
import { trainingCovers } from '../trainings/trainings.service';
import { AccessReadService } from './access-read.service';

/** What a badge-in reads for trainings that lapse when unused (docs/trainings.md). */
@Injectable()
export class LastUsesReader {
  constructor(
    private readonly reads: AccessReadService,
    private readonly machines: MachinesService,
  ) {}

  /**
   * The person's last session on each machine of the site, only when a training covering this
   * machine lapses when unused and the person holds it (one grouped query, and the site's machines
   * for their types); otherwise nothing is read.
   */
  async of(machine: Machine, personId: string, trainings: Training[], qualifications: Qualification[]): Promise<LastUse[] | undefined> {
    const lapsing = trainings.filter((t) => t.lapseMonths && trainingCovers(t, machine) && qualifications.some((q) => q.trainingId === t.id));
    if (!lapsing.length) return undefined;
    const [uses, machines] = await Promise.all([this.reads.lastUses(machine.siteId, personId), this.machines.ofSite(machine.siteId)]);
    const types = new Map(machines.map((m) => [m.id, m.type as string]));
    return uses.map((u) => ({ ...u, machineType: types.get(u.machineId) ?? '' }));
  }
}
