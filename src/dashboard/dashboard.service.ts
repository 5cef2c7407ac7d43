import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThan, Repository } from 'typeorm';
import { AccessReadService } from '../access/access-read.service';
import type { UsageSession } from '../access/entities/usage-session.entity';
import { BridgesService } from '../bridges/bridges.service';
import { silentSince } from '../bridges/bridge-silence';
import { siteOf, Viewer } from '../common/viewer';
import { AppConfig } from '../config/app-config';
import type { Machine } from '../machines/entities/machine.entity';
import { MachineLive, MachineLiveService } from '../machines/machine-live.service';
import { MachinesService } from '../machines/machines.service';
import type { Site } from '../sites/entities/site.entity';
import { SitesService } from '../sites/sites.service';
import { Alert, alertsFor, isUnattended, MachineFacts } from './alerts';
import { DashboardAction, DashboardFeedItem, DashboardSnapshot, DashboardTile } from './dashboard.types';
import { ManagerAction } from './entities/manager-action.entity';
import { SiteFacts, SiteFactsReader } from './site-facts.reader';
import { currentProgress } from './wall-layout';

const FEED_SIZE = 30;
const ACTIONS_SIZE = 20;
/** Acknowledgements older than this no longer matter: the situation they silenced is long gone. */
const ACK_MEMORY_MS = 30 * 24 * 3600_000;
/** Telemetry older than this is not shown: the bridge stopped sending (a job ended, a printer off). */
const TELEMETRY_STALE_MS = 60_000;
/** Progress that rose this recently means the machine is working. */
const PROGRESS_FRESH_MS = 120_000;

export interface Telemetry {
  temps?: DashboardTile['temps'];
  powerW?: number;
  progress?: number;
}

/**
 * The managers' wall screen: tiles, the latest decisions, alerts and manager actions of a site,
 * made of the site's facts (SiteFactsReader) and the live picture of the machines (MachineLiveService).
 */
@Injectable()
export class DashboardService {
  /** Per machine, the last progress seen and when it last went up. */
  private readonly progressSeen = new Map<string, { value: number; roseAt: number }>();

  constructor(
    private readonly siteFacts: SiteFactsReader,
    private readonly sites: SitesService,
    private readonly machines: MachinesService,
    private readonly access: AccessReadService,
    private readonly bridges: BridgesService,
    @InjectRepository(ManagerAction) private readonly actions: Repository<ManagerAction>,
    private readonly live: MachineLiveService,
    config: AppConfig,
  ) {
    this.graceMs = config.env.UNATTENDED_ALERT_SECONDS * 1000;
    this.silentMs = config.env.BRIDGE_SILENT_SECONDS * 1000;
  }

  /** A bridge online without a heartbeat this long is silent (BridgeSilence). */
  private readonly silentMs: number;

  /** A machine must work unattended this long before it is an alert (a lock takes a moment to land). */
  private readonly graceMs: number;

  /** The site a viewer's wall screen shows: their own, or for an admin the one asked (else the first). */
  async siteFor(viewer: Pick<Viewer, 'role' | 'siteId'>, requested?: string | null): Promise<Site> {
    const id = siteOf(viewer as Viewer, requested) ?? (await this.sites.first())?.id;
    const site = id ? await this.sites.findById(id) : null;
    if (!site) throw new NotFoundException({ code: 'not_found', message: 'Lieu introuvable. Site not found.' });
    return site;
  }

  async snapshot(viewer: Viewer, requested?: string | null): Promise<DashboardSnapshot> {
    return this.snapshotOf(await this.siteFor(viewer, requested));
  }

  async snapshotOf(site: Site): Promise<DashboardSnapshot> {
    const facts = await this.siteFacts.facts(site);
    const [feed, actions, alerts] = await Promise.all([this.feed(facts), this.recentActions(site.id, facts), this.alerts(facts)]);
    return {
      siteId: site.id,
      siteName: site.name,
      at: new Date().toISOString(),
      tiles: facts.machines.map((m) => this.tileOf(m, facts)),
      feed,
      alerts,
      actions,
    };
  }

  liveOf(machineId: string): MachineLive | undefined {
    return this.live.get(machineId);
  }

