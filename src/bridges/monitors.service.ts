import { ConflictException, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { newSecret, sha256 } from '../auth/tokens';
import { assertVisible, requireSite, siteOf, Viewer } from '../common/viewer';
import { isUniqueViolation } from '../infra/database/db-errors';
import { BrokerPrincipal } from '../infra/mqtt/broker-authority';
import { MqttService } from '../infra/mqtt/mqtt.service';
import { SitesService } from '../sites/sites.service';
import { monitorFilters, monitorMaySubscribe } from './bridge-rules';
import { sameHash } from './bridge-secrets';
import { brokerStep } from './bridges.service';
import { CreateMonitorDto } from './dto/bridge.dto';
import { MqttMonitor } from './entities/mqtt-monitor.entity';
import { accountAcls, MosquittoDynsec } from './mosquitto-dynsec';

/** A monitoring account as the API shows it: never its secret's hash. */
export const monitorView = ({ secretHash: _hidden, ...rest }: MqttMonitor) => rest;

const slugTaken = (slug: string) =>
  new ConflictException({ code: 'slug_taken', message: `Le compte de supervision « ${slug} » existe déjà dans ce lieu. Monitor slug already used.` });

/**
 * Read-only MQTT accounts (MQTT-PROTOCOL.md, Security: "monitoring clients with their own read-only
 * credential"): an admin, or a site's manager for their own site, creates one; it may subscribe to
 * the site's `bridges/+/status` and `machines/+/state` and publish nothing, on both brokers.
 */
@Injectable()
export class MonitorsService implements OnModuleInit {
  private readonly log = new Logger('Monitors');
  /** Site slug of each monitor connected to the embedded broker, by username. */
  private readonly grants = new Map<string, string>();

  constructor(
    @InjectRepository(MqttMonitor) private readonly monitors: Repository<MqttMonitor>,
    private readonly sites: SitesService,
    private readonly mqtt: MqttService,
    private readonly dynsec: MosquittoDynsec,
  ) {}

  onModuleInit(): void {
    this.mqtt.addAuthority({
      authenticate: async (username, password): Promise<BrokerPrincipal | null> => {
        if (!username.startsWith('monitor-')) return null;
        const monitor = await this.monitors.findOneBy({ username });
        if (!monitor || !sameHash(password, monitor.secretHash)) return null;
        const site = await this.sites.findById(monitor.siteId);
        if (!site) return null;
        this.grants.set(username, site.slug);
        return { kind: 'monitor', username };
      },
      canPublish: () => false,
      canSubscribe: (p, filter) => {
        const site = p.kind === 'monitor' ? this.grants.get(p.username) : undefined;
        return !!site && monitorMaySubscribe(site, filter);
      },
    });
  }

  async list(viewer: Viewer, siteId?: string) {
    const site = siteOf(viewer, siteId);
    const rows = await this.monitors.find({ where: site ? { siteId: site } : {}, order: { slug: 'ASC' } });
    return rows.map(monitorView);
  }

  /** Creates the account (on Mosquitto first); its password is shown this once. */
  async create(viewer: Viewer, dto: CreateMonitorDto) {
    const siteId = requireSite(viewer, dto.siteId);
    const site = (await this.sites.findById(siteId))!;
    const username = `monitor-${site.slug}-${dto.slug}`;
    if ((await this.monitors.existsBy({ siteId, slug: dto.slug })) || (await this.monitors.existsBy({ username }))) throw slugTaken(dto.slug);
    const secret = newSecret();
    const acls = accountAcls({ publish: [], subscribe: monitorFilters(site.slug) });
    if (this.dynsec.enabled)
      await brokerStep(
        () => this.dynsec.createAccount(username, secret, acls),
        () => this.dynsec.removeAccount(username),
      );
    try {
      const monitor = await this.monitors.save(
        this.monitors.create({ siteId, slug: dto.slug, name: dto.name ?? dto.slug, username, secretHash: sha256(secret) }),
      );
      this.log.log(`monitoring account ${username} created`);
      return { monitor: monitorView(monitor), ...this.credentials(monitor, site.slug, secret) };
    } catch (err) {
      if (this.dynsec.enabled) await this.dynsec.removeAccount(username).catch(() => undefined);
      if (isUniqueViolation(err)) throw slugTaken(dto.slug);
      throw err;
    }
  }

  /** A lost password: a new one, shown once; the old one stops working and a connected client is cut off. */
  async resetSecret(viewer: Viewer, id: string) {
    const monitor = await this.visible(viewer, id);
    const secret = newSecret();
    if (this.dynsec.enabled) await brokerStep(() => this.dynsec.resetPassword(monitor.username, secret));
    monitor.secretHash = sha256(secret);
    await this.monitors.update({ id: monitor.id }, { secretHash: monitor.secretHash });
    this.forget(monitor.username);
    const site = (await this.sites.findById(monitor.siteId))!;
    return { monitor: monitorView(monitor), ...this.credentials(monitor, site.slug, secret) };
  }

  async remove(viewer: Viewer, id: string): Promise<void> {
    const monitor = await this.visible(viewer, id);
    if (this.dynsec.enabled) await brokerStep(() => this.dynsec.removeAccount(monitor.username));
    await this.monitors.delete({ id: monitor.id });
    this.forget(monitor.username);
    this.log.log(`monitoring account ${monitor.username} removed`);
  }

  private async visible(viewer: Viewer, id: string): Promise<MqttMonitor> {
    return assertVisible(viewer, await this.monitors.findOneBy({ id }), 'Compte de supervision');
  }

  private forget(username: string): void {
    this.grants.delete(username);
    this.mqtt.kick(username);
  }

  private credentials(monitor: MqttMonitor, siteSlug: string, secret: string) {
    return {
      credentials: { mqttUrl: this.mqtt.brokerUrl, username: monitor.username, clientId: monitor.username, password: secret },
      /** What it may subscribe to (wildcards allowed within these). */
      topics: monitorFilters(siteSlug),
      warning: 'Notez ce mot de passe maintenant : il ne sera plus affiché. Save this password now: it will not be shown again.',
    };
  }
}
