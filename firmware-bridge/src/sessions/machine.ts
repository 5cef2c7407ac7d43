import { randomUUID } from 'node:crypto';
import type { MachineConfig } from '../config';
import type { Access, Cmd } from '../mqtt/schemas';
import type { MachineHardware, MachineOutbox, JobController } from './ports';
import { decideOffline, AllowList } from '../allowlist/allowlist';
import { JobRunner, JobSource } from '../jobs/job-runner';
import { nowIso } from '../util/time';
import { createLogger, Logger } from '../util/log';
import { DisplayMessage, deniedMessage, offlineDeniedMessage } from '../display/messages';

export type EndReason = 'badge_out' | 'idle_timeout' | 'power_off' | 'manual' | 'expired';

interface Session {
  sessionId: string;
  uid?: string;
  offline: boolean;
  leaseTimer?: NodeJS.Timeout;
  graceTimer?: NodeJS.Timeout;
  /** The holder presented the card again during the grace: the server's next unlock resumes. */
  rebadged?: boolean;
  /** An end that waits for the work (job or power draw) to stop. */
  pendingEnd?: EndReason;
  poweredDuring: boolean;
}

export interface MachineDeps {
  slug: string;
  config: MachineConfig;
  hardware: MachineHardware;
  out: MachineOutbox;
  allowList: () => AllowList | undefined;
  controller?: JobController;
  jobSource?: JobSource;
  accessTimeoutMs: number;
  /** Whether the server can be reached right now (an unanswered badge then waits the timeout). */
  online: () => boolean;
}

const STALE_CMD_MS = 30_000;

/**
 * One machine's access rules at the machine: badge in/out, lease, grace, idle, power, and the
 * job that must never be cut. The server decides; this class acts on `cmd` and falls back to
 * the signed allow-list when the server does not answer.
 */
export class MachineController {
  private session?: Session;
  private pendingBadges = new Map<string, { uid: string; timer: NodeJS.Timeout }>();
  private grantedUids = new Map<string, string>();
  private lastBadgeUid?: string;
  private powerMa = 0;
  private powerOn = false;
  private powerOffTimer?: NodeJS.Timeout;
  private idleTimer?: NodeJS.Timeout;
  private alarmLatched = false;
  private controllerOnline = true;
  private lastTelemetry = 0;
  /** The bridge is stopping: it finishes the jobs it runs and starts no other. */
  private closing = false;
  readonly jobs?: JobRunner;
  private log: Logger;

  constructor(private readonly d: MachineDeps) {
    this.log = createLogger(`machine:${d.slug}`);
    if (d.controller && d.jobSource) {
      this.jobs = new JobRunner(d.controller, d.jobSource, {
        event: (t, f) => {
          d.out.event(t, f);
          this.jobCue(t);
        },
        onChange: () => this.publishState(),
        onFinished: () => this.afterWork(),
      });
      d.controller.on('telemetry', (t) => this.telemetry(t));
      d.controller.on('alarm', (a: { code: string; message: string }) => this.alarm(a.code, a.message));
      // Klipper ready again after a shutdown (a person restarted it): the machine is no longer in error.
      d.controller.on('alarm-cleared', () => this.clearAlarm());
    }
  }

  get slug() {
    return this.d.slug;
  }
  sessionId() {
    return this.session?.sessionId;
  }

  /** Whether power must not be cut now: a job runs or the machine draws power. */
  busy(): boolean {
    return !!this.jobs?.active() || this.powerOn;
  }

  currentState(): string {
    if (this.jobs?.active()) return this.jobs.paused() ? 'paused' : 'running';
    if (this.alarmLatched) return 'error';
    if (!this.controllerOnline) return 'offline';
    return this.session ? 'unlocked' : 'locked';
  }

  publishState() {
    const p: Record<string, unknown> = { state: this.currentState(), ts: nowIso() };
    if (this.session) p.sessionId = this.session.sessionId;
    const jobId = this.jobs?.jobId();
    if (jobId) p.jobId = jobId;
    this.d.out.state(p);
  }

  setControllerOnline(online: boolean) {
    this.controllerOnline = online;
    this.publishState();
  }

