/**
 * Alerts that need a human on the wall screen. One pure function, so the rules read in one place
 * and are tested without a server.
 */

/** Alarm codes the firmware-bridge uses when a device itself failed (firmware-bridge/src: fablab-board, bridge, grbl, marlin). */
export const DEVICE_FAILURE_CODES = ['board_failed', 'device_offline', 'grbl_no_reply', 'marlin_no_reply'];

/** Above this draw, a machine is working (a laser tube or a heated bed), not idling. */
export const RUNNING_POWER_W = 100;

/** Bridge states in which the machine can be used: with no session, someone is on it unchecked. */
const WORKING_STATES = ['running', 'unlocked'];

export type AlertKind = 'alarm' | 'device_failed' | 'bridge_offline' | 'bridge_silent' | 'unattended' | 'maintenance_due';

export interface Alert {
  /** `kind:subject:since(ms)`: stable while the situation lasts, new when it happens again. */
  key: string;
  kind: AlertKind;
  machineId?: string;
  machineName?: string;
  bridgeId?: string;
  bridgeSlug?: string;
  /** For a bridge: the machines it serves. */
  machines?: string[];
  message: string;
  since: string;
}

export interface AlarmSeen {
  code: string;
  message?: string;
  at: string;
}

export interface MachineFacts {
  machineId: string;
  name: string;
  status: string;
  statusReason: string | null;
  statusSetAt: string | null;
  bridgeId: string | null;
  bridgeSlug: string | null;
  bridgeOnline: boolean | null;
  bridgeLastSeenAt: string | null;
  bridgeState: string | null;
  hasSession: boolean;
  powerW: number | null;
  /** Job progress went up recently. */
  progressRising: boolean;
  alarms: AlarmSeen[];
  /** When the machine was first seen working with no session (kept by the caller). */
  unattendedSince: string | null;
}

export const isDeviceFailure = (code: string) => DEVICE_FAILURE_CODES.includes(code);

/** Is the machine working while nobody has a session on it? (The bridge must be reachable to tell.) */
export function isUnattended(m: Omit<MachineFacts, 'unattendedSince'>): boolean {
  if (m.hasSession || m.bridgeOnline === false) return false;
  return (m.bridgeState !== null && WORKING_STATES.includes(m.bridgeState)) || (m.powerW ?? 0) > RUNNING_POWER_W || m.progressRising;
}

const ms = (iso: string | null) => (iso ? new Date(iso).getTime() : 0);

/** A preventive task whose hours of use are reached (machine care, src/maintenance). */
export interface MaintenanceDue {
  planId: string;
  machineId: string;
  task: string;
  dueAt: string;
}

/** A bridge online as its connection says, but with no heartbeat for the silence threshold (BridgeSilence). */
export interface SilentBridge {
  bridgeId: string;
  slug: string;
  /** Its last sign of life. */
  since: string;
}

/** The alerts of a site, newest first, without those a manager acknowledged. */
export function alertsFor(machines: MachineFacts[], acknowledged: Set<string> = new Set(), due: MaintenanceDue[] = [], silent: SilentBridge[] = []): Alert[] {
  const alerts: Alert[] = [];
  const names = new Map(machines.map((m) => [m.machineId, m.name]));
  for (const d of due) {
    // Keyed by when it fell due: seen once, it comes back only when due again after being done.
    alerts.push({
      key: `maintenance_due:${d.planId}:${ms(d.dueAt)}`,
      kind: 'maintenance_due',
      machineId: d.machineId,
      machineName: names.get(d.machineId),
      message: d.task,
      since: d.dueAt,
    });
  }
  for (const m of machines) {
    if (m.status === 'to_check') {
      const last = m.alarms[m.alarms.length - 1];
      const device = last && isDeviceFailure(last.code);
      const since = m.statusSetAt ?? last?.at ?? new Date(0).toISOString();
      alerts.push({
        key: `${device ? 'device_failed' : 'alarm'}:${m.machineId}:${ms(since)}`,
        kind: device ? 'device_failed' : 'alarm',
        machineId: m.machineId,
        machineName: m.name,
        message: device ? `${last.code}${last.message ? ` : ${last.message}` : ''}` : (m.statusReason ?? last?.code ?? ''),
        since,
      });
    }
    if (m.unattendedSince) {
      alerts.push({
        key: `unattended:${m.machineId}:${ms(m.unattendedSince)}`,
        kind: 'unattended',
        machineId: m.machineId,
        machineName: m.name,
        message: m.bridgeState ?? (m.powerW !== null ? `${Math.round(m.powerW)} W` : ''),
        since: m.unattendedSince,
      });
    }
  }
  const offline = new Map<string, MachineFacts[]>();
  for (const m of machines) if (m.bridgeId && m.bridgeOnline === false) offline.set(m.bridgeId, [...(offline.get(m.bridgeId) ?? []), m]);
  for (const [bridgeId, served] of offline) {
    const since = served[0].bridgeLastSeenAt ?? new Date(0).toISOString();
    alerts.push({
      key: `bridge_offline:${bridgeId}:${ms(since)}`,
      kind: 'bridge_offline',
      bridgeId,
      bridgeSlug: served[0].bridgeSlug ?? undefined,
      machines: served.map((m) => m.name),
      message: served.map((m) => m.name).join(', '),
      since,
    });
  }
  for (const b of silent) {
    // Its status still says online (its TCP connection lives): only the missing heartbeats tell.
    const served = machines.filter((m) => m.bridgeId === b.bridgeId).map((m) => m.name);
    alerts.push({
      key: `bridge_silent:${b.bridgeId}:${ms(b.since)}`,
      kind: 'bridge_silent',
      bridgeId: b.bridgeId,
      bridgeSlug: b.slug,
      machines: served,
      message: served.join(', '),
      since: b.since,
    });
  }
  return alerts.filter((a) => !acknowledged.has(a.key)).sort((a, b) => ms(b.since) - ms(a.since));
}
