import { BadRequestException, ConflictException, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { newSecret, sha256 } from '../auth/tokens';
import { ChangeBus } from '../common/change-bus';
import { assertVisible, requireSite, siteOf, Viewer } from '../common/viewer';
import { isUniqueViolation } from '../infra/database/db-errors';
import { MqttService } from '../infra/mqtt/mqtt.service';
import { topics } from '../infra/mqtt/topics';
import { MachinesService } from '../machines/machines.service';
import { SitesService } from '../sites/sites.service';
import { BridgeGrants } from './bridge-grants';
import { BridgePairingKit } from './bridge-pairing-kit';
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

/**
 * Pairing and unpairing of bridges (broker account, secret shown once, machines served), and
 * which bridges a site has. Who may connect is BridgeGrants', online or not BridgeStatus'.
 */
@Injectable()
export class BridgesService {
  private readonly log = new Logger('Bridges');

  constructor(
    @InjectRepository(Bridge) private readonly bridges: Repository<Bridge>,
    private readonly machines: MachinesService,
    private readonly sites: SitesService,
    private readonly mqtt: MqttService,
    private readonly dynsec: MosquittoDynsec,
    private readonly changes: ChangeBus,
    private readonly grants: BridgeGrants,
    private readonly kit: BridgePairingKit,
  ) {}

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
      await this.grants.reloadGrants();
      this.changes.emit({ kind: 'bridge', siteId });
      const slugsNow = machines.map((m) => m.slug);
      return { bridge: bridgeView(bridge), ...(await this.kit.of(bridge, site.slug, secret, slugsNow)), machines: slugsNow };
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
      await this.grants.reloadGrants();
      if (this.dynsec.enabled) await this.dynsec.removeAccount(username);
    } catch (err) {
      this.log.error(`pairing of ${username} could not be undone: ${(err as Error).message}`);
    }
  }

  /** A lost password: a new one is shown once, the old one stops working and a connected bridge is cut off. */
  async resetSecret(viewer: Viewer, id: string) {
    const bridge = assertVisible(viewer, await this.bridges.findOneBy({ id }), 'Pont');
    const site = (await this.sites.findById(bridge.siteId))!;
    const secret = newSecret();
    if (this.dynsec.enabled) await brokerStep(() => this.dynsec.resetPassword(bridge.username, secret));
    bridge.secretHash = sha256(secret);
    await this.bridges.update({ id: bridge.id }, { secretHash: bridge.secretHash });
    await this.grants.reloadGrants();
    this.mqtt.kick(bridge.username);
    this.log.log(`password of bridge ${bridge.username} reset`);
    const machines = (await this.machines.forBridge(bridge.id)).map((m) => m.slug);
    return { bridge: bridgeView(bridge), ...(await this.kit.of(bridge, site.slug, secret, machines)), machines };
  }

  /** Unpairs a bridge: its account goes (a connected bridge is cut off), its machines are freed. */
  async remove(viewer: Viewer, id: string): Promise<void> {
    const bridge = assertVisible(viewer, await this.bridges.findOneBy({ id }), 'Pont');
    const site = (await this.sites.findById(bridge.siteId))!;
    if (this.dynsec.enabled) await brokerStep(() => this.dynsec.removeAccount(bridge.username));
    await this.machines.assignToBridge(bridge.siteId, bridge.id, []);
    await this.bridges.delete({ id: bridge.id });
    await this.grants.reloadGrants();
    this.mqtt.kick(bridge.username);
    // The retained allow-list named the site's badges (hashed): nobody should read it any more.
    await this.mqtt.publish(topics.bridgeAllowlist(site.slug, bridge.slug), '', { qos: 1, retain: true });
    // Its served configuration too: it named the site's serial ports and machines.
    await this.mqtt.publish(topics.bridgeConfig(site.slug, bridge.slug), '', { qos: 1, retain: true });
    this.changes.emit({ kind: 'bridge', siteId: bridge.siteId });
    this.log.log(`bridge ${bridge.username} removed`);
  }

  async assign(viewer: Viewer, id: string, dto: AssignMachinesDto) {
    const bridge = assertVisible(viewer, await this.bridges.findOneBy({ id }), 'Pont');
    const machines = await this.machines.assignToBridge(bridge.siteId, bridge.id, dto.machines);
    await this.grants.reloadGrants(); // on Mosquitto, rewrites the roles of every bridge whose machines changed
    return { bridge: bridgeView(bridge), machines: machines.map((m) => m.slug) };
  }

  ofSite(siteId: string): Promise<Bridge[]> {
    return this.bridges.find({ where: { siteId } });
  }

  async siteIdOf(id: string): Promise<string | null> {
    return (await this.bridges.findOne({ where: { id }, select: { siteId: true } }))?.siteId ?? null;
  }
}
