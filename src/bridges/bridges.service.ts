import { BadRequestException, ConflictException, Injectable, Logger, OnModuleInit, ServiceUnavailableException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { timingSafeEqual } from 'node:crypto';
import { Repository } from 'typeorm';
import { newSecret, sha256 } from '../auth/tokens';
import { ChangeBus } from '../common/change-bus';
import { DomainEventBus } from '../common/domain-events';
import { assertVisible, requireSite, siteOf, Viewer } from '../common/viewer';
import { AppConfig } from '../config/app-config';
import { isUniqueViolation } from '../infra/database/db-errors';
import { MqttService } from '../infra/mqtt/mqtt.service';
import { topics } from '../infra/mqtt/topics';
import { RealtimeService } from '../infra/realtime/realtime.service';
import { MachinesService } from '../machines/machines.service';
import { SiteKeysService } from '../sites/site-keys.service';
import { SitesService } from '../sites/sites.service';
import { bridgeConfigYaml } from './bridge-config';
import { BridgeGrant, bridgeAuthority } from './bridge-rules';
import { bridgeAcls, MosquittoDynsec } from './mosquitto-dynsec';
import { AssignMachinesDto, RegisterBridgeDto } from './dto/bridge.dto';
import { Bridge } from './entities/bridge.entity';

/** A bridge as the API shows it: never its secret's hash. */
export type BridgeView = Omit<Bridge, 'secretHash'>;
export const bridgeView = ({ secretHash: _hidden, ...rest }: Bridge): BridgeView => rest;

const slugTaken = (slug: string) =>
  new ConflictException({ code: 'slug_taken', message: `Le pont « ${slug} » existe déjà dans ce lieu. Bridge slug already used.` });

/** A step on an external broker's account API; its failure is the broker's, not the request's. */
export async function brokerStep(step: () => Promise<void>, undo?: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (err) {
    await undo?.().catch(() => undefined); // a half-made account (role without client) goes too
    throw new ServiceUnavailableException({
      code: 'broker_unavailable',
      message: `Le broker MQTT n'a pas pu créer ou changer le compte : rien n'a été enregistré, réessayez. The MQTT broker refused the account change: ${(err as Error).message}`,
    });
  }
}

export const sameHash = (secret: string, hash: string) => {
  const a = Buffer.from(sha256(secret));
  const b = Buffer.from(hash);
  return a.length === b.length && timingSafeEqual(a, b);
};

declare module '../common/domain-events' {
  interface DomainEvents {
    /** A bridge's status, once stored: its retained status or its Last Will (jobs, access follow it). */
    'bridge.status': { bridgeId: string; online: boolean };
  }
}

@Injectable()
export class BridgesService implements OnModuleInit {
  private readonly log = new Logger('Bridges');
  private grants = new Map<string, BridgeGrant>();

  constructor(
    @InjectRepository(Bridge) private readonly bridges: Repository<Bridge>,
    private readonly machines: MachinesService,
    private readonly sites: SitesService,
    private readonly mqtt: MqttService,
    private readonly realtime: RealtimeService,
    private readonly keys: SiteKeysService,
    private readonly dynsec: MosquittoDynsec,
    private readonly changes: ChangeBus,
    private readonly config: AppConfig,
    private readonly events: DomainEventBus,
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

  private grantsLoaded = false;

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

  async list(viewer: Viewer, siteId?: string): Promise<BridgeView[]> {
    const site = siteOf(viewer, siteId);
    const rows = await this.bridges.find({ where: site ? { siteId: site } : {}, order: { slug: 'ASC' } });
    return rows.map(bridgeView);
  }

  /**
   * Pairs a bridge: its MQTT secret is returned this once and stored only as a hash. The broker
   * account comes first (Mosquitto), and a failure after it undoes everything, so a failed pairing
   * leaves neither a bridge nor a taken name.
   */
  async register(viewer: Viewer, dto: RegisterBridgeDto) {
    const siteId = requireSite(viewer, dto.siteId);
    const site = (await this.sites.findById(siteId))!;
    const username = `bridge-${site.slug}-${dto.slug}`;
    if ((await this.bridges.existsBy({ siteId, slug: dto.slug })) || (await this.bridges.existsBy({ username }))) throw slugTaken(dto.slug);
    const slugs = dto.machines ?? [];
    await this.checkMachines(siteId, slugs);
    const secret = newSecret();
    if (this.dynsec.enabled) {
      await brokerStep(
        () => this.dynsec.createAccount(username, secret, bridgeAcls({ site: site.slug, bridge: dto.slug, machines: new Set(slugs) })),
        () => this.dynsec.removeAccount(username),
      );
    }
    let bridge: Bridge | undefined;
    try {
      bridge = await this.bridges.save(this.bridges.create({ siteId, slug: dto.slug, name: dto.name ?? dto.slug, username, secretHash: sha256(secret) }));
      const machines = await this.machines.assignToBridge(siteId, bridge.id, slugs);
      await this.reloadGrants();
      this.changes.emit({ kind: 'bridge', siteId });
      const slugsNow = machines.map((m) => m.slug);
      return { bridge: bridgeView(bridge), ...(await this.pairingOf(bridge, site.slug, secret, slugsNow)), machines: slugsNow };
    } catch (err) {
      await this.undoPairing(bridge, username, siteId);
      if (isUniqueViolation(err)) throw slugTaken(dto.slug);
      throw err;
    }
  }

  /** Before any account exists: every machine named must be one of the site's. */
  private async checkMachines(siteId: string, slugs: string[]): Promise<void> {
    if (!slugs.length) return;
    const known = new Set((await this.machines.all()).filter((m) => m.siteId === siteId).map((m) => m.slug));
    const missing = slugs.filter((s) => !known.has(s));
    if (missing.length) {
      throw new BadRequestException({ code: 'unknown_machines', message: `Machines inconnues dans ce lieu : ${missing.join(', ')}. Unknown machines.` });
    }
  }

  private async undoPairing(bridge: Bridge | undefined, username: string, siteId: string): Promise<void> {
    try {
      if (bridge) await this.machines.assignToBridge(siteId, bridge.id, []);
      if (bridge) await this.bridges.delete({ id: bridge.id });
      await this.reloadGrants();
      if (this.dynsec.enabled) await this.dynsec.removeAccount(username);
    } catch (err) {
      this.log.error(`pairing of ${username} could not be undone: ${(err as Error).message}`);
    }
  }

  /** What a bridge needs to connect, given at pairing and at each password reset. */
  private async pairingOf(bridge: Bridge, siteSlug: string, secret: string, machines: string[]) {
    const mqttUrl = this.mqtt.brokerUrl;
    const httpBaseUrl = this.config.publicUrl;
    const publicKeyPem = (await this.keys.keyPairFor(bridge.siteId)).publicKeyPem;
    return {
      credentials: { mqttUrl, username: bridge.username, clientId: bridge.username, password: secret },
      /** Where the bridge downloads job files (`server.httpBaseUrl` of its config). */
      httpBaseUrl,
      /** The bridge checks its offline allow-lists with this key (Ed25519, SPKI PEM). */
      sitePublicKeyPem: publicKeyPem,
      site: siteSlug,
      /** The bridge's `config.yaml`, ready to paste (serial ports to fill in). */
      configYaml: bridgeConfigYaml({
        mqttUrl,
        site: siteSlug,
        bridge: bridge.slug,
        username: bridge.username,
        password: secret,
        publicKeyPem,
        httpBaseUrl,
        machines,
      }),
      warning: 'Notez ce mot de passe maintenant : il ne sera plus affiché. Save this password now: it will not be shown again.',
    };
  }

  /** A lost password: a new one is shown once, the old one stops working and a connected bridge is cut off. */
  async resetSecret(viewer: Viewer, id: string) {
    const bridge = assertVisible(viewer, await this.bridges.findOneBy({ id }), 'Pont');
    const site = (await this.sites.findById(bridge.siteId))!;
    const secret = newSecret();
    if (this.dynsec.enabled) await brokerStep(() => this.dynsec.resetPassword(bridge.username, secret));
    bridge.secretHash = sha256(secret);
    await this.bridges.update({ id: bridge.id }, { secretHash: bridge.secretHash });
    await this.reloadGrants();
    this.mqtt.kick(bridge.username);
    this.log.log(`password of bridge ${bridge.username} reset`);
    const machines = (await this.machines.forBridge(bridge.id)).map((m) => m.slug);
    return { bridge: bridgeView(bridge), ...(await this.pairingOf(bridge, site.slug, secret, machines)), machines };
  }

  /** Unpairs a bridge: its account goes (a connected bridge is cut off), its machines are freed. */
  async remove(viewer: Viewer, id: string): Promise<void> {
    const bridge = assertVisible(viewer, await this.bridges.findOneBy({ id }), 'Pont');
    const site = (await this.sites.findById(bridge.siteId))!;
    if (this.dynsec.enabled) await brokerStep(() => this.dynsec.removeAccount(bridge.username));
    await this.machines.assignToBridge(bridge.siteId, bridge.id, []);
    await this.bridges.delete({ id: bridge.id });
    await this.reloadGrants();
    this.mqtt.kick(bridge.username);
    // The retained allow-list named the site's badges (hashed): nobody should read it any more.
    await this.mqtt.publish(topics.bridgeAllowlist(site.slug, bridge.slug), '', { qos: 1, retain: true });
    this.changes.emit({ kind: 'bridge', siteId: bridge.siteId });
    this.log.log(`bridge ${bridge.username} removed`);
  }

  async assign(viewer: Viewer, id: string, dto: AssignMachinesDto) {
    const bridge = assertVisible(viewer, await this.bridges.findOneBy({ id }), 'Pont');
    const machines = await this.machines.assignToBridge(bridge.siteId, bridge.id, dto.machines);
    await this.reloadGrants(); // on Mosquitto, rewrites the roles of every bridge whose machines changed
    return { bridge: bridgeView(bridge), machines: machines.map((m) => m.slug) };
  }

  ofSite(siteId: string): Promise<Bridge[]> {
    return this.bridges.find({ where: { siteId } });
  }

  async siteIdOf(id: string): Promise<string | null> {
    return (await this.bridges.findOne({ where: { id }, select: { siteId: true } }))?.siteId ?? null;
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
    this.events.emit('bridge.status', { bridgeId: bridge.id, online });
  }
}
