import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { UsageSessions } from '../access/usage-sessions';
import { AccessReadService } from '../access/access-read.service';
import { DomainEventBus } from '../common/domain-events';
import { siteOf, Viewer } from '../common/viewer';
import { MqttService } from '../infra/mqtt/mqtt.service';
import type { Machine } from '../machines/entities/machine.entity';
import { MachineLiveService } from '../machines/machine-live.service';
import { MachinesService } from '../machines/machines.service';
import { MachinePlug } from './entities/machine-plug.entity';
import { plugTopics, readPlugMessage, switchCommand } from './plug-protocols';

interface PlugState {
  plug: MachinePlug;
  watts: number | null;
  lastBusyAt: number;
  /** Session over, but the machine still draws power: switch off once it stops (never mid-work). */
  offWhenIdle: boolean;
  online: boolean | null;
}

const IDLE_CHECK_MS = 2000;

/** A plug as the API shows it: never its secret's hash. */
export const plugView = ({ secretHash: _hidden, ...rest }: MachinePlug) => rest;

/**
 * Machines whose interlock is a Shelly or Tasmota smart plug: the server switches the plug with the
 * session, reads the power draw to tell busy from idle, ends idle sessions, and marks the machine
 * offline with the plug. Pairing a plug and its MQTT account are PlugCredentials'.
 */
@Injectable()
export class PlugsService implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('Plugs');
  private readonly states = new Map<string, PlugState>(); // by machine id
  private readonly subscribed = new Set<string>();
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectRepository(MachinePlug) private readonly plugs: Repository<MachinePlug>,
    private readonly accessRead: AccessReadService,
    private readonly machines: MachinesService,
    private readonly sessions: UsageSessions,
    private readonly events: DomainEventBus,
    private readonly mqtt: MqttService,
    private readonly live: MachineLiveService,
  ) {}

  onModuleInit(): void {
    this.events.on('session.opened', ({ machine }) => this.sessionOpened(machine));
    this.events.on('session.ended', ({ machine }) => this.sessionEnded(machine));
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const plug of await this.plugs.find()) await this.watch(plug);
    this.timer = setInterval(() => this.checkIdle().catch((err) => this.log.warn(`idle plugs not checked: ${(err as Error).message}`)), IDLE_CHECK_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** A plug paired again (new password, maybe a new kind): its state and subscriptions start afresh. */
  async rewatch(plug: MachinePlug): Promise<void> {
    this.states.delete(plug.machineId);
    await this.watch(plug);
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
}
