import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ChangeBus } from '../common/change-bus';
import { MqttService } from '../infra/mqtt/mqtt.service';
import { MachinesService } from '../machines/machines.service';
import { SitesService } from '../sites/sites.service';
import { BridgeGrant, bridgeAuthority } from './bridge-rules';
import { sameHash } from './bridge-secrets';
import { MosquittoDynsec } from './mosquitto-dynsec';
import { Bridge } from './entities/bridge.entity';

/**
 * Who may connect as a bridge and what each may touch: rebuilt from the bridges and their
 * machines after any pairing or assignment (here or, through the ChangeBus, on another instance),
 * checked by the embedded broker and, on Mosquitto, written into each bridge's role.
 */
@Injectable()
export class BridgeGrants implements OnModuleInit {
  private readonly log = new Logger('Bridges');
  private grants = new Map<string, BridgeGrant>();
  private reloading?: Promise<void>;
  private reloadQueued?: Promise<void>;
  private grantsLoaded = false;

  constructor(
    @InjectRepository(Bridge) private readonly bridges: Repository<Bridge>,
    private readonly machines: MachinesService,
    private readonly sites: SitesService,
    private readonly mqtt: MqttService,
    private readonly dynsec: MosquittoDynsec,
    changes: ChangeBus,
  ) {
    changes.on((c) => {
      // Caught: a reload failing (the database closing at shutdown) must not take the process down.
      if ((c.kind === 'machine' && c.affectsAccess !== false) || c.kind === 'bridge')
        this.reloadGrants().catch((err) => this.log.warn(`bridge grants not reloaded: ${(err as Error).message}`));
    });
  }

  async onModuleInit(): Promise<void> {
    await this.reloadGrants();
    this.mqtt.addAuthority(bridgeAuthority(() => this.grants, sameHash));
    if (this.dynsec.enabled) {
      await this.dynsec.ensureServerRole();
      for (const grant of this.grants.values()) await this.dynsec.syncBridge(grant);
    }
  }

  /**
   * Rebuilds who may connect and what each bridge may touch, after any pairing or assignment.
   * Reloads run one at a time: a call made during a reload gets a new one after it, so an older
   * reload finishing late can never put back a map without the bridge just paired.
   */
  reloadGrants(): Promise<void> {
    if (this.reloadQueued) return this.reloadQueued;
    if (!this.reloading) return this.startReload();
    this.reloadQueued = this.reloading
      .catch(() => undefined)
      .then(() => {
        this.reloadQueued = undefined;
        return this.startReload();
      });
    return this.reloadQueued;
  }

  private startReload(): Promise<void> {
    this.reloading = this.loadGrants().finally(() => (this.reloading = undefined));
    return this.reloading;
  }

  private async loadGrants(): Promise<void> {
    const [bridges, machines] = await Promise.all([this.bridges.find(), this.machines.all()]);
    const siteSlugs = new Map<string, string>();
    const next = new Map<string, BridgeGrant>();
    for (const b of bridges) {
      if (!siteSlugs.has(b.siteId)) siteSlugs.set(b.siteId, (await this.sites.findById(b.siteId))?.slug ?? '');
      next.set(b.username, {
        username: b.username,
        secretHash: b.secretHash,
        site: siteSlugs.get(b.siteId)!,
        bridge: b.slug,
        machines: new Set(machines.filter((m) => m.bridgeId === b.id).map((m) => m.slug)),
      });
    }
    const previous = this.grants;
    this.grants = next;
    if (this.dynsec.enabled && this.grantsLoaded) await this.syncChangedRoles(previous, next);
    this.grantsLoaded = true;
  }

  /**
   * On Mosquitto, a bridge whose machines changed (assigned elsewhere, renamed, removed) gets its
   * role rewritten at once: its ACLs must never keep a machine it no longer serves.
   */
  private async syncChangedRoles(previous: Map<string, BridgeGrant>, next: Map<string, BridgeGrant>): Promise<void> {
    const same = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((m) => b.has(m));
    for (const grant of next.values()) {
      const before = previous.get(grant.username);
      if (before && same(before.machines, grant.machines)) continue;
      await this.dynsec.syncBridge(grant).catch((err) => this.log.error(`Mosquitto role of ${grant.username} not updated: ${(err as Error).message}`));
    }
  }
}
