import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { DomainEventBus } from '../common/domain-events';
import { RealtimeService } from '../infra/realtime/realtime.service';
import { SitesService } from '../sites/sites.service';
import { BridgeSilence } from './bridge-silence';
import { Bridge } from './entities/bridge.entity';

/** A bridge's heartbeat, once read (MQTT-PROTOCOL.md, `bridges/{bridge}/heartbeat`). */
export interface Heartbeat {
  version: string;
  uptimeSeconds: number;
  /** The version of the served configuration it runs; 0 or absent: its own config.yaml only. */
  configVersion?: number;
}

declare module '../common/domain-events' {
  interface DomainEvents {
    /** A bridge's status, once stored: its retained status or its Last Will (jobs, access follow it). */
    'bridge.status': { bridgeId: string; online: boolean };
  }
}

/** Whether a bridge is online, from its retained status and its Last Will; told to the screens and to jobs and access. */
@Injectable()
export class BridgeStatus {
  private readonly log = new Logger('Bridges');
  /**
   * Per bridge, the status or heartbeat being stored: the next waits for it. Handlers run
   * concurrently, and a bridge restarting in its process (a new served configuration) sends its
   * `offline` and its `online` a moment apart: stored out of order, it would stay offline.
   */
  private readonly inOrder = new Map<string, Promise<void>>();

  private serially(key: string, work: () => Promise<void>): Promise<void> {
    const next = (this.inOrder.get(key) ?? Promise.resolve()).then(work, work);
    this.inOrder.set(key, next);
    void next.finally(() => this.inOrder.get(key) === next && this.inOrder.delete(key)).catch(() => undefined);
    return next;
  }

  constructor(
    @InjectRepository(Bridge) private readonly bridges: Repository<Bridge>,
    private readonly sites: SitesService,
    private readonly realtime: RealtimeService,
    private readonly events: DomainEventBus,
    private readonly silence: BridgeSilence,
  ) {}

  /** As its last status said (jobs are only sent to a machine whose bridge is online). */
  async isOnline(bridgeId: string): Promise<boolean> {
    return (await this.bridges.findOneBy({ id: bridgeId }))?.online === true;
  }

  /** Bridge online/offline from its retained status and Last Will. */
  markStatus(siteSlug: string, bridgeSlug: string, online: boolean, version?: string): Promise<void> {
    return this.serially(`${siteSlug}/${bridgeSlug}`, () => this.storeStatus(siteSlug, bridgeSlug, online, version));
  }

  private async storeStatus(siteSlug: string, bridgeSlug: string, online: boolean, version?: string): Promise<void> {
    const site = await this.sites.findBySlug(siteSlug);
    if (!site) return;
    const bridge = await this.bridges.findOneBy({ siteId: site.id, slug: bridgeSlug });
    if (!bridge) return this.log.warn(`status of unknown bridge ${siteSlug}/${bridgeSlug}`);
    await this.bridges.update({ id: bridge.id }, { online, version: version ?? bridge.version, lastSeenAt: new Date() });
    this.realtime.toSite(site.id, 'bridge.status', { bridgeId: bridge.id, slug: bridge.slug, online, version: version ?? bridge.version });
    this.events.emit('bridge.status', { bridgeId: bridge.id, online });
  }

  /**
   * The minute's sign of life: last seen, version, uptime and the configuration it runs are kept.
   * It never changes online/offline (the retained status and the Last Will say that); a bridge
   * that was silent is told back to the screens.
   */
  heartbeat(siteSlug: string, bridgeSlug: string, beat: Heartbeat): Promise<void> {
    return this.serially(`${siteSlug}/${bridgeSlug}`, () => this.storeHeartbeat(siteSlug, bridgeSlug, beat));
  }

  private async storeHeartbeat(siteSlug: string, bridgeSlug: string, beat: Heartbeat): Promise<void> {
    const site = await this.sites.findBySlug(siteSlug);
    if (!site) return;
    const bridge = await this.bridges.findOneBy({ siteId: site.id, slug: bridgeSlug });
    if (!bridge) return this.log.warn(`heartbeat of unknown bridge ${siteSlug}/${bridgeSlug}`);
    const wasSilent = !!this.silence.silentSince(bridge);
    const now = new Date();
    await this.bridges.update(
      { id: bridge.id },
      { version: beat.version, uptimeSeconds: beat.uptimeSeconds, configApplied: beat.configVersion ?? 0, lastSeenAt: now, heartbeatAt: now },
    );
    if (this.silence.heardFrom(bridge.id) || wasSilent) {
      this.log.log(`bridge ${siteSlug}/${bridgeSlug} heard from again`);
      this.realtime.toSite(site.id, 'bridge.heartbeat', { bridgeId: bridge.id, slug: bridge.slug, version: beat.version });
    }
  }
}
