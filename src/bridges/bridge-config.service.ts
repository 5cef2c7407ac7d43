import { ConflictException, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { sign } from 'node:crypto';
import { Repository } from 'typeorm';
import { assertVisible, Viewer } from '../common/viewer';
import { fieldReason, invalidInput, Reason } from '../common/validation';
import { MqttService } from '../infra/mqtt/mqtt.service';
import { topics } from '../infra/mqtt/topics';
import { MachinesService } from '../machines/machines.service';
import { SiteKeysService } from '../sites/site-keys.service';
import { SitesService } from '../sites/sites.service';
import { BridgeSilence } from './bridge-silence';
import { BridgeConfigDto, BridgeDeviceDto, BridgeMachineSettingsDto } from './dto/bridge-config.dto';
import { Bridge } from './entities/bridge.entity';
import { jcs } from './jcs';

/** The signed message on `bridges/{bridge}/config` (MQTT-PROTOCOL.md, "Bridge configuration"). */
export interface SignedBridgeConfig {
  version: number;
  issuedAt: string;
  site: string;
  bridge: string;
  devices: Array<Record<string, unknown>>;
  machines: Record<string, Record<string, unknown>>;
  accessTimeoutMs?: number;
  sig: string;
}

/** What a manager's page and the API show of a bridge's served configuration and its health. */
export interface BridgeConfigView {
  bridgeId: string;
  /** The version served, 0 when none was ever (the bridge runs its own config.yaml). */
  version: number;
  issuedAt: string | null;
  /** The version the bridge says it runs (its last heartbeat), null before any heartbeat. */
  applied: number | null;
  /** The machines the bridge serves: the only ones a device may name. */
  bridgeMachines: string[];
  devices: Array<Record<string, unknown>>;
  machines: Array<Record<string, unknown>>;
  accessTimeoutMs: number | null;
  online: boolean;
  /** The bridge's software version (its status and heartbeat). */
  firmwareVersion: string | null;
  lastSeenAt: string | null;
  uptimeSeconds: number | null;
  /** Online as its connection says, but no heartbeat for BRIDGE_SILENT_SECONDS: since its last sign of life. */
  silentSince: string | null;
}

const plain = <T extends object>(o: T): Record<string, unknown> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null && v !== ''));

/**
 * The machine and device configuration the server serves a bridge: edited by the site's managers,
 * versioned, signed with the site's key (as the offline allow-lists are) and published retained on
 * the bridge's `config` topic, again at each start of the server (its embedded broker keeps no
 * retained message across a restart).
 */
@Injectable()
export class BridgeConfigService implements OnApplicationBootstrap {
  private readonly log = new Logger('Bridges');

  constructor(
    @InjectRepository(Bridge) private readonly bridges: Repository<Bridge>,
    private readonly machines: MachinesService,
    private readonly sites: SitesService,
    private readonly keys: SiteKeysService,
    private readonly mqtt: MqttService,
    private readonly silence: BridgeSilence,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    void this.publishAll().catch((err) => this.log.error(`bridge configurations not published again: ${(err as Error).message}`));
  }

  async publishAll(): Promise<void> {
    const rows = await this.bridges.find({ where: {}, select: { id: true, siteId: true, slug: true, configSigned: true } });
    for (const b of rows.filter((r) => r.configSigned)) {
      const site = await this.sites.findById(b.siteId);
      if (site) await this.mqtt.publish(topics.bridgeConfig(site.slug, b.slug), JSON.parse(b.configSigned!), { qos: 1, retain: true });
    }
  }

  async view(viewer: Viewer, id: string): Promise<BridgeConfigView> {
    return this.viewOf(assertVisible(viewer, await this.bridges.findOneBy({ id }), 'Passerelle'));
  }

  private async viewOf(b: Bridge): Promise<BridgeConfigView> {
    const served = b.configSigned ? (JSON.parse(b.configSigned) as SignedBridgeConfig) : null;
    const silent = this.silence.silentSince(b);
    return {
      bridgeId: b.id,
      version: b.configVersion,
      issuedAt: served?.issuedAt ?? null,
      applied: b.configApplied,
      bridgeMachines: (await this.machines.forBridge(b.id)).map((m) => m.slug).sort(),
      devices: served?.devices ?? [],
      machines: Object.entries(served?.machines ?? {}).map(([machine, settings]) => ({ machine, ...settings })),
      accessTimeoutMs: served?.accessTimeoutMs ?? null,
      online: b.online,
      firmwareVersion: b.version,
      lastSeenAt: b.lastSeenAt ? new Date(b.lastSeenAt).toISOString() : null,
      uptimeSeconds: b.uptimeSeconds,
      silentSince: silent ? silent.toISOString() : null,
    };
  }

