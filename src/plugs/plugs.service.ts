import { ConflictException, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { timingSafeEqual } from 'node:crypto';
import { Repository } from 'typeorm';
import { UsageSessions } from '../access/usage-sessions';
import { AccessReadService } from '../access/access-read.service';
import { DomainEventBus } from '../common/domain-events';
import { newSecret, sha256 } from '../auth/tokens';
import { siteOf, Viewer } from '../common/viewer';
import { BrokerAuthority, BrokerPrincipal } from '../infra/mqtt/broker-authority';
import { brokerStep } from '../bridges/bridges.service';
import { accountAcls, MosquittoDynsec } from '../bridges/mosquitto-dynsec';
import { isUniqueViolation } from '../infra/database/db-errors';
import { MqttService } from '../infra/mqtt/mqtt.service';
import { topicMatches } from '../infra/mqtt/topics';
import { RealtimeService } from '../infra/realtime/realtime.service';
import type { Machine } from '../machines/entities/machine.entity';
import { MachineLiveService } from '../machines/machine-live.service';
import { MachinesService } from '../machines/machines.service';
import { SitesService } from '../sites/sites.service';
import { SetPlugDto } from './dto/plug.dto';
import { MachinePlug } from './entities/machine-plug.entity';
import { plugAcl, plugPrefix, plugServerRules, plugTopics, readPlugMessage, switchCommand } from './plug-protocols';

interface PlugState {
  plug: MachinePlug;
  watts: number | null;
  lastBusyAt: number;
  /** Session over, but the machine still draws power: switch off once it stops (never mid-work). */
  offWhenIdle: boolean;
  online: boolean | null;
}

const IDLE_CHECK_MS = 2000;
const SERVER_PLUGS_ROLE = 'fablab-server-plugs';

/** A plug as the API shows it: never its secret's hash. */
export const plugView = ({ secretHash: _hidden, ...rest }: MachinePlug) => rest;

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
 * Machines whose interlock is a Shelly or Tasmota smart plug: the server switches the plug with the
 * session, reads the power draw to tell busy from idle, ends idle sessions, and marks the machine
 * offline with the plug.
 */
@Injectable()
export class PlugsService implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('Plugs');
  private readonly states = new Map<string, PlugState>(); // by machine id
  private readonly subscribed = new Set<string>();
  private timer?: NodeJS.Timeout;
  /** Plugs connected to the embedded broker, by username, as they were when they authenticated. */
  private readonly grants = new Map<string, MachinePlug>();

  constructor(
    @InjectRepository(MachinePlug) private readonly plugs: Repository<MachinePlug>,
    private readonly accessRead: AccessReadService,
    private readonly machines: MachinesService,
    private readonly sites: SitesService,
    private readonly sessions: UsageSessions,
    private readonly events: DomainEventBus,
    private readonly mqtt: MqttService,
    private readonly live: MachineLiveService,
    private readonly realtime: RealtimeService,
    private readonly dynsec: MosquittoDynsec,
  ) {}

  async onModuleInit(): Promise<void> {
    this.mqtt.addAuthority(this.authority());
    if (this.dynsec.enabled) await this.syncBrokerRules();
    this.events.on('session.opened', ({ machine }) => this.sessionOpened(machine));
    this.events.on('session.ended', ({ machine }) => this.sessionEnded(machine));
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const plug of await this.plugs.find()) await this.watch(plug);
    this.timer = setInterval(() => void this.checkIdle(), IDLE_CHECK_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
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
    this.states.delete(machineId);
    await this.watch(plug);
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

  /** The ids of a site's machines that have a plug. */
  async pluggedMachineIds(siteId: string): Promise<string[]> {
    return (await this.plugs.find({ where: { siteId }, select: { machineId: true } })).map((p) => p.machineId);
  }

  /** A site's plugs, with whether this instance last heard each one online (null: not heard since start-up). */
  async list(viewer: Viewer, siteId?: string) {
    const site = siteOf(viewer, siteId);
    const rows = await this.plugs.find({ where: site ? { siteId: site } : {}, order: { topic: 'ASC' } });
    return rows.map((p) => ({ ...plugView(p), online: this.states.get(p.machineId)?.online ?? null }));
  }

  getPlug(machineId: string): Promise<MachinePlug | null> {
    return this.plugs.findOneBy({ machineId });
  }

  private state(plug: MachinePlug): PlugState {
    let s = this.states.get(plug.machineId);
    if (!s) {
      s = { plug, watts: null, lastBusyAt: Date.now(), offWhenIdle: false, online: null };
      this.states.set(plug.machineId, s);
    }
    return s;
  }

  private async watch(plug: MachinePlug): Promise<void> {
    this.state(plug);
    for (const topic of plugTopics(plug.kind, plug.topic)) {
      if (this.subscribed.has(topic)) continue;
      this.subscribed.add(topic);
      await this.mqtt.subscribeRaw(topic, (t, payload) => void this.onMessage(plug.machineId, t, payload.toString('utf8')));
    }
  }

  private async onMessage(machineId: string, topic: string, payload: string): Promise<void> {
    const s = this.states.get(machineId);
    if (!s) return;
    const reading = readPlugMessage(s.plug.kind, s.plug.topic, topic, payload);
    const machine = await this.machines.findById(machineId);
    if (!machine) return;
    const base = { machineId, siteId: machine.siteId, slug: machine.slug };
    switch (reading.type) {
      case 'power':
        s.watts = reading.watts;
        if (reading.watts >= s.plug.busyWatts) s.lastBusyAt = Date.now();
        this.live.telemetry(base, { ts: new Date().toISOString(), powerW: reading.watts });
        if (s.offWhenIdle && reading.watts < s.plug.busyWatts) await this.switchPlug(s.plug, false);
        break;
      case 'online':
        s.online = reading.online;
        this.live.update(base, { plugOnline: reading.online }, 'machine.plug');
        if (!reading.online && machine.status !== 'offline') await this.machines.changeStatus(machine, 'offline', 'Prise connectée hors ligne');
        if (reading.online && machine.status === 'offline') await this.machines.changeStatus(machine, 'free', null);
        break;
      case 'switch':
        this.live.update(base, { plugOn: reading.on }, 'machine.plug');
        break;
    }
  }

  private async sessionOpened(machine: Machine): Promise<void> {
    const plug = this.states.get(machine.id)?.plug;
    if (!plug) return;
    const s = this.state(plug);
    s.offWhenIdle = false;
    s.lastBusyAt = Date.now();
    await this.switchPlug(plug, true);
  }

  /** Power is never cut in the middle of work: the plug goes off once the draw is back below the threshold. */
  private async sessionEnded(machine: Machine): Promise<void> {
    const plug = this.states.get(machine.id)?.plug;
    if (!plug) return;
    const s = this.state(plug);
    if (s.watts !== null && s.watts >= plug.busyWatts) {
      s.offWhenIdle = true;
      this.log.log(`${machine.slug}: session over, the plug goes off when the machine stops drawing power`);
      return;
    }
    await this.switchPlug(plug, false);
  }

  private async switchPlug(plug: MachinePlug, on: boolean): Promise<void> {
    const s = this.state(plug);
    if (!on) s.offWhenIdle = false;
    const cmd = switchCommand(plug.kind, plug.topic, on);
    await this.mqtt.publish(cmd.topic, cmd.payload, { qos: 1, retain: false });
  }

  /** Below the threshold for the machine's idle time, an open session ends (reason idle_timeout). */
  private async checkIdle(): Promise<void> {
    const now = Date.now();
    for (const s of this.states.values()) {
      if (now - s.lastBusyAt < s.plug.idleSeconds * 1000) continue;
      const open = await this.accessRead.openSessionOn(s.plug.machineId).catch(() => null);
      if (!open) continue;
      if (open.startedAt.getTime() > s.lastBusyAt) s.lastBusyAt = open.startedAt.getTime();
      if (now - s.lastBusyAt < s.plug.idleSeconds * 1000) continue;
      this.log.log(`session ${open.id} idle for ${s.plug.idleSeconds} s: ended`);
      await this.sessions.endSession(open.id, 'idle_timeout', { lock: true });
    }
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
