import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Viewer } from '../common/viewer';
import { dashboardRoom, LiveJoin, RealtimeService } from '../infra/realtime/realtime.service';
import { RUNNING_POWER_W } from './alerts';
import { DashboardService } from './dashboard.service';
import { SiteFacts, SiteFactsReader } from './site-facts.reader';
import { BATCH_MS, DASHBOARD_BATCH, DASHBOARD_SNAPSHOT, DashboardAction, DashboardBatch, DashboardFeedItem, TilePatch } from './dashboard.types';

/** What changed on a site since its last batch. */
interface Pending {
  /** Machines whose tile is rebuilt whole. */
  full: Set<string>;
  /** Machines that only sent telemetry: a light patch, no database read. */
  telemetry: Set<string>;
  /** Every tile (a bridge came or went). */
  all: boolean;
  /** Alerts only (an unattended machine reaching its grace period). */
  alerts: boolean;
  feed: DashboardFeedItem[];
  actions: DashboardAction[];
  timer: NodeJS.Timeout;
}

/** Events that change a tile (and maybe the alerts): the tile is rebuilt from the database. */
const TILE_EVENTS = new Set([
  'machine.status',
  'machine.state',
  'machine.session',
  'session.ended',
  'machine.plug',
  'machine.alarm',
  'machine.event',
  'job.update',
  'booking.created',
  'booking.cancelled',
  'booking.no_show',
]);
const UNATTENDED_SWEEP_MS = 5_000;

/**
 * Coalesces a site's live events into one `dashboard.batch` every 500 ms at most, and greets every
 * wall screen that (re)connects with the whole picture. Each app instance batches the events it
 * handled itself; RealtimeService carries the batches to every screen. A site no screen shows,
 * on any instance, costs no batch (the alerts of every machine were read twice a second: issue 16).
 */