  /**
   * A new version: checked against the bridge's machines (each reason in French beside its field),
   * signed, stored, then published retained. Two managers saving at once: the second is told to
   * reload (409), never a version overwritten unseen.
   */
  async update(viewer: Viewer, id: string, dto: BridgeConfigDto): Promise<BridgeConfigView> {
    const bridge = assertVisible(viewer, await this.bridges.findOneBy({ id }), 'Passerelle');
    const served = new Set((await this.machines.forBridge(bridge.id)).map((m) => m.slug));
    const settings = dto.machines ?? [];
    this.check(served, dto.devices, settings);
    const site = (await this.sites.findById(bridge.siteId))!;
    const version = Math.max(bridge.configVersion + 1, Date.now());
    const unsigned = {
      version,
      issuedAt: new Date().toISOString(),
      site: site.slug,
      bridge: bridge.slug,
      devices: dto.devices.map((d) => plain(d)),
      machines: Object.fromEntries(settings.map(({ machine, ...rest }) => [machine, plain(rest)])),
      ...(dto.accessTimeoutMs ? { accessTimeoutMs: dto.accessTimeoutMs } : {}),
    };
    const { privateKey } = await this.keys.keyPairFor(bridge.siteId);
    const signed: SignedBridgeConfig = { ...unsigned, sig: sign(null, Buffer.from(jcs(unsigned), 'utf8'), privateKey).toString('base64') };
    const done = await this.bridges.update(
      { id: bridge.id, configVersion: bridge.configVersion },
      { configVersion: version, configSigned: JSON.stringify(signed) },
    );
    if (!done.affected) {
      throw new ConflictException({
        code: 'config_changed',
        message: 'La configuration vient d’être changée par quelqu’un d’autre : rechargez la page. The configuration was just changed by someone else: reload.',
      });
    }
    await this.mqtt.publish(topics.bridgeConfig(site.slug, bridge.slug), signed, { qos: 1, retain: true });
    this.log.log(`configuration v${version} of bridge ${site.slug}/${bridge.slug} published (${signed.devices.length} devices)`);
    return this.viewOf({ ...bridge, configVersion: version, configSigned: JSON.stringify(signed) });
  }

  /** What the bridge itself would refuse (firmware-bridge/src/config.ts), said here in French, field by field. */
  private check(served: Set<string>, devices: BridgeDeviceDto[], settings: BridgeMachineSettingsDto[]): void {
    const reasons: Reason[] = [];
    const names = new Map<string, string>();
    devices.forEach((d, i) => {
      if (names.has(d.name)) {
        reasons.push(
          fieldReason(`devices.${i}.name`, {
            fr: `Appareil n° ${i + 1} : le nom « ${d.name} » est déjà pris.`,
            en: `Device ${i + 1}: the name "${d.name}" is used twice.`,
          }),
        );
      }
      names.set(d.name, d.machine);
      if (!served.has(d.machine)) {
        reasons.push(
          fieldReason(`devices.${i}.machine`, {
            fr: `Appareil n° ${i + 1} : « ${d.machine} » n’est pas une machine de cette passerelle (${[...served].join(', ') || 'aucune'}).`,
            en: `Device ${i + 1}: "${d.machine}" is not one of this bridge's machines.`,
          }),
        );
      }
      if (d.channel !== undefined && d.driver !== 'usb-relay') {
        reasons.push(
          fieldReason(`devices.${i}.channel`, {
            fr: `Appareil n° ${i + 1} : un canal ne se donne qu’à un relais USB.`,
            en: `Device ${i + 1}: only a USB relay takes a channel.`,
          }),
        );
      }
      if (d.display !== undefined && d.driver !== 'fablab-board') {
        reasons.push(
          fieldReason(`devices.${i}.display`, {
            fr: `Appareil n° ${i + 1} : seule la carte fablab-board a un afficheur.`,
            en: `Device ${i + 1}: only a fablab-board has a display.`,
          }),
        );
      }
    });
    const seen = new Set<string>();
    settings.forEach((s, i) => {
      if (!served.has(s.machine)) {
        reasons.push(
          fieldReason(`machines.${i}.machine`, {
            fr: `Réglages : « ${s.machine} » n’est pas une machine de cette passerelle.`,
            en: `Settings: "${s.machine}" is not one of this bridge's machines.`,
          }),
        );
      }
      if (seen.has(s.machine)) {
        reasons.push(
          fieldReason(`machines.${i}.machine`, {
            fr: `Réglages : la machine « ${s.machine} » est réglée deux fois.`,
            en: `Settings: "${s.machine}" is set twice.`,
          }),
        );
      }
      seen.add(s.machine);
      if (s.relay && names.get(s.relay) !== s.machine) {
        reasons.push(
          fieldReason(`machines.${i}.relay`, {
            fr: `Réglages de « ${s.machine} » : aucun appareil nommé « ${s.relay} » pour cette machine.`,
            en: `Settings of "${s.machine}": no device named "${s.relay}" for this machine.`,
          }),
        );
      }
    });
    if (reasons.length) throw invalidInput(reasons);
  }
}
