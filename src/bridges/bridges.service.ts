import { EventEmitter } from 'node:events';
import { ConflictException, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { timingSafeEqual } from 'node:crypto';
import { Repository } from 'typeorm';
import { newSecret, sha256 } from '../auth/tokens';
import { ChangeBus } from '../common/change-bus';
import { assertVisible, requireSite, siteOf, Viewer } from '../common/viewer';
import { MqttService } from '../infra/mqtt/mqtt.service';
import { RealtimeService } from '../infra/realtime/realtime.service';
import { MachinesService } from '../machines/machines.service';
import { SiteKeysService } from '../sites/site-keys.service';
import { SitesService } from '../sites/sites.service';
import { BridgeGrant, bridgeAuthority } from './bridge-rules';
import { MosquittoDynsec } from './mosquitto-dynsec';
import { AssignMachinesDto, RegisterBridgeDto } from './dto/bridge.dto';
import { Bridge } from './entities/bridge.entity';

const sameHash = (secret: string, hash: string) => {
  const a = Buffer.from(sha256(secret));
  const b = Buffer.from(hash);
  return a.length === b.length && timingSafeEqual(a, b);
};

@Injectable()
export class BridgesService implements OnModuleInit {
  private readonly log = new Logger('Bridges');
  private grants = new Map<string, BridgeGrant>();
  /** 'status' (bridgeId, online) after each change is stored (jobs mark a lost bridge's jobs interrupted). */
  readonly statusEvents = new EventEmitter();

  constructor(
    @InjectRepository(Bridge) private readonly bridges: Repository<Bridge>,
    private readonly machines: MachinesService,
    private readonly sites: SitesService,
    private readonly mqtt: MqttService,
    private readonly realtime: RealtimeService,
    private readonly keys: SiteKeysService,
    private readonly dynsec: MosquittoDynsec,
    private readonly changes: ChangeBus,
  ) {
    changes.on((c) => {
      if ((c.kind === 'machine' && c.affectsAccess !== false) || c.kind === 'bridge') void this.reloadGrants();
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

  private reloading?: Promise<void>;
  private reloadQueued?: Promise<void>;

  /**
   * Rebuilds who may connect and what each bridge may touch, after any pairing or assignment.
   * Reloads run one at a time: a call made during a reload gets a new one after it, so an older
   * reload finishing late can never put back a map without the bridge just paired.
   */
  reloadGrants(): Promise<void> {
    if (this.reloadQueued) return this.reloadQueued;
    if (!this.reloading) return this.startReload();
    this.reloadQueued = this.reloading.catch(() => undefined).then(() => {
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
    this.grants = next;
  }

  list(viewer: Viewer, siteId?: string): Promise<Bridge[]> {
    const site = siteOf(viewer, siteId);
    return this.bridges.find({ where: site ? { siteId: site } : {}, order: { slug: 'ASC' } });
  }

  /** Pairs a bridge: its MQTT secret is returned this once and stored only as a hash. */
  async register(viewer: Viewer, dto: RegisterBridgeDto) {
    const siteId = requireSite(viewer, dto.siteId);
    const site = (await this.sites.findById(siteId))!;
    if (await this.bridges.existsBy({ siteId, slug: dto.slug })) {
      throw new ConflictException({ code: 'slug_taken', message: `Le pont « ${dto.slug} » existe déjà dans ce lieu. Bridge slug already used.` });
    }
    const secret = newSecret();
    const bridge = await this.bridges.save(
      this.bridges.create({ siteId, slug: dto.slug, name: dto.name ?? dto.slug, username: `bridge-${site.slug}-${dto.slug}`, secretHash: sha256(secret) }),
    );
    const machines = await this.machines.assignToBridge(siteId, bridge.id, dto.machines ?? []);
    await this.reloadGrants();
    if (this.dynsec.enabled) await this.dynsec.createBridgeClient(this.grants.get(bridge.username)!, secret);
    this.changes.emit({ kind: 'bridge', siteId });
    return {
      bridge,
      credentials: { mqttUrl: this.mqtt.brokerUrl, username: bridge.username, clientId: bridge.username, password: secret },
      /** The bridge checks its offline allow-lists with this key (Ed25519, SPKI PEM). */
      sitePublicKeyPem: (await this.keys.keyPairFor(siteId)).publicKeyPem,
      site: site.slug,
      machines: machines.map((m) => m.slug),
      warning: 'Notez ce mot de passe maintenant : il ne sera plus affiché. Save this password now: it will not be shown again.',
    };
  }

  async assign(viewer: Viewer, id: string, dto: AssignMachinesDto) {
    const bridge = assertVisible(viewer, await this.bridges.findOneBy({ id }), 'Pont');
    const machines = await this.machines.assignToBridge(bridge.siteId, bridge.id, dto.machines);
    await this.reloadGrants();
    if (this.dynsec.enabled) await this.dynsec.syncBridge(this.grants.get(bridge.username)!);
    return { bridge, machines: machines.map((m) => m.slug) };
  }

  /** As its last status said (jobs are only sent to a machine whose bridge is online). */
  async isOnline(bridgeId: string): Promise<boolean> {
    return (await this.bridges.findOneBy({ id: bridgeId }))?.online === true;
  }

  /** Bridge online/offline from its retained status and Last Will. */
  async markStatus(siteSlug: string, bridgeSlug: string, online: boolean, version?: string): Promise<void> {
    const site = await this.sites.findBySlug(siteSlug);
    if (!site) return;
    const bridge = await this.bridges.findOneBy({ siteId: site.id, slug: bridgeSlug });
    if (!bridge) return this.log.warn(`status of unknown bridge ${siteSlug}/${bridgeSlug}`);
    await this.bridges.update({ id: bridge.id }, { online, version: version ?? bridge.version, lastSeenAt: new Date() });
    this.realtime.toSite(site.id, 'bridge.status', { bridgeId: bridge.id, slug: bridge.slug, online, version: version ?? bridge.version });
    this.statusEvents.emit('status', bridge.id, online);
  }
}