  /** The machine's latest telemetry, if recent enough to show. */
  telemetryOf(live: MachineLive | undefined, now = Date.now()): Telemetry {
    if (!live?.telemetry || !live.telemetryAt || now - Date.parse(live.telemetryAt) > TELEMETRY_STALE_MS) return {};
    return live.telemetry as Telemetry;
  }

  /** A checked alarm is no longer shown on the tile. */
  forgetAlarm(m: Machine): void {
    this.live.note({ machineId: m.id, siteId: m.siteId, slug: m.slug }, { alarm: null });
  }

  /** The site of a machine or a bridge, by id (an alert's subject). */
  async siteOfSubject(id: string): Promise<string | null> {
    return (await this.machines.siteIdOf(id)) ?? (await this.bridges.siteIdOf(id));
  }

  openSessionOf(machineId: string): Promise<UsageSession | null> {
    return this.access.openSessionOn(machineId);
  }

  tileOf(m: Machine, f: SiteFacts): DashboardTile {
    const live = this.live.get(m.id);
    const session = f.sessions.get(m.id);
    const tel = this.telemetryOf(live);
    const job = f.jobs.get(m.id);
    const plugged = f.plugged.has(m.id);
    const progress = currentProgress(m.status, live?.bridgeState ?? null, !!job, tel.progress);
    return {
      machineId: m.id,
      name: m.name,
      slug: m.slug,
      type: m.type,
      status: m.status,
      statusReason: m.statusReason,
      statusSetAt: iso(m.statusSetAt),
      statusSetBy: m.statusSetBy ? (f.names.get(m.statusSetBy) ?? null) : null,
      bridgeId: m.bridgeId,
      bridgeOnline: m.bridgeId ? (f.bridges.get(m.bridgeId)?.online ?? false) : null,
      bridgeState: live?.bridgeState ?? null,
      plugOnline: plugged ? (live?.plugOnline ?? null) : null,
      plugOn: plugged ? (live?.plugOn ?? null) : null,
      holder: session
        ? {
            personId: session.personId,
            // An anonymous visitor (public computer): the name the desk gave the live view.
            displayName: (session.personId ? f.names.get(session.personId) : undefined) ?? live?.holder?.displayName ?? '?',
            sessionId: session.id,
            since: session.startedAt.toISOString(),
          }
        : null,
      job: job ? { id: job.id, fileName: job.fileName, status: job.status, progress: progress ?? job.progress ?? null } : null,
      temps: tel.temps ?? null,
      powerW: typeof tel.powerW === 'number' ? tel.powerW : null,
      progress,
      lastActivityAt: live?.lastActivityAt ?? iso(session?.startedAt) ?? null,
      alarm: m.status === 'to_check' ? (live?.alarm ?? null) : null,
    };
  }

  /** The site's alerts, without those a manager acknowledged; keeps track of unattended machines. */
  async alerts(f: SiteFacts, now = Date.now()): Promise<Alert[]> {
    const acknowledged = await this.acknowledged(f.site.id);
    const silent = [...f.bridges.values()].flatMap((b) => {
      const since = silentSince(b, this.silentMs, now);
      return since ? [{ bridgeId: b.id, slug: b.slug, since: since.toISOString() }] : [];
    });
    return alertsFor(
      f.machines.map((m) => this.machineFacts(m, f, now)),
      acknowledged,
      f.maintenanceDue,
      silent,
    );
  }

  /** Whether some machine of the site is working unattended but not yet for the grace period. */
  hasPendingUnattended(f: SiteFacts, now = Date.now()): boolean {
    return f.machines.some((m) => {
      const since = this.live.get(m.id)?.unattendedSince;
      return !!since && now - Date.parse(since) < this.graceMs;
    });
  }

