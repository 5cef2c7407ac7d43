import { ConflictException, Injectable } from '@nestjs/common';
import { DomainEventBus } from '../common/domain-events';
import type { Machine } from '../machines/entities/machine.entity';
import { MachineLiveService } from '../machines/machine-live.service';
import { isPublicComputer } from '../machines/machine-types';
import { SitesService } from '../sites/sites.service';
import { AccessCoordination } from './access-coordination';
import type { UsageSession } from './entities/usage-session.entity';
import { SessionLeases } from './session-leases';
import { UsageSessions } from './usage-sessions';

/**
 * Sessions opened at the desk on a public computer (docs/free-access.md), for a person or an
 * anonymous visitor: the same session and lease as a badge-in — `unlock` now, renewed until `until`,
 * then ended with `lock` by the lease (SessionLeases) — so the station's bridge or kiosk agent
 * enforces the time, and locks on its own if the server goes silent.
 */
@Injectable()
export class DeskSessions {
  constructor(
    private readonly sessions: UsageSessions,
    private readonly leases: SessionLeases,
    private readonly coordination: AccessCoordination,
    private readonly sites: SitesService,
    private readonly live: MachineLiveService,
    private readonly events: DomainEventBus,
  ) {}

  /** `who.personId` null: an anonymous visitor, shown by `who.displayName`. 409 when the station is taken. */
  async open(machine: Machine, who: { personId: string | null; displayName: string }, until: Date, now = new Date()): Promise<UsageSession> {
    if (!isPublicComputer(machine)) {
      throw new ConflictException({
        code: 'not_a_station',
        message: "Seul un poste en accès libre s'ouvre à l'accueil. Only a public computer can be opened at the desk.",
      });
    }
    const site = await this.sites.findByIdOrFail(machine.siteId);
    // Under the machine's hold, as a badge-in: the session, its unlock and its renewals go together.
    const session = await this.coordination.withMachine(machine.id, async () => {
      const opened = await this.sessions.open(machine, who.personId, null, until, now);
      if (opened) await this.leases.start(site.slug, machine, opened.id, until, false);
      return opened;
    });
    if (!session) {
      throw new ConflictException({ code: 'station_in_use', message: 'Ce poste est déjà occupé. This computer is already in use.' });
    }
    this.events.emit('session.opened', { machine, sessionId: session.id, session });
    this.live.update(
      { machineId: machine.id, siteId: machine.siteId, slug: machine.slug },
      { holder: { personId: who.personId, displayName: who.displayName, sessionId: session.id, until: until.toISOString() } },
      'machine.session',
    );
    return session;
  }

  /** Ends a station's session at the desk: `lock` to the station. False when it was not open. */
  end(sessionId: string): Promise<boolean> {
    return this.sessions.endSession(sessionId, 'manual', { lock: true });
  }
}
