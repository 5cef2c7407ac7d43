import { ConflictException, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { timingSafeEqual } from 'node:crypto';
import { Repository } from 'typeorm';
import { newSecret, sha256 } from '../auth/tokens';
import { brokerStep } from '../bridges/bridges.service';
import { accountAcls, MosquittoDynsec } from '../bridges/mosquitto-dynsec';
import { Viewer } from '../common/viewer';
import { isUniqueViolation } from '../infra/database/db-errors';
import { BrokerAuthority, BrokerPrincipal } from '../infra/mqtt/broker-authority';
import { MqttService } from '../infra/mqtt/mqtt.service';
import { topicMatches } from '../infra/mqtt/topics';
import { MachinesService } from '../machines/machines.service';
import { SitesService } from '../sites/sites.service';
import { SetPlugDto } from './dto/plug.dto';
import { MachinePlug } from './entities/machine-plug.entity';
import { plugAcl, plugPrefix, plugServerRules } from './plug-protocols';
import { plugView, PlugsService } from './plugs.service';

const SERVER_PLUGS_ROLE = 'fablab-server-plugs';

const usernameTaken = (username: string) =>
  new ConflictException({ code: 'username_taken', message: `Le compte MQTT « ${username} » est déjà pris par une autre prise. MQTT username already used.` });

/** What the installer types on the plug (Tasmota console, Shelly's MQTT page). */
function setupText(plug: MachinePlug, brokerUrl: string, secret: string): string {
  const broker = new URL(brokerUrl);
  const port = broker.port || (broker.protocol === 'mqtts:' ? '8883' : '1883');
  if (plug.kind === 'tasmota') {
    return `Backlog MqttHost ${broker.hostname}; MqttPort ${port}; MqttUser ${plug.username}; MqttPassword ${secret}; MqttClient ${plug.username}; Topic ${plug.topic}; FullTopic %prefix%/%topic%/; PowerOnState 0; TelePeriod 10`;
  }
  return `Shelly : MQTT activé, serveur ${broker.hostname}:${port}, client id et utilisateur ${plug.username}, mot de passe donné ci-dessus, préfixe ${plug.topic}, « RPC status notifications » et « Generic status update » activés.`;
}

/**
 * A plug's MQTT account: issued when a manager pairs the plug with a machine (its password shown
 * once), checked when the plug connects to the embedded broker, and mirrored on Mosquitto. What
 * the plug then says and does with sessions is PlugsService's.
 */
@Injectable()
export class PlugCredentials implements OnModuleInit {
  /** Plugs connected to the embedded broker, by username, as they were when they authenticated. */
  private readonly grants = new Map<string, MachinePlug>();

  constructor(
    @InjectRepository(MachinePlug) private readonly plugs: Repository<MachinePlug>,
    private readonly machines: MachinesService,
    private readonly sites: SitesService,
    private readonly mqtt: MqttService,
    private readonly dynsec: MosquittoDynsec,
    private readonly running: PlugsService,
  ) {}

  async onModuleInit(): Promise<void> {
    this.mqtt.addAuthority(this.authority());
    if (this.dynsec.enabled) await this.syncBrokerRules();
  }

  /**
   * A manager fits a machine with a plug; the plug's MQTT password is shown this once. The prefix
   * is the server's (plugPrefix), and on Mosquitto the plug's account exists before the row does.
   */
  async setPlug(viewer: Viewer, machineId: string, dto: SetPlugDto) {
    const machine = await this.machines.get(viewer, machineId);
    const site = (await this.sites.findById(machine.siteId))!;
    const existing = await this.plugs.findOneBy({ machineId });
    const topic = plugPrefix(machine.siteId, machineId);
    const username = existing?.username ?? `plug-${site.slug}-${machine.slug}`;
    if (!existing && (await this.plugs.existsBy({ username }))) throw usernameTaken(username);
    const secret = newSecret();
    if (this.dynsec.enabled) {
      await brokerStep(
        () => this.dynsec.createAccount(username, secret, accountAcls(plugAcl(dto.kind, topic))),
        existing ? undefined : () => this.dynsec.removeAccount(username),
      );
    }
    let plug: MachinePlug;
    try {
      plug = await this.plugs.save(
        this.plugs.create({
          ...existing,
          siteId: machine.siteId,
          machineId,
          kind: dto.kind,
          topic,
          username,
          secretHash: sha256(secret),
          busyWatts: dto.busyWatts ?? existing?.busyWatts ?? 20,
          idleSeconds: dto.idleSeconds ?? existing?.idleSeconds ?? 600,
        }),
      );
    } catch (err) {
      if (!existing && this.dynsec.enabled) await this.dynsec.removeAccount(username).catch(() => undefined);
      if (isUniqueViolation(err)) throw usernameTaken(username);
      throw err;
    }
    this.grants.delete(username);
    this.mqtt.kick(username); // a plug still connected with the old password is cut off
    await this.running.rewatch(plug);
    return {
      plug: plugView(plug),
      credentials: { mqttUrl: this.mqtt.brokerUrl, username: plug.username, clientId: plug.username, password: secret },
      setup: setupText(plug, this.mqtt.brokerUrl, secret),
      warning: 'Notez ce mot de passe maintenant : il ne sera plus affiché. Save this password now.',
    };
  }

  /**
   * On Mosquitto: the server may switch and read every plug, and each plug's role holds its rules
   * (kept up to date after a migration moved its prefix; a plug paired before Mosquitto had no
   * account and needs a new password: PUT again).
   */
  private async syncBrokerRules(): Promise<void> {
    await this.dynsec.grantServer(SERVER_PLUGS_ROLE, accountAcls(plugServerRules()));
    for (const plug of await this.plugs.find()) await this.dynsec.syncRole(plug.username, accountAcls(plugAcl(plug.kind, plug.topic)));
  }

  private authority(): BrokerAuthority {
    const byUser = async (username: string) => this.plugs.findOneBy({ username });
    const grants = this.grants;
    return {
      authenticate: async (username, password): Promise<BrokerPrincipal | null> => {
        if (!username.startsWith('plug-')) return null;
        const plug = await byUser(username);
        if (!plug) return null;
        const a = Buffer.from(sha256(password));
        const b = Buffer.from(plug.secretHash);
        if (a.length !== b.length || !timingSafeEqual(a, b)) return null;
        grants.set(username, plug);
        return { kind: 'plug', username };
      },
      canPublish: (p, topic) => {
        const plug = p.kind === 'plug' ? grants.get(p.username) : undefined;
        return !!plug && plugAcl(plug.kind, plug.topic).publish.some((f) => topicMatches(f, topic));
      },
      canSubscribe: (p, filter) => {
        const plug = p.kind === 'plug' ? grants.get(p.username) : undefined;
        return !!plug && plugAcl(plug.kind, plug.topic).subscribe.some((f) => f === filter || topicMatches(f, filter));
      },
    };
  }
}
