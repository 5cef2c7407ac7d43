/**
 * What the managers' wall screen receives (docs/dashboard.md). A browser joins `/live` with
 * `auth: { view: 'dashboard', siteId }`, gets `dashboard.snapshot` at once (on every connect, so
 * a reconnecting screen is current), then `dashboard.batch` at most every 500 ms per site.
 * An admin names the site (`siteId`; the first site by name otherwise); a failure arrives as
 * `live.error` `{ code, message }`.
 */
import type { Alert } from './alerts';

export type { Alert } from './alerts';

export interface TileHolder {
  /** Null: an anonymous visitor on a public computer (docs/free-access.md). */
  personId: string | null;
  displayName: string;
  sessionId: string;
  /** When the session started. */
  since: string;
}

export interface TileJob {
  id: string;
  fileName: string;
  status: string;
  /** 0…1, from the job or the bridge's telemetry. */
  progress: number | null;
}

export interface TileAlarm {
  code: string;
  message?: string;
  at: string;
}

/** One machine on the wall screen. */
export interface DashboardTile {
  machineId: string;
  name: string;
  slug: string;
  type: string;
  /** free, in_use, reserved, to_check, maintenance, disabled, offline */
  status: string;
  statusReason: string | null;
  statusSetAt: string | null;
  /** Who set the status by hand (a manager's display name), null when usage set it. */
  statusSetBy: string | null;
  bridgeId: string | null;
  /** null: the machine has no bridge. */
  bridgeOnline: boolean | null;
  /** The bridge's retained state: locked, unlocked, running, paused, error, offline. */
  bridgeState: string | null;
  /** null: no smart plug on this machine. */
  plugOnline: boolean | null;
  plugOn: boolean | null;
  holder: TileHolder | null;
  job: TileJob | null;
  temps: Record<string, { actual: number; target?: number }> | null;
  powerW: number | null;
  /** Telemetry progress 0…1 (also when no job of ours runs: a print started from the SD card). */
  progress: number | null;
  lastActivityAt: string | null;
  /** The latest alarm while the machine is to be checked. */
  alarm: TileAlarm | null;
}

/**
 * A tile change in a batch: the machine id and the fields that changed. After most events it is
 * the whole tile; after telemetry alone only temps, powerW, progress and lastActivityAt (show
 * `progress` over `job.progress` when it is not null).
 */
export type TilePatch = Partial<DashboardTile> & { machineId: string };

export interface DashboardFeedItem {
  /** The badge request's id (the offline event's id for a bridge's own decision): unique per decision. */
  id: string;
  machineId: string;
  machineName: string;
  decision: 'granted' | 'denied';
  reason: string | null;
  displayName: string | null;
  /** In French, as the badge reader said it. */
  message: string;
  at: string;
  /** Decided by the bridge from its signed allow-list while the server was out of reach. */
  offline: boolean;
}

export interface DashboardAction {
  id: string;
  action: string;
  machineId: string | null;
  machineName: string | null;
  personName: string;
  reason: string | null;
  alertKey: string | null;
  at: string;
}

export interface DashboardSnapshot {
  siteId: string;
  siteName: string;
  at: string;
  tiles: DashboardTile[];
  /** Newest first, at most 30. */
  feed: DashboardFeedItem[];
  /** Newest first, those not acknowledged. */
  alerts: Alert[];
  /** Newest first, at most 20. */
  actions: DashboardAction[];
}

export interface DashboardBatch {
  siteId: string;
  at: string;
  tiles: TilePatch[];
  /** New decisions, oldest first (prepend each to the feed). */
  feed: DashboardFeedItem[];
  /** The whole current list, present only when it changed. */
  alerts?: Alert[];
  /** New manager actions, oldest first. */
  actions: DashboardAction[];
}

export const DASHBOARD_SNAPSHOT = 'dashboard.snapshot';
export const DASHBOARD_BATCH = 'dashboard.batch';
/** Coalescing window: a busy lab sends a screen at most two batches a second per site. */
export const BATCH_MS = 500;
