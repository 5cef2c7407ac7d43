import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { RealtimeService } from '../infra/realtime/realtime.service';

/** What a wall screen shows of a machine right now; kept in memory, rebuilt from retained MQTT state. */
export interface MachineLive {
  machineId: string;
  siteId: string;
  slug: string;
  bridgeState?: string;
  jobId?: string;
  telemetry?: Record<string, unknown>;
  holder?: { personId: string; displayName: string; sessionId: string; until: string } | null;
  lastDecision?: { decision: string; reason?: string; displayName?: string; message: string; at: string };
  lastActivityAt?: string;
  /** Smart-plug interlock: reachable, and switched on. */
  plugOnline?: boolean;
  plugOn?: boolean;
}

const TELEMETRY_PUSH_MS = 250;

@Injectable()
export class MachineLiveService implements OnModuleDestroy {
  private readonly live = new Map<string, MachineLive>();
  private readonly pendingTelemetry = new Map<string, NodeJS.Timeout>();

  constructor(private readonly realtime: RealtimeService) {}

  onModuleDestroy(): void {
    this.pendingTelemetry.forEach((t) => clearTimeout(t));
    this.pendingTelemetry.clear();
  }

  get(machineId: string): MachineLive | undefined {
    return this.live.get(machineId);
  }

  ofSite(siteId: string): MachineLive[] {
    return [...this.live.values()].filter((m) => m.siteId === siteId);
  }

  update(base: Pick<MachineLive, 'machineId' | 'siteId' | 'slug'>, patch: Partial<MachineLive>, event?: string): MachineLive {
    const current = this.live.get(base.machineId) ?? { ...base };
    const next = { ...current, ...patch, lastActivityAt: new Date().toISOString() };
    this.live.set(base.machineId, next);
    if (event) this.realtime.toSite(base.siteId, event, next);
    return next;
  }

  /** Telemetry may come at 1 Hz from hundreds of machines: push at most every 250 ms per machine. */
  telemetry(base: Pick<MachineLive, 'machineId' | 'siteId' | 'slug'>, telemetry: Record<string, unknown>): void {
    const current = this.live.get(base.machineId) ?? { ...base };
    this.live.set(base.machineId, { ...current, telemetry, lastActivityAt: new Date().toISOString() });
    if (this.pendingTelemetry.has(base.machineId)) return;
    const timer = setTimeout(() => {
      this.pendingTelemetry.delete(base.machineId);
      const m = this.live.get(base.machineId);
      if (m) this.realtime.toSite(m.siteId, 'machine.telemetry', { machineId: m.machineId, slug: m.slug, telemetry: m.telemetry });
    }, TELEMETRY_PUSH_MS);
    timer.unref();
    this.pendingTelemetry.set(base.machineId, timer);
  }
}