  private machineFacts(m: Machine, f: SiteFacts, now: number): MachineFacts {
    const live = this.live.get(m.id);
    const tel = this.telemetryOf(live, now);
    const bridge = m.bridgeId ? f.bridges.get(m.bridgeId) : undefined;
    const base = {
      machineId: m.id,
      name: m.name,
      status: m.status,
      statusReason: m.statusReason,
      statusSetAt: iso(m.statusSetAt),
      bridgeId: m.bridgeId,
      bridgeSlug: bridge?.slug ?? null,
      bridgeOnline: m.bridgeId ? (bridge?.online ?? false) : null,
      bridgeLastSeenAt: iso(bridge?.lastSeenAt),
      bridgeState: live?.bridgeState ?? null,
      hasSession: f.sessions.has(m.id),
      powerW: typeof tel.powerW === 'number' ? tel.powerW : null,
      progressRising: this.progressRising(m.id, tel.progress, now),
      alarms: live?.alarm ? [live.alarm] : [],
    };
    const since = this.trackUnattended(m, live, isUnattended(base), now);
    return { ...base, unattendedSince: since && now - Date.parse(since) >= this.graceMs ? since : null };
  }

  /**
   * Progress went up in the last two minutes. Kept as a time, not a comparison with the previous
   * reading, so computing the alerts twice in a row (a snapshot, then a batch) gives the same answer.
   */
  private progressRising(machineId: string, progress: number | undefined, now: number): boolean {
    if (typeof progress !== 'number' || progress >= 1) return false;
    const seen = this.progressSeen.get(machineId);
    if (!seen || progress !== seen.value) {
      this.progressSeen.set(machineId, { value: progress, roseAt: seen && progress > seen.value ? now : (seen?.roseAt ?? 0) });
    }
    return now - (this.progressSeen.get(machineId)?.roseAt ?? 0) < PROGRESS_FRESH_MS;
  }

  private trackUnattended(m: Machine, live: MachineLive | undefined, unattended: boolean, now: number): string | null {
    const since = live?.unattendedSince ?? null;
    const base = { machineId: m.id, siteId: m.siteId, slug: m.slug };
    if (unattended && !since) {
      const at = new Date(now).toISOString();
      this.live.note(base, { unattendedSince: at });
      return at;
    }
    if (!unattended && since) this.live.note(base, { unattendedSince: null });
    return unattended ? since : null;
  }

  private async acknowledged(siteId: string): Promise<Set<string>> {
    const rows = await this.actions.find({
      where: { siteId, action: 'alert.ack', at: MoreThan(new Date(Date.now() - ACK_MEMORY_MS)) },
      select: { alertKey: true },
    });
    return new Set(rows.map((r) => r.alertKey!).filter(Boolean));
  }

  private async feed(f: SiteFacts): Promise<DashboardFeedItem[]> {
    const rows = await this.access.latestDecisions(f.site.id, FEED_SIZE);
    const names = await this.siteFacts.namesOf(rows.map((r) => r.personId));
    const machineNames = new Map(f.machines.map((m) => [m.id, m.name]));
    return rows.map((d) => ({
      id: d.requestId,
      machineId: d.machineId,
      machineName: machineNames.get(d.machineId) ?? '?',
      decision: d.decision,
      reason: d.reason,
      displayName: d.personId ? (names.get(d.personId) ?? null) : null,
      message: d.messageFr,
      at: d.decidedAt.toISOString(),
      offline: d.source === 'offline',
    }));
  }

  async recentActions(siteId: string, f?: SiteFacts, limit = ACTIONS_SIZE): Promise<DashboardAction[]> {
    const rows = await this.actions.find({ where: { siteId }, order: { at: 'DESC' }, take: limit });
    return this.describeActions(rows, f);
  }

  async describeActions(rows: ManagerAction[], f?: SiteFacts): Promise<DashboardAction[]> {
    const names = await this.siteFacts.namesOf(rows.map((r) => r.personId));
    const machineIds = [...new Set(rows.map((r) => r.machineId).filter((id): id is string => !!id))];
    const machines = f?.machines ?? (await this.machines.byIds(machineIds));
    const machineNames = new Map(machines.map((m) => [m.id, m.name]));
    return rows.map((r) => ({
      id: r.id,
      action: r.action,
      machineId: r.machineId,
      machineName: r.machineId ? (machineNames.get(r.machineId) ?? null) : null,
      personName: names.get(r.personId) ?? '?',
      reason: r.reason,
      alertKey: r.alertKey,
      at: r.at.toISOString(),
    }));
  }
}

function iso(d: Date | string | null | undefined): string | null {
  if (!d) return null;
  return d instanceof Date ? d.toISOString() : new Date(d).toISOString();
}
