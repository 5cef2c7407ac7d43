import { Injectable, Module } from '@nestjs/common';
import { AccessReadModule } from '../access/access-read.module';
import { AccessReadService } from '../access/access-read.service';
import { PUBLIC_COMPUTER } from '../machines/machine-types';
import { MachinesModule } from '../machines/machines.module';
import { MachinesService } from '../machines/machines.service';

/** What the site's public computers were used for in a period (docs/free-access.md). */
export interface FreeAccessCounts {
  /** Sessions started in the period, badge-in or desk. */
  sessions: number;
  /** Distinct people among them (anonymous visitors aside). */
  people: number;
  /** Sessions of anonymous visitors, opened at the desk. */
  anonymousSessions: number;
  /** Minutes used: to the session's end, or to now for one still open. */
  minutes: number;
}

/**
 * Free-access use as other features read it (the mediation reports): counted from the usage
 * sessions on public computers, through access's and machines' read services, never their tables.
 */
@Injectable()
export class FreeAccessRead {
  constructor(
    private readonly machines: MachinesService,
    private readonly access: AccessReadService,
  ) {}

  /** Sessions on one site's public computers (every site's: null) started within [from, to]. */
  async between(siteId: string | null, from: Date, to: Date, now = new Date()): Promise<FreeAccessCounts> {
    const stations = siteId
      ? await this.machines.ofSiteAndType(siteId, PUBLIC_COMPUTER)
      : (await this.machines.all()).filter((m) => m.type === PUBLIC_COMPUTER);
    const sessions = await this.access.sessionsOnMachinesBetween(
      stations.map((m) => m.id),
      from,
      to,
    );
    const people = new Set(sessions.flatMap((s) => (s.personId ? [s.personId] : [])));
    const ms = sessions.reduce((sum, s) => sum + Math.max(0, (s.endedAt ?? now).getTime() - s.startedAt.getTime()), 0);
    return {
      sessions: sessions.length,
      people: people.size,
      anonymousSessions: sessions.filter((s) => !s.personId).length,
      minutes: Math.round(ms / 60_000),
    };
  }
}

@Module({
  imports: [MachinesModule, AccessReadModule],
  providers: [FreeAccessRead],
  exports: [FreeAccessRead],
})
export class FreeAccessReadModule {}
