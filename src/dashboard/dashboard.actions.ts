import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { UsageSessions } from '../access/usage-sessions';
import { MachineCommands } from '../machines/machine-commands';
import { Viewer } from '../common/viewer';
import type { Machine } from '../machines/entities/machine.entity';
import { MachinesService } from '../machines/machines.service';
import { SitesService } from '../sites/sites.service';
import { DashboardBatcher } from './dashboard.batcher';
import { DashboardService } from './dashboard.service';
import { DashboardTile } from './dashboard.types';
import { ManagerAction, ManagerActionKind } from './entities/manager-action.entity';
import { SiteFactsReader } from './site-facts.reader';

/** Statuses a manager gives back from the dashboard ("Remettre en service"). */
const RELEASABLE = ['maintenance', 'disabled', 'to_check'];

/**
 * What a manager does from the wall screen: each action is written to manager_actions (who,
 * what, why, when) and shown on every screen of the site in the next batch.
 */
@Injectable()
export class DashboardActions {
  constructor(
    @InjectRepository(ManagerAction) private readonly actions: Repository<ManagerAction>,
    private readonly machines: MachinesService,
    private readonly sessions: UsageSessions,
    private readonly commands: MachineCommands,
    private readonly sites: SitesService,
    private readonly dashboard: DashboardService,
    private readonly siteFacts: SiteFactsReader,
    private readonly batcher: DashboardBatcher,
  ) {}

  /**
   * Locks the machine now and keeps it locked ("hors service") until a manager gives it back:
   * the status is set first, so a badge arriving meanwhile is already refused.
   */
  async lock(viewer: Viewer, machineId: string, reason?: string): Promise<DashboardTile> {
    const machine = await this.machines.get(viewer, machineId);
    await this.machines.changeStatus(machine, 'disabled', reason?.trim() || `verrouillée par ${viewer.displayName}`, viewer.id);
    const session = await this.dashboard.openSessionOf(machine.id);
    if (session) await this.sessions.endSession(session.id, 'manual', { lock: true });
    else await this.lockRelay(machine);
    return this.record(viewer, machine, 'machine.lock', { reason, sessionId: session?.id });
  }

  /** Ends whoever is on the machine; the next trained person may badge in. */
  async endSession(viewer: Viewer, machineId: string, reason?: string): Promise<DashboardTile> {
    const machine = await this.machines.get(viewer, machineId);
    const session = await this.dashboard.openSessionOf(machine.id);
    if (!session) throw new ConflictException({ code: 'no_session', message: "Personne n'utilise cette machine en ce moment." });
    await this.sessions.endSession(session.id, 'manual', { lock: true });
    return this.record(viewer, machine, 'session.end', { reason, sessionId: session.id });
  }

  async maintenance(viewer: Viewer, machineId: string, reason: string): Promise<DashboardTile> {
    const machine = await this.machines.get(viewer, machineId);
    await this.machines.changeStatus(machine, 'maintenance', reason.trim(), viewer.id);
    const session = await this.dashboard.openSessionOf(machine.id);
    if (session) await this.sessions.endSession(session.id, 'manual', { lock: true });
    return this.record(viewer, machine, 'machine.maintenance', { reason, sessionId: session?.id });
  }

  /** Back in service after maintenance, a lock or an alarm that was checked. */
  async release(viewer: Viewer, machineId: string, reason?: string): Promise<DashboardTile> {
    const machine = await this.machines.get(viewer, machineId);
    if (!RELEASABLE.includes(machine.status)) {
      throw new ConflictException({ code: 'already_in_service', message: 'Cette machine est déjà en service.' });
    }
    const session = await this.dashboard.openSessionOf(machine.id);
    await this.machines.changeStatus(machine, session ? 'in_use' : 'free', null, viewer.id);
    this.dashboard.forgetAlarm(machine);
    return this.record(viewer, machine, 'machine.release', { reason });
  }

  /** "J'ai vu": the alert leaves every screen; the same situation happening again is a new alert. */
  async acknowledge(viewer: Viewer, key: string, reason?: string): Promise<{ acknowledged: true }> {
    // The key names the alert's machine or bridge, hence its site; another site's alert does not exist.
    const siteId = await this.dashboard.siteOfSubject(key.split(':')[1]);
    if (!siteId || (viewer.role !== 'admin' && siteId !== viewer.siteId)) throw alertNotFound();
    const site = await this.dashboard.siteFor(viewer, siteId);
    const current = await this.dashboard.alerts(await this.siteFacts.facts(site));
    const alert = current.find((a) => a.key === key);
    if (!alert) {
      if (await this.actions.existsBy({ siteId: site.id, action: 'alert.ack', alertKey: key })) return { acknowledged: true };
      throw alertNotFound();
    }
    const row = await this.actions.save(
      this.actions.create({
        siteId: site.id,
        personId: viewer.id,
        action: 'alert.ack',
        machineId: alert.machineId ?? null,
        sessionId: null,
        reason: reason?.trim() || null,
        alertKey: key,
      }),
    );
    const [view] = await this.dashboard.describeActions([row]);
    this.batcher.actionTaken(site.id, view);
    return { acknowledged: true };
  }

  private async lockRelay(machine: Machine): Promise<void> {
    const site = await this.sites.findById(machine.siteId);
    if (site && machine.bridgeId) await this.commands.lock(site.slug, machine.slug);
  }

  private async record(viewer: Viewer, machine: Machine, action: ManagerActionKind, extra: { reason?: string; sessionId?: string }): Promise<DashboardTile> {
    const row = await this.actions.save(
      this.actions.create({
        siteId: machine.siteId,
        personId: viewer.id,
        action,
        machineId: machine.id,
        sessionId: extra.sessionId ?? null,
        reason: extra.reason?.trim() || null,
        alertKey: null,
      }),
    );
    const facts = await this.siteFacts.facts(machine.siteId);
    const [view] = await this.dashboard.describeActions([row], facts);
    this.batcher.actionTaken(machine.siteId, view);
    const fresh = facts.machines.find((m) => m.id === machine.id) ?? machine;
    return this.dashboard.tileOf(fresh, facts);
  }
}

const alertNotFound = () => new NotFoundException({ code: 'alert_not_found', message: "Cette alerte n'est plus active." });
