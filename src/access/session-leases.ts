import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DomainEventBus } from '../common/domain-events';
import type { Machine } from '../machines/entities/machine.entity';
import { MachineCommands } from '../machines/machine-commands';
import { MachinesService } from '../machines/machines.service';
import { SitesService } from '../sites/sites.service';
import { AccessCoordination } from './access-coordination';
import { UsageSessions } from './usage-sessions';

/**
 * Open sessions the lease schedule may have lost (Redis emptied, or out of reach: then this
 * instance's own schedule takes them) are looked for this often — well within a lease, so a
 * session renewed just before Redis went away is renewed again before its lease runs out.
 */
const ADOPT_EVERY_MS = 15_000;

/**
 * The unlock is a lease (ARCHITECTURE.md, "Several instances", Leases): renewed every
 * leaseSeconds/2 while its session is open, by whichever instance takes the renewal when it is
 * due; open sessions the schedule does not know are adopted; a session past its `until` ends.
 */
@Injectable()
export class SessionLeases implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('Access');
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly sessions: UsageSessions,
    private readonly coordination: AccessCoordination,
    private readonly commands: MachineCommands,
    private readonly machines: MachinesService,
    private readonly sites: SitesService,
    events: DomainEventBus,
  ) {
    // A bridge back online (after a restart of the embedded broker, a network cut) may have missed
    // a renewal: its machines' open sessions are renewed at once rather than at their next turn.
    events.on('bridge.status', ({ bridgeId, online }) => {
      if (!online) return;
      void this.machines
        .forBridge(bridgeId)
        .then((machines) => this.renewSoon(machines.map((m) => m.id)))
        .catch((err) => this.log.warn(`renewals for bridge ${bridgeId}: ${(err as Error).message}`));
    });
  }

  /**
   * Open sessions survive a restart and the death of the instance that opened them: their
   * renewals stay scheduled in Redis, where any instance takes them when due.
   */
  async onApplicationBootstrap(): Promise<void> {
    await this.adoptOpenSessions();
    const every = (ms: number, work: () => Promise<void>) => {
      const timer = setInterval(() => void work().catch((err) => this.log.warn(`leases: ${(err as Error).message}`)), ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(this.tickMs, () => this.renewDueLeases());
    every(ADOPT_EVERY_MS, () => this.adoptOpenSessions());
  }

  onModuleDestroy(): void {
    this.timers.forEach(clearInterval);
  }

  get leaseMs(): number {
    return this.commands.leaseSeconds * 1000;
  }

  private get renewEveryMs(): number {
    return this.leaseMs / 2;
  }

  /** Renewals are looked for often enough to keep each interval within the contract's ±10 %. */
  private get tickMs(): number {
    return Math.max(250, Math.min(1000, this.renewEveryMs / 20));
  }

  /** A granted badge: unlocks the machine and schedules the renewals (the holder back in a grace: they go on). */
  async start(siteSlug: string, machine: Machine, sessionId: string, until: Date, renewed: boolean): Promise<void> {
    if (renewed) await this.coordination.forgetClosing(sessionId);
    await this.commands.unlock(siteSlug, machine.slug, sessionId);
    await this.coordination.scheduleRenewal(sessionId, this.nextRenewalAt(until));
  }

  /** The next renewal, or the session's end if that comes first. */
  private nextRenewalAt(until: Date, now = Date.now()): number {
    return Math.min(now + this.renewEveryMs, until.getTime());
  }

  /** Open sessions the schedule does not know are renewed at once (Redis emptied, or a restart). */
  private async adoptOpenSessions(): Promise<void> {
    await this.coordination.adoptSessions(await this.sessions.openIds(), Date.now());
  }

  /** The open sessions on these machines are renewed at the next look (a bridge came back). */
  async renewSoon(machineIds: string[]): Promise<void> {
    if (!machineIds.length) return;
    for (const id of await this.sessions.openIds(machineIds)) await this.coordination.rescheduleRenewal(id, Date.now());
  }

  private async renewDueLeases(): Promise<void> {
    const due = await this.coordination.claimDueRenewals(Date.now());
    await Promise.all(due.map((sessionId) => this.renewLease(sessionId).catch((err) => this.log.warn(`lease ${sessionId}: ${(err as Error).message}`))));
  }

  private async renewLease(sessionId: string): Promise<void> {
    const session = await this.sessions.findSession(sessionId);
    if (!session || session.endedAt) return this.coordination.dropRenewal(sessionId);
    if (session.until.getTime() <= Date.now()) {
      await this.sessions.endSession(sessionId, 'expired', { lock: true });
      return;
    }
    const machine = await this.machines.findById(session.machineId);
    const site = machine && (await this.sites.findById(machine.siteId));
    if (!machine || !site) return this.coordination.dropRenewal(sessionId);
    // Checked again while holding the machine: an end, on any instance, waits for the same hold,
    // so no unlock ever leaves for a session the database has ended.
    const renewed = await this.coordination.withMachine(machine.id, async () => {
      const still = await this.sessions.isOpen(sessionId);
      // A session its bridge is closing is not renewed; it stays scheduled so that it still
      // expires at `until` if its end never comes (bridge lost).
      if (still && !(await this.coordination.isClosing(sessionId))) await this.commands.unlock(site.slug, machine.slug, sessionId);
      return still;
    });
    if (renewed) await this.coordination.rescheduleRenewal(sessionId, this.nextRenewalAt(session.until));
    else await this.coordination.dropRenewal(sessionId);
  }
}
