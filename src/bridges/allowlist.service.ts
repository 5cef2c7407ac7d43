import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ChangeBus } from '../common/change-bus';
import { MqttService } from '../infra/mqtt/mqtt.service';
import { Queues } from '../infra/queue/queues';
import { topics } from '../infra/mqtt/topics';
import { AllowlistBuilder, SiteAccess } from './allowlist-builder';
import { Bridge } from './entities/bridge.entity';

export const ALLOWLIST_QUEUE = 'allowlists';
const DEBOUNCE_MS = 1000;

/**
 * Signed offline allow-lists (MQTT-PROTOCOL.md, "Offline allow-list"): who may use each of a
 * bridge's machines while the server is out of reach. Published retained on every change and daily;
 * AllowlistBuilder says what a list holds and signs it.
 */
@Injectable()
export class AllowlistService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('Allowlist');
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(
    @InjectRepository(Bridge) private readonly bridges: Repository<Bridge>,
    private readonly builder: AllowlistBuilder,
    private readonly mqtt: MqttService,
    queues: Queues,
    changes: ChangeBus,
  ) {
    queues.schedule({ queue: ALLOWLIST_QUEUE, job: 'publish-all', repeat: { every: 24 * 3600_000 } });
    queues.handle(ALLOWLIST_QUEUE, 'publish-all', () => this.publishAll());
    changes.on(
      (c) => {
        if (c.affectsAccess === false) return;
        if (c.siteId) this.scheduleSite(c.siteId);
        else this.publishAllLogged();
      },
      { remote: false },
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    this.publishAllLogged();
  }

  /** In the background: a failure (the database closing at shutdown) is said, never left unhandled. */
  private publishAllLogged(): void {
    this.publishAll().catch((err) => this.log.error(`allow-lists not published: ${(err as Error).message}`));
  }

  onModuleDestroy(): void {
    this.pending.forEach((timer) => clearTimeout(timer));
    this.pending.clear();
  }

  /** Many changes in a row (an import of badges, say) give one new version per site. */
  scheduleSite(siteId: string): void {
    clearTimeout(this.pending.get(siteId));
    const timer = setTimeout(() => {
      this.pending.delete(siteId);
      void this.publishSite(siteId).catch((err) => this.log.error(`allow-lists of site ${siteId}: ${err.message}`));
    }, DEBOUNCE_MS);
    timer.unref();
    this.pending.set(siteId, timer);
  }

  async publishAll(): Promise<void> {
    const siteIds = new Set((await this.bridges.find()).map((b) => b.siteId));
    for (const siteId of siteIds) await this.publishSite(siteId);
  }

  async publishSite(siteId: string): Promise<void> {
    const bridges = await this.bridges.findBy({ siteId });
    if (!bridges.length) return;
    const now = new Date();
    const site = await this.builder.siteAccessOf(siteId, now); // read once for all the site's bridges
    for (const bridge of bridges) await this.publish(bridge, now, site);
  }

  async publish(bridge: Bridge, now = new Date(), site?: SiteAccess): Promise<Record<string, unknown>> {
    const list = await this.builder.build(bridge, now, site);
    await this.mqtt.publish(topics.bridgeAllowlist(String(list.site), bridge.slug), list, { qos: 1, retain: true });
    this.log.debug(`allow-list v${list.version} for ${list.site}/${bridge.slug}: ${(list.entries as unknown[]).length} entries`);
    return list;
  }
}
