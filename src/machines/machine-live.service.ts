import { Injectable, Logger, OnModuleDestroy, OnModuleInit, Optional } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type IORedis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { createRedis } from '../infra/queue/redis';
import { RealtimeService } from '../infra/realtime/realtime.service';

/** What a wall screen shows of a machine right now; kept in memory, rebuilt from retained MQTT state. */
export interface MachineLive {
  machineId: string;
  siteId: string;
  slug: string;
  bridgeState?: string;
  jobId?: string;
  telemetry?: Record<string, unknown>;
  /** When the latest telemetry arrived (server clock). */
  telemetryAt?: string;
  holder?: { personId: string | null; displayName: string; sessionId: string; until: string } | null;
  lastDecision?: { decision: string; reason?: string; displayName?: string; message: string; at: string };
  lastActivityAt?: string;
  /** Smart-plug interlock: reachable, and switched on. */
  plugOnline?: boolean;
  plugOn?: boolean;
  /** The latest alarm the bridge reported. */
  alarm?: { code: string; message?: string; at: string } | null;
  /** When the machine was first seen working with nobody's session on it (dashboard alerts). */
  unattendedSince?: string | null;
}

type Base = Pick<MachineLive, 'machineId' | 'siteId' | 'slug'>;
/** Told of telemetry read on this instance (a bridge's or a smart plug's), not of copies shared by others. */
export type LocalTelemetryListener = (base: Base, telemetry: Record<string, unknown>) => void;

const TELEMETRY_PUSH_MS = 250;

/**
 * The live picture of every machine. With an external broker, state and telemetry reach one app
 * instance each (shared subscriptions), so every change is also shared over Redis: whichever
 * instance a wall screen reconnects to has the whole picture. The embedded broker, or no REDIS_URL,
 * means one instance, so nothing is shared then.
 */