  alarm(code: string, message: string) {
    // A controller alarm (GRBL ALARM, Marlin halted) keeps the machine in `error` until cleared;
    // a paused job or a failing accessory does not.
    if (!['board_failed', 'job_paused', 'device_offline'].includes(code)) this.alarmLatched = true;
    this.d.out.event('alarm', { code, message });
    this.publishState();
  }

  clearAlarm() {
    this.alarmLatched = false;
    this.publishState();
  }

  // ---- badges -------------------------------------------------------------------------------

  onBadge(uid: string) {
    const s = this.session;
    // The bridge knows the session's card: a second read is a badge-out (MQTT contract).
    if (s && s.uid === uid && !s.graceTimer) {
      this.badgeOut();
      return;
    }
    this.lastBadgeUid = uid;
    const requestId = randomUUID();
    const timer = setTimeout(() => this.noAnswer(requestId), this.d.accessTimeoutMs);
    this.pendingBadges.set(requestId, { uid, timer });
    this.d.out.badge({ requestId, uid, ts: nowIso() });
  }

  onBadgeRemoved(uid: string) {
    if (!this.d.config.endSessionOnBadgeRemoved) return;
    if (this.session && this.session.uid === uid && !this.session.graceTimer) this.badgeOut();
  }

  /** `access`: only what to show; the relay moves on `cmd` (audited separately). */
  onAccess(a: Access) {
    const pending = this.pendingBadges.get(a.requestId);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.pendingBadges.delete(a.requestId);
    this.log.info(`decision for ${pending.uid}: ${a.decision}${a.decision === 'denied' ? ` (${a.reason})` : ''}`);
    if (a.decision === 'denied') return this.refuse({ key: deniedMessage(a.reason) });
    this.grantedUids.set(a.sessionId, pending.uid);
    if (this.grantedUids.size > 32) this.grantedUids.delete(this.grantedUids.keys().next().value as string);
    const s = this.session;
    // The holder's card again during the grace: the server grants the same session (MQTT
    // contract); its unlock then calls the grace off, a mere renewal never does.
    if (s && s.sessionId === a.sessionId && s.graceTimer) s.rebadged = true;
    else this.show({ key: 'granted', vars: { name: a.person.displayName } });
  }

  private refuse(message: DisplayMessage) {
    this.show(message);
    void this.safe(() => this.d.hardware.led('red'));
    void this.safe(() => this.d.hardware.beep(400));
  }

  private show(message: DisplayMessage) {
    void this.safe(() => this.d.hardware.show(message));
  }

  /** No answer in time: the signed allow-list decides, and the decision is replayed later. */
  private noAnswer(requestId: string) {
    const pending = this.pendingBadges.get(requestId);
    if (!pending) return;
    this.pendingBadges.delete(requestId);
    const d = decideOffline(this.d.allowList(), this.d.slug, pending.uid);
    this.d.out.event('offline.decision', { uid: pending.uid, decision: d.decision, reason: d.reason, machine: this.d.slug, requestId });
    this.log.info(`offline decision for ${pending.uid}: ${d.decision} (${d.reason})`);
    if (d.decision === 'granted') {
      if (this.session) return; // one session per machine
      const leaseMs = Math.max(1000, Math.min(Date.parse(d.until) - Date.now(), 8 * 3600_000));
      this.openSession(randomUUID(), pending.uid, true, leaseMs);
      this.show({ key: 'granted_offline' });
    } else {
      this.refuse({ key: offlineDeniedMessage(d.reason) });
    }
  }

  // ---- commands -----------------------------------------------------------------------------

  async onCmd(cmd: Cmd) {
    // A command older than 30 s is ignored so that a stale unlock is never replayed.
    const age = Date.now() - Date.parse(cmd.ts);
    if (age > STALE_CMD_MS) {
      this.log.warn(`ignoring stale ${cmd.type} (${Math.round(age / 1000)} s old)`);
      this.d.out.event('cmd.ack', { commandId: cmd.commandId, ok: false, error: 'stale_command' });
      return;
    }
    try {
      await this.apply(cmd);
      this.d.out.event('cmd.ack', { commandId: cmd.commandId, ok: true });
    } catch (e) {
      this.d.out.event('cmd.ack', { commandId: cmd.commandId, ok: false, error: (e as Error).message });
    }
  }

