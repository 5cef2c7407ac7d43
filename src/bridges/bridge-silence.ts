import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, LessThan, Not, Repository } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { RealtimeService } from '../infra/realtime/realtime.service';
import { Bridge } from './entities/bridge.entity';

/** What says whether a bridge is silent: its status, its last sign of life and whether it ever sent a heartbeat. */
export type SilenceFacts = Pick<Bridge, 'online' | 'lastSeenAt' | 'heartbeatAt'>;

/**
 * Since when a bridge is silent, or null: online as its status (and its broker connection) says,
 * but no heartbeat nor status for `thresholdMs`. A bridge that never sent a heartbeat (a firmware
 * older than heartbeats) is never said silent: its silence would mean nothing.
 */
export function silentSince(b: SilenceFacts, thresholdMs: number, now = Date.now()): Date | null {
  if (!b.online || !b.heartbeatAt || !b.lastSeenAt) return null;
  const seen = new Date(b.lastSeenAt);
  return now - seen.getTime() >= thresholdMs ? seen : null;
}

/**
 * Watches for bridges that fall silent (MQTT-PROTOCOL.md, `heartbeat`): a hung process keeps its
 * TCP connection, and so its broker session and its retained `online`, alive. Each bridge that
 * becomes silent is told once to its site's screens (`bridge.silent`); the dashboard turns it into
 * an alert. Every instance watches; a screen told twice shows the same alert.
 */
@Injectable()
export class BridgeSilence implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('Bridges');
  private readonly known = new Set<string>();
  private timer?: NodeJS.Timeout;
  readonly thresholdMs: number;

  constructor(
    @InjectRepository(Bridge) private readonly bridges: Repository<Bridge>,
    private readonly realtime: RealtimeService,
    config: AppConfig,
  ) {
    this.thresholdMs = config.env.BRIDGE_SILENT_SECONDS * 1000;
  }

  onModuleInit(): void {
    // A quarter of the threshold (at most 15 s): a silence is told at most that late.
    this.timer = setInterval(
      () => void this.sweep().catch((err) => this.log.warn(`silence check: ${(err as Error).message}`)),
      Math.min(15_000, this.thresholdMs / 4),
    );
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  silentSince(b: SilenceFacts, now = Date.now()): Date | null {
    return silentSince(b, this.thresholdMs, now);
  }

  /** Tells the screens of each bridge that just fell silent; forgets those heard from again. */
  async sweep(now = Date.now()): Promise<string[]> {
    const rows = await this.bridges.find({
      where: { online: true, heartbeatAt: Not(IsNull()), lastSeenAt: LessThan(new Date(now - this.thresholdMs)) },
      select: { id: true, siteId: true, slug: true, online: true, lastSeenAt: true, heartbeatAt: true },
    });
    const silent = new Set(rows.map((b) => b.id));
    for (const id of this.known) if (!silent.has(id)) this.known.delete(id);
    const told: string[] = [];
    for (const b of rows) {
      if (this.known.has(b.id)) continue;
      this.known.add(b.id);
      told.push(b.id);
      this.log.warn(`bridge ${b.slug} silent since ${b.lastSeenAt?.toISOString()} although its connection looks alive`);
      this.realtime.toSite(b.siteId, 'bridge.silent', { bridgeId: b.id, slug: b.slug, since: b.lastSeenAt?.toISOString() });
    }
    return told;
  }

  /** A heartbeat from a bridge told silent: the screens drop the alert. */
  heardFrom(bridgeId: string): boolean {
    return this.known.delete(bridgeId);
  }
}