@Injectable()
export class DashboardBatcher implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('Dashboard');
  private readonly pending = new Map<string, Pending>();
  /** The alerts last sent per site (JSON), so unchanged lists are not sent again. */
  private readonly lastAlerts = new Map<string, string>();
  /** Sites with a machine working unattended, still inside its grace period. */
  private readonly unattendedSites = new Set<string>();
  private sweep?: NodeJS.Timeout;
  /** Flushes in progress (awaited on shutdown and by tests). */
  private readonly flushing = new Set<Promise<void>>();

  constructor(
    private readonly realtime: RealtimeService,
    private readonly dashboard: DashboardService,
    private readonly siteFacts: SiteFactsReader,
  ) {}

  onModuleInit(): void {
    this.realtime.onPush((siteId, event, payload) => this.observe(siteId, event, payload as Record<string, unknown>));
    this.realtime.onJoin((join) => this.greet(join));
    this.sweep = setInterval(() => this.unattendedSites.forEach((siteId) => (this.touch(siteId).alerts = true)), UNATTENDED_SWEEP_MS);
    this.sweep.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.sweep);
    this.pending.forEach((p) => clearTimeout(p.timer));
    this.pending.clear();
    await Promise.allSettled([...this.flushing]);
  }

  /** A wall screen (re)connected: the whole picture at once, so nothing missed while away is lost. */
  private async greet(join: LiveJoin): Promise<void> {
    if (join.view !== 'dashboard') return;
    try {
      const site = await this.dashboard.siteFor(join.viewer as Pick<Viewer, 'role' | 'siteId'>, join.requestedSiteId);
      await join.join(dashboardRoom(site.id));
      this.lastAlerts.delete(site.id); // the next batch says the alerts again, whatever this screen's snapshot held
      join.emit(DASHBOARD_SNAPSHOT, await this.dashboard.snapshotOf(site));
    } catch (err) {
      const body = (err as { response?: { message?: string } }).response;
      join.emit('live.error', { code: 'dashboard_failed', message: body?.message ?? "Le tableau de bord n'a pas pu être chargé." });
    }
  }

  /** Called by the dashboard's own actions: shown on every screen in the next batch. */
  actionTaken(siteId: string, action: DashboardAction): void {
    const p = this.touch(siteId);
    p.actions.push(action);
    if (action.machineId) p.full.add(action.machineId);
    p.alerts = true;
  }

  private observe(siteId: string, event: string, payload: Record<string, unknown> | null): void {
    const machineId = typeof payload?.machineId === 'string' ? payload.machineId : null;
    if (event === 'machines.telemetry') {
      const p = this.touch(siteId);
      for (const m of (payload?.machines as Array<{ machineId?: unknown }> | undefined) ?? [])
        if (typeof m.machineId === 'string') p.telemetry.add(m.machineId);
    } else if (event === 'access.decision') {
      const p = this.touch(siteId);
      p.feed.push(feedItem(payload!));
      if (machineId) p.full.add(machineId);
    } else if (event === 'bridge.status') {
      this.touch(siteId).all = true;
    } else if (event === 'bridge.silent' || event === 'bridge.heartbeat') {
      // A bridge fell silent, or was heard from again after: the alerts change, not the tiles.
      this.touch(siteId).alerts = true;
    } else if (TILE_EVENTS.has(event)) {
      const p = this.touch(siteId);
      if (machineId) p.full.add(machineId);
      p.alerts = true;
    }
  }

  private touch(siteId: string): Pending {
    let p = this.pending.get(siteId);
    if (p) return p;
    const timer = setTimeout(() => this.run(siteId), BATCH_MS);
    timer.unref();
    p = { full: new Set(), telemetry: new Set(), all: false, alerts: false, feed: [], actions: [], timer };
    this.pending.set(siteId, p);
    return p;
  }

  private run(siteId: string): void {
    const p = this.pending.get(siteId);
    this.pending.delete(siteId);
    if (!p) return;
    const work = this.flush(siteId, p).catch((err) => this.log.warn(`dashboard batch for ${siteId}: ${(err as Error).message}`));
    this.flushing.add(work);
    void work.finally(() => this.flushing.delete(work));
  }

  private async flush(siteId: string, p: Pending): Promise<void> {
    if (!this.realtime.watched([dashboardRoom(siteId)])) {
      // No screen shows this site, here or elsewhere: nothing is read. One that comes gets the whole picture.
      this.lastAlerts.delete(siteId);
      return;
    }
    this.escalateTelemetry(p);
    const light = !p.all && !p.alerts && !p.full.size && !p.feed.length && !p.actions.length;
    if (light) return this.send({ siteId, at: new Date().toISOString(), tiles: [...p.telemetry].map((id) => this.telemetryPatch(id)), feed: [], actions: [] });

    const facts = await this.siteFacts.facts(siteId);
    const dirty = p.all ? facts.machines : facts.machines.filter((m) => p.full.has(m.id) || p.telemetry.has(m.id));
    const batch: DashboardBatch = {
      siteId,
      at: new Date().toISOString(),
      tiles: dirty.map((m) => this.dashboard.tileOf(m, facts)),
      feed: p.feed.map((f) => withMachineName(f, facts)),
      actions: p.actions,
    };
    const alerts = await this.dashboard.alerts(facts);
    const json = JSON.stringify(alerts);
    if (this.lastAlerts.get(siteId) !== json) {
      this.lastAlerts.set(siteId, json);
      batch.alerts = alerts;
    }
    this.trackUnattended(siteId, facts);
    this.send(batch);
  }

  /** Telemetry of a machine nobody has a session on may mean it runs unattended: check it whole. */
  private escalateTelemetry(p: Pending): void {
    for (const id of p.telemetry) {
      const live = this.dashboard.liveOf(id);
      const tel = this.dashboard.telemetryOf(live);
      const working = (tel.powerW ?? 0) > RUNNING_POWER_W || typeof tel.progress === 'number';
      if ((!live?.holder && working) || live?.unattendedSince) p.full.add(id);
    }
  }

  private telemetryPatch(machineId: string): TilePatch {
    const live = this.dashboard.liveOf(machineId);
    const tel = this.dashboard.telemetryOf(live);
    return {
      machineId,
      temps: tel.temps ?? null,
      powerW: typeof tel.powerW === 'number' ? tel.powerW : null,
      progress: typeof tel.progress === 'number' ? tel.progress : null,
      lastActivityAt: live?.lastActivityAt ?? null,
    };
  }

  private trackUnattended(siteId: string, facts: SiteFacts): void {
    if (this.dashboard.hasPendingUnattended(facts)) this.unattendedSites.add(siteId);
    else this.unattendedSites.delete(siteId);
  }

  private send(batch: DashboardBatch): void {
    if (!batch.tiles.length && !batch.feed.length && !batch.actions.length && !batch.alerts) return;
    this.realtime.toDashboard(batch.siteId, DASHBOARD_BATCH, batch);
  }
}

function feedItem(d: Record<string, unknown>): DashboardFeedItem {
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    id: String(d.requestId ?? ''),
    machineId: String(d.machineId ?? ''),
    machineName: str(d.machineName) ?? '',
    decision: d.decision === 'granted' ? 'granted' : 'denied',
    reason: str(d.reason),
    displayName: str(d.displayName),
    message: str(d.message) ?? '',
    at: str(d.at) ?? new Date().toISOString(),
    offline: d.offline === true,
  };
}

const withMachineName = (f: DashboardFeedItem, facts: SiteFacts): DashboardFeedItem =>
  f.machineName ? f : { ...f, machineName: facts.machines.find((m) => m.id === f.machineId)?.name ?? '?' };