  private async apply(cmd: Cmd) {
    switch (cmd.type) {
      case 'unlock':
        return this.unlock(cmd.sessionId, cmd.leaseSeconds);
      case 'lock':
        if (!this.session) return;
        if (cmd.sessionId && cmd.sessionId !== this.session.sessionId) throw new Error('unknown_session');
        return this.endSession('manual');
      case 'start_job':
        if (!this.jobs) throw new Error('no_job_controller');
        if (this.closing) throw new Error('bridge_stopping');
        return this.jobs.start(cmd);
      case 'pause_job':
        if (!this.jobs) throw new Error('no_job_controller');
        return this.jobs.pause(cmd.jobId);
      case 'resume_job':
        if (!this.jobs) throw new Error('no_job_controller');
        return this.jobs.resume(cmd.jobId);
      case 'cancel_job':
        if (!this.jobs) throw new Error('no_job_controller');
        return this.jobs.cancel(cmd.jobId);
    }
  }

  private unlock(sessionId: string, leaseSeconds: number) {
    const s = this.session;
    if (s && (s.sessionId === sessionId || s.offline)) {
      // A renewal (or the server taking over a session opened offline) extends the lease. It
      // never calls off a badge-out: only the holder's card presented again does.
      s.sessionId = sessionId;
      s.offline = false;
      this.armLease(s, leaseSeconds * 1000);
      if (s.graceTimer && s.rebadged) this.resume(s);
      else if (s.graceTimer) this.log.info(`lease of ${sessionId} renewed during the badge-out grace: the session still ends`);
      this.publishState();
      return;
    }
    if (s) throw new Error('another_session_open');
    const uid = this.grantedUids.get(sessionId) ?? this.lastBadgeUid;
    this.openSession(sessionId, uid, false, leaseSeconds * 1000);
  }

  /** The holder came back during the grace: the session goes on. */
  private resume(s: Session) {
    clearTimeout(s.graceTimer);
    s.graceTimer = undefined;
    s.rebadged = false;
    s.pendingEnd = undefined;
    this.log.info(`session ${s.sessionId} resumed: the holder presented the card again`);
    void this.safe(() => this.d.hardware.led('green'));
    this.show({ key: 'grace_cancelled' });
  }

  private openSession(sessionId: string, uid: string | undefined, offline: boolean, leaseMs: number) {
    const s: Session = { sessionId, uid, offline, poweredDuring: this.powerOn };
    this.session = s;
    this.armLease(s, leaseMs);
    this.armIdle();
    this.log.info(`relay on: session ${sessionId}${offline ? ' (offline)' : ''}${uid ? ` for ${uid}` : ''}`);
    void this.safe(() => this.d.hardware.relay(true));
    void this.safe(() => this.d.hardware.led('green'));
    void this.safe(() => this.d.hardware.beep(100));
    this.publishState();
  }

  private armLease(s: Session, ms: number) {
    clearTimeout(s.leaseTimer);
    s.leaseTimer = setTimeout(() => {
      // The lease ran out: lock, unless the machine is busy (the lock then waits).
      if (this.session === s) this.endSession('expired');
    }, ms);
  }

  private armIdle() {
    clearTimeout(this.idleTimer);
    if (!this.session) return;
    this.idleTimer = setTimeout(() => {
      if (!this.session) return;
      if (this.busy()) return this.armIdle();
      this.endSession('idle_timeout');
    }, this.d.config.idleTimeoutSeconds * 1000);
  }

  /** Badge-out: the relay stays on for the grace period, with a warning beep. */
  badgeOut() {
    const s = this.session;
    if (!s || s.graceTimer) return;
    const graceMs = this.d.config.graceSeconds * 1000;
    if (graceMs <= 0) return this.endSession('badge_out');
    void this.safe(() => this.d.hardware.led('amber', true));
    void this.safe(() => this.d.hardware.beep(300));
    this.show({ key: 'grace', vars: { seconds: this.d.config.graceSeconds } });
    this.log.info(`badge-out: session ${s.sessionId} ends in ${this.d.config.graceSeconds} s`);
    // Tells the server to stop renewing the lease: a session being closed is not kept alive.
    const endsAt = new Date(Date.now() + graceMs).toISOString();
    this.d.out.event('session.closing', { sessionId: s.sessionId, endsAt });
    s.graceTimer = setTimeout(() => {
      if (this.session === s) this.endSession('badge_out');
    }, graceMs);
  }