@Injectable()
export class MachineLiveService implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('MachineLive');
  private readonly live = new Map<string, MachineLive>();
  /** Machines whose telemetry changed since the last push; all pushed together by one timer. */
  private readonly pendingTelemetry = new Set<string>();
  private telemetryTimer?: NodeJS.Timeout;
  private readonly origin = randomUUID();
  /** How this instance's own messages begin (JSON.stringify writes `origin` first). */
  private readonly ownPrefix = `{"origin":"${this.origin}"`;
  private readonly localTelemetry: LocalTelemetryListener[] = [];
  /** Changes of this turn of the loop not yet shared (shareTurn). */
  private unshared: Array<{ base: Base; patch: Partial<MachineLive> }> = [];
  private pub?: IORedis;
  private sub?: IORedis;

  constructor(
    private readonly realtime: RealtimeService,
    @Optional() private readonly config?: AppConfig,
  ) {}

  private get channel() {
    return `${this.config!.env.QUEUE_PREFIX}:machine-live`;
  }

  async onModuleInit(): Promise<void> {
    if (this.config?.mqtt.mode !== 'external' || !this.config.env.REDIS_URL) return; // one instance: nothing to share
    this.pub = createRedis(this.config.env.REDIS_URL, { enableAutoPipelining: true }); // one write per turn of the loop
    this.sub = createRedis(this.config.env.REDIS_URL);
    this.pub.on('error', () => undefined);
    this.sub.on('error', (err) => this.log.warn(`Redis: ${err.message}`));
    await this.sub.subscribe(this.channel);
    this.sub.on('message', (_channel, raw) => this.receive(raw));
  }

  onModuleDestroy(): void {
    clearTimeout(this.telemetryTimer);
    this.pendingTelemetry.clear();
    this.sub?.disconnect();
    this.pub?.disconnect();
  }

  get(machineId: string): MachineLive | undefined {
    return this.live.get(machineId);
  }

  ofSite(siteId: string): MachineLive[] {
    return [...this.live.values()].filter((m) => m.siteId === siteId);
  }

  update(base: Base, patch: Partial<MachineLive>, event?: string): MachineLive {
    const next = this.merge(base, { ...patch, lastActivityAt: new Date().toISOString() });
    this.share(base, patch, next.lastActivityAt);
    if (event) this.realtime.toSite(base.siteId, event, next);
    return next;
  }

  /** A bookkeeping change that is not activity on the machine (no push, no "last activity"). */
  note(base: Base, patch: Partial<MachineLive>): void {
    this.merge(base, patch);
    this.share(base, patch);
  }

  /** The telemetry sampler listens here: each instance keeps what it read itself, so they do not all write every machine. */
  onLocalTelemetry(listener: LocalTelemetryListener): void {
    this.localTelemetry.push(listener);
  }

  /**
   * Telemetry may come at 1 Hz from thousands of machines: it is folded into the live state at
   * once, and pushed (screens, other instances) at most every 250 ms, all machines in one go: one
   * timer, one message per site to the screens and one to Redis, whatever the number of machines.
   */
  telemetry(base: Base, telemetry: Record<string, unknown>): void {
    const now = new Date().toISOString();
    const prev = this.live.get(base.machineId);
    if (prev) {
      // In place: the same machine reports every second, a copy each time is garbage.
      prev.telemetry = telemetry;
      prev.telemetryAt = now;
      prev.lastActivityAt = now;
    } else this.live.set(base.machineId, { ...base, telemetry, telemetryAt: now, lastActivityAt: now });
    for (const listener of this.localTelemetry) listener(base, telemetry);
    this.pendingTelemetry.add(base.machineId);
    if (this.telemetryTimer) return;
    this.telemetryTimer = setTimeout(() => this.pushTelemetry(), TELEMETRY_PUSH_MS);
    this.telemetryTimer.unref();
  }

  private pushTelemetry(): void {
    this.telemetryTimer = undefined;
    const bySite = new Map<string, Array<{ machineId: string; slug: string; telemetry?: Record<string, unknown> }>>();
    const shared: Array<{ base: Base; patch: Partial<MachineLive> }> = [];
    for (const machineId of this.pendingTelemetry) {
      const m = this.live.get(machineId);
      if (!m) continue;
      shared.push({
        base: { machineId, siteId: m.siteId, slug: m.slug },
        patch: { telemetry: m.telemetry, telemetryAt: m.telemetryAt, lastActivityAt: m.lastActivityAt },
      });
      let site = bySite.get(m.siteId);
      if (!site) bySite.set(m.siteId, (site = []));
      site.push({ machineId, slug: m.slug, telemetry: m.telemetry });
    }
    this.pendingTelemetry.clear();
    if (this.pub && shared.length) {
      this.pub
        .publish(this.channel, JSON.stringify({ origin: this.origin, changes: shared }))
        .catch((err) => this.log.warn(`live state not shared: ${err.message}`));
    }
    for (const [siteId, machines] of bySite) this.realtime.toSite(siteId, 'machines.telemetry', { machines });
  }

  private merge(base: Base, patch: Partial<MachineLive>): MachineLive {
    const next = { ...(this.live.get(base.machineId) ?? base), ...patch };
    this.live.set(base.machineId, next);
    return next;
  }

  /**
   * Shared with the other instances once per turn of the event loop, all changes of the turn in one
   * message, in order: a badge changes its machine's picture two or three times (issue 16), and
   * every instance reads every message.
   */
  private share(base: Base, patch: Partial<MachineLive>, lastActivityAt?: string): void {
    if (!this.pub) return;
    this.unshared.push({ base, patch: lastActivityAt ? { ...patch, lastActivityAt } : patch });
    if (this.unshared.length === 1) setImmediate(() => this.shareTurn());
  }

  private shareTurn(): void {
    const changes = this.unshared;
    this.unshared = [];
    if (!this.pub || !changes.length) return;
    this.pub.publish(this.channel, JSON.stringify({ origin: this.origin, changes })).catch((err) => this.log.warn(`live state not shared: ${err.message}`));
  }

  private receive(raw: string): void {
    if (raw.startsWith(this.ownPrefix)) return; // our own message back from Redis: a telemetry one holds every machine, not worth parsing
    try {
      const msg = JSON.parse(raw) as {
        origin: string;
        base?: Base;
        patch?: Partial<MachineLive>;
        changes?: Array<{ base: Base; patch: Partial<MachineLive> }>;
      };
      if (msg.origin === this.origin) return;
      if (msg.base && msg.patch) this.merge(msg.base, msg.patch); // one change a message: an instance of the previous version, mid-upgrade
      for (const c of msg.changes ?? []) this.merge(c.base, c.patch);
    } catch {
      this.log.warn('unreadable live state ignored');
    }
  }
}