  /** Ends the session now, or as soon as the work stops: a running job is never cut. */
  endSession(reason: EndReason) {
    const s = this.session;
    if (!s) return;
    if (this.busy()) {
      if (!s.pendingEnd) {
        this.log.info(`session end (${reason}) waits for the work to stop`);
        this.show({ key: 'end_waits_job' });
      }
      s.pendingEnd ??= reason;
      return;
    }
    clearTimeout(s.leaseTimer);
    clearTimeout(s.graceTimer);
    clearTimeout(this.idleTimer);
    clearTimeout(this.powerOffTimer);
    this.session = undefined;
    this.log.info(`relay off: session ${s.sessionId} ended (${reason})`);
    void this.safe(() => this.d.hardware.relay(false));
    void this.safe(() => this.d.hardware.led('off'));
    this.show({ key: 'session_ended' });
    this.d.out.event('session.ended', { sessionId: s.sessionId, reason });
    this.publishState();
  }

  /** The work stopped (job ended, power dropped): a waiting end happens now. */
  private afterWork() {
    this.publishState();
    const s = this.session;
    if (s?.pendingEnd && !this.busy()) this.endSession(s.pendingEnd);
    else this.armIdle();
  }

  // ---- power --------------------------------------------------------------------------------

  onCurrent(milliamps: number) {
    this.powerMa = milliamps;
    const above = milliamps >= this.d.config.powerThresholdMa;
    this.d.out.telemetry({ powerW: Math.round((milliamps / 1000) * 230 * 10) / 10 });
    if (above && !this.powerOn) {
      this.powerOn = true;
      clearTimeout(this.powerOffTimer);
      if (this.session) this.session.poweredDuring = true;
      this.d.out.event('power.on', { milliamps });
    } else if (!above && this.powerOn) {
      this.powerOn = false;
      this.d.out.event('power.off', { milliamps });
      const s = this.session;
      if (s?.pendingEnd) return this.afterWork();
      if (s && s.poweredDuring) {
        clearTimeout(this.powerOffTimer);
        this.powerOffTimer = setTimeout(() => {
          if (this.session === s && !this.powerOn) this.endSession('power_off');
        }, this.d.config.powerOffSeconds * 1000);
      }
    }
    if (above) this.armIdle();
  }

  /** What the person sees and hears when a (queued) job starts or ends. */
  private jobCue(type: string) {
    if (type === 'job.started') {
      this.show({ key: 'job_started' });
      void this.safe(() => this.d.hardware.led('green', true));
      void this.safe(() => this.d.hardware.beep(150));
    } else if (type === 'job.completed' || type === 'job.failed') {
      this.show({ key: type === 'job.completed' ? 'job_completed' : 'job_failed' });
      void this.safe(() => this.d.hardware.led(this.session ? 'green' : 'off'));
    }
  }

  /** Stopping: no new job; the running one is left to finish. */
  refuseNewJobs() {
    this.closing = true;
  }

  runningJob(): string | undefined {
    return this.jobs?.active() ? (this.jobs.jobId() ?? 'starting') : undefined;
  }

  private telemetry(t: Record<string, unknown>) {
    const now = Date.now();
    if (now - this.lastTelemetry < 1000) return;
    this.lastTelemetry = now;
    this.d.out.telemetry(t as any);
  }

  private async safe(fn: () => Promise<void> | void) {
    try {
      await fn();
    } catch (e) {
      this.log.warn('hardware action failed', e);
    }
  }

  stop() {
    for (const p of this.pendingBadges.values()) clearTimeout(p.timer);
    if (this.session) {
      clearTimeout(this.session.leaseTimer);
      clearTimeout(this.session.graceTimer);
    }
    clearTimeout(this.idleTimer);
    clearTimeout(this.powerOffTimer);
  }
}
