import { INestApplication, Logger } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import mqtt, { MqttClient } from 'mqtt';
import { UsageSessions } from '../access/usage-sessions';
import { BridgeStatus } from '../bridges/bridge-status';
import { BridgesService } from '../bridges/bridges.service';
import { Viewer } from '../common/viewer';
import { AppConfig } from '../config/app-config';
import { MqttService } from '../infra/mqtt/mqtt.service';
import { topics } from '../infra/mqtt/topics';
import { Machine } from '../machines/entities/machine.entity';
import { JobsService } from '../jobs/jobs.service';
import { MachinesService } from '../machines/machines.service';
import { PeopleService } from '../people/people.service';
import { trainingCovers, TrainingsService } from '../trainings/trainings.service';
import { DemoBridgeCredentials, DEMO_BRIDGE_SLUG, demoAdminViewer } from './demo-seed';

export interface SimulatorOptions {
  /** Time between two badge reads somewhere in the lab: a random value in [min, max] ms (default 8–20 s). */
  badgeEveryMs?: number | [number, number];
  /** How long a granted machine runs before the maker badges out (default 30–90 s). */
  sessionMs?: [number, number];
  /** Mean time between two alarms on the CNC (default 5 minutes; 0 = never). */
  alarmEveryMs?: number;
  /** How long the trainer takes to clear a machine left « à vérifier » (default 2 minutes). */
  clearAlarmAfterMs?: number;
  /** Telemetry period while running (default 1 s). */
  telemetryEveryMs?: number;
  /** A print job runs this many times faster than its slicer's estimate (default 10). */
  jobSpeedup?: number;
}

interface CardHolder {
  uid: string;
  personId: string;
  name: string;
}

interface SimMachine {
  machine: Machine;
  state: 'locked' | 'unlocked' | 'running' | 'error';
  sessionId?: string;
  /** The card that opened the session: a second read of it is a badge-out. */
  uid?: string;
  /** The card last presented here, and the card behind each granted session. */
  pendingUid?: string;
  grantedUids: Map<string, string>;
  startedAt?: number;
  endAt?: number;
  /** Telemetry state. */
  hotend?: number;
  bed?: number;
  progress?: number;
  pos?: { x: number; y: number; z: number };
  timers: Set<NodeJS.Timeout>;
  /** The print job the machine is running, if any. */
  jobId?: string;
}

const VERSION = 'demo-1.0.0';
const between = ([min, max]: [number, number]) => min + Math.random() * Math.max(0, max - min);
const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)];
const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * Simulated machines for the demo: one MQTT client per bridge, speaking the contract of
 * MQTT-PROTOCOL.md exactly as a firmware-bridge does (badge, state, telemetry, events; acting
 * on `cmd`, never on `access`).
 */
export class DemoSimulator {
  private readonly log = new Logger('DemoSimulator');
  private client?: MqttClient;
  private readonly sims = new Map<string, SimMachine>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private cards: CardHolder[] = [];
  /** uid → machine slugs this card's holder is trained for (to make most reads plausible). */
  private trainedFor = new Map<string, Set<string>>();
  private stopped = false;
  private readonly opts: Required<Omit<SimulatorOptions, 'badgeEveryMs'>> & { badgeEveryMs: [number, number] };
  /** Counters, for tests and curiosity. */
  readonly stats = { badges: 0, granted: 0, denied: 0, sessionsEnded: 0, alarms: 0 };

  constructor(
    private readonly app: INestApplication,
    private readonly config: AppConfig,
    private readonly siteId: string,
    private readonly siteSlug: string,
    options: SimulatorOptions = {},
  ) {
    const every = options.badgeEveryMs ?? [8000, 20000];
    this.opts = {
      badgeEveryMs: typeof every === 'number' ? [every, every] : every,
      sessionMs: options.sessionMs ?? [30_000, 90_000],
      alarmEveryMs: options.alarmEveryMs ?? 5 * 60_000,
      clearAlarmAfterMs: options.clearAlarmAfterMs ?? 2 * 60_000,
      telemetryEveryMs: options.telemetryEveryMs ?? 1000,
      jobSpeedup: options.jobSpeedup ?? 10,
    };
  }

  /** Connects the simulated bridge (registering a fresh one unless the seed just did) and starts the loop. */
  async start(fresh?: DemoBridgeCredentials): Promise<void> {
    const admin = demoAdminViewer();
    const machines = await this.app.get(MachinesService).list(admin, this.siteId);
    const creds =
      fresh ??
      (await this.registerBridge(
        admin,
        machines.map((m) => m.slug),
      ));
    // Bridges of earlier demo runs died with their process (and with the embedded broker that
    // would have sent their Last Will): say they are offline.
    const bridges = this.app.get(BridgesService);
    for (const old of await bridges.list(admin, this.siteId)) {
      if (old.slug !== creds.bridgeSlug && old.online) await this.app.get(BridgeStatus).markStatus(this.siteSlug, old.slug, false);
    }
    for (const m of machines.filter((x) => creds.machines.includes(x.slug)))
      this.sims.set(m.slug, { machine: m, state: 'locked', timers: new Set(), grantedUids: new Map() });
    await this.loadCards(admin, machines);
    await this.resetLeftovers(machines);

    const mqttService = this.app.get(MqttService);
    const url = mqttService.embeddedPort ? `mqtt://127.0.0.1:${mqttService.embeddedPort}` : (this.config.env.MQTT_URL ?? mqttService.brokerUrl);
    const statusTopic = topics.bridgeStatus(this.siteSlug, creds.bridgeSlug);
    this.client = await mqtt.connectAsync(url, {
      username: creds.username,
      password: creds.password,
      clientId: creds.clientId,
      clean: true,
      reconnectPeriod: 2000,
      protocolVersion: 4,
      will: { topic: statusTopic, payload: Buffer.from(JSON.stringify({ online: false })), qos: 1, retain: true },
    });
    this.client.on('message', (topic, payload) => this.onMessage(topic, payload));
    this.client.on('error', (err) => this.log.debug(`MQTT : ${err.message}`));
    const subs = [...this.sims.keys()].flatMap((slug) => [topics.machine(this.siteSlug, slug, 'access'), topics.machine(this.siteSlug, slug, 'cmd')]);
    await this.client.subscribeAsync(subs, { qos: 1 });
    await this.publish(statusTopic, { online: true, version: VERSION, machines: [...this.sims.keys()], ts: new Date().toISOString() }, 1, true);
    for (const sim of this.sims.values()) await this.publishState(sim);
    await this.dropLeftoverJobs();
    this.log.debug(`pont simulé « ${creds.bridgeSlug} » connecté, ${this.sims.size} machines`);
    this.scheduleBadge();
    this.scheduleAlarm();
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Stops every timer, publishes the bridge offline and disconnects. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const sim of this.sims.values()) this.clearMachineTimers(sim);
    await this.client?.endAsync(true).catch(() => undefined);
  }

  private async registerBridge(admin: Viewer, slugs: string[]): Promise<DemoBridgeCredentials> {
    // The secret of a bridge is shown only once: each later demo start pairs a new simulated bridge.
    const slug = `${DEMO_BRIDGE_SLUG}-${Date.now().toString(36)}`;
    const reg = await this.app.get(BridgesService).register(admin, { siteId: this.siteId, slug, name: 'Atelier (pont simulé)', machines: slugs });
    return {
      bridgeSlug: reg.bridge.slug,
      username: reg.credentials.username,
      clientId: reg.credentials.clientId,
      password: reg.credentials.password,
      machines: reg.machines,
    };
  }

  private async loadCards(admin: Viewer, machines: Machine[]) {
    const people = this.app.get(PeopleService);
    const trainings = this.app.get(TrainingsService);
    const persons = await people.list(admin, this.siteId);
    const badges = await people.listBadges({ ...admin, siteId: null });
    const siteTrainings = await trainings.trainingsOfSite(this.siteId);
    const now = Date.now();
    this.cards = [];
    for (const b of badges.filter((x) => x.siteId === this.siteId)) {
      const p = persons.find((x) => x.id === b.personId);
      if (!p) continue;
      this.cards.push({ uid: b.uid, personId: p.id, name: p.displayName });
      const quals = await trainings.qualificationsFor({ personId: p.id });
      const ok = new Set<string>();
      for (const m of machines) {
        const covered = quals.some(
          (q) => (!q.expiresAt || q.expiresAt.getTime() > now) && siteTrainings.some((t) => t.id === q.trainingId && trainingCovers(t, m)),
        );
        if (covered && p.active && !b.revokedAt) ok.add(m.slug);
      }
      this.trainedFor.set(b.uid, ok);
    }
  }

  /** Machines restart locked: sessions left open by an earlier run are ended, alarms cleared later. */
  private async resetLeftovers(machines: Machine[]) {
    const access = this.app.get(UsageSessions);
    for (const s of await access.openSessions(this.siteId)) {
      if (machines.some((m) => m.id === s.machineId)) await access.endSession(s.id, 'manual', { lock: true });
    }
    for (const m of machines) if (m.status === 'to_check') this.scheduleClear(m);
  }

  /**
   * A print left running by an earlier run died with it: the restarted bridge says so
   * (`job.failed`), and waits until the server has seen it, so the printer is free again.
   */
  private async dropLeftoverJobs() {
    const jobs = this.app.get(JobsService);
    const admin = demoAdminViewer();
    const leftovers: string[] = [];
    for (const m of await jobs.siteQueue(admin, this.siteId)) {
      const sim = this.sims.get(m.machine.slug);
      for (const j of sim ? m.active : []) {
        leftovers.push(j.id);
        await this.publishEvent(sim!, 'job.failed', { jobId: j.id, reason: 'Démo redémarrée : impression perdue. Demo restarted: print lost.' });
      }
    }
    for (let i = 0; i < 50 && leftovers.length; i++) {
      const still = await Promise.all(leftovers.map((id) => jobs.get(admin, id).then((j) => !['failed', 'completed', 'cancelled'].includes(j.status))));
      if (!still.some(Boolean)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  private later(ms: number, fn: () => void | Promise<void>, sim?: SimMachine): NodeJS.Timeout {
    const set = sim?.timers ?? this.timers;
    const t = setTimeout(
      () => {
        set.delete(t);
        if (this.stopped) return;
        Promise.resolve(fn()).catch((err) => this.log.debug(`simulation : ${(err as Error).message}`));
      },
      Math.max(0, ms),
    );
    t.unref();
    set.add(t);
    return t;
  }

  private clearMachineTimers(sim: SimMachine) {
    for (const t of sim.timers) clearTimeout(t);
    sim.timers.clear();
  }

  private async publish(topic: string, body: unknown, qos: 0 | 1 = 1, retain = false) {
    if (!this.client || this.stopped) return;
    await this.client.publishAsync(topic, JSON.stringify(body), { qos, retain });
  }

  private publishState(sim: SimMachine) {
    const body: Record<string, unknown> = { state: sim.state, ts: new Date().toISOString() };
    if (sim.sessionId && sim.state !== 'locked') body.sessionId = sim.sessionId;
    return this.publish(topics.machine(this.siteSlug, sim.machine.slug, 'state'), body, 1, true);
  }

  private publishEvent(sim: SimMachine, type: string, body: Record<string, unknown>) {
    return this.publish(topics.machine(this.siteSlug, sim.machine.slug, 'events'), { eventId: randomUUID(), type, ts: new Date().toISOString(), ...body });
  }

  // ---- the lab's life --------------------------------------------------------------------------

  private scheduleBadge() {
    this.later(between(this.opts.badgeEveryMs), async () => {
      this.scheduleBadge();
      await this.someoneBadges();
    });
  }

  /** Someone walks to a machine and presents a card: mostly plausible, sometimes not. */
  private async someoneBadges() {
    const sims = [...this.sims.values()];
    if (!sims.length) return;
    const roll = Math.random();
    let sim: SimMachine;
    let uid: string;
    let who: string;
    if (roll < 0.08 || !this.cards.length) {
      sim = pick(sims);
      uid = randomBytes(7).toString('hex').toUpperCase();
      who = 'une carte inconnue';
    } else {
      const idle = sims.filter((s) => s.state === 'locked');
      const plausible = roll < 0.7 ? this.cards.flatMap((c) => idle.filter((s) => this.trainedFor.get(c.uid)?.has(s.machine.slug)).map((s) => ({ c, s }))) : [];
      const choice = plausible.length ? pick(plausible) : { c: pick(this.cards), s: pick(sims) };
      sim = choice.s;
      uid = choice.c.uid;
      who = choice.c.name;
    }
    if (sim.sessionId && sim.uid === uid) {
      // The bridge knows this card opened the session: a second read is a badge-out.
      this.log.debug(`${who} rebadge sur « ${sim.machine.name} » : fin de session`);
      return this.endSession(sim, 'badge_out');
    }
    this.stats.badges++;
    this.log.debug(`${who} badge sur « ${sim.machine.name} »`);
    const requestId = randomUUID();
    sim.pendingUid = uid;
    await this.publish(topics.machine(this.siteSlug, sim.machine.slug, 'badge'), { requestId, uid, ts: new Date().toISOString() });
  }

  private onMessage(topic: string, raw: Buffer) {
    let body: any;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return;
    }
    const slug = topic.split('/')[4];
    const sim = this.sims.get(slug);
    if (!sim || this.stopped) return;
    if (topic.endsWith('/access')) {
      if (body.decision === 'granted') {
        this.stats.granted++;
        this.log.debug(`« ${sim.machine.name} » : accès accordé à ${body.person?.displayName ?? '?'}`);
        // The card that may badge out is remembered; unlocking waits for `cmd`.
        if (sim.pendingUid) sim.grantedUids.set(body.sessionId, sim.pendingUid);
      } else {
        this.stats.denied++;
        this.log.debug(`« ${sim.machine.name} » : accès refusé (${body.reason})`);
      }
      return;
    }
    if (topic.endsWith('/cmd')) void this.onCommand(sim, body).catch((err) => this.log.debug(`commande : ${(err as Error).message}`));
  }

  private async onCommand(sim: SimMachine, cmd: any) {
    // A stale command is ignored (MQTT-PROTOCOL.md: more than 30 s old).
    if (typeof cmd.ts !== 'string' || Date.now() - Date.parse(cmd.ts) > 30_000) return;
    if (cmd.type === 'unlock' && typeof cmd.sessionId === 'string') {
      if (sim.sessionId === cmd.sessionId) return; // a lease renewal
      if (sim.sessionId) return; // one session at a time
      sim.sessionId = cmd.sessionId;
      sim.uid = sim.grantedUids.get(cmd.sessionId) ?? sim.pendingUid;
      sim.state = 'unlocked';
      const length = between(this.opts.sessionMs);
      sim.startedAt = Date.now();
      sim.endAt = sim.startedAt + length;
      await this.publishState(sim);
      this.log.debug(`« ${sim.machine.name} » déverrouillée`);
      this.later(Math.min(2000, length / 4), () => this.startRunning(sim), sim);
      this.later(length, () => this.endSession(sim, 'badge_out'), sim);
    } else if (cmd.type === 'lock') {
      if (cmd.sessionId && cmd.sessionId !== sim.sessionId) return;
      this.log.debug(`« ${sim.machine.name} » verrouillée par le serveur`);
      await this.toLocked(sim);
    } else if (cmd.type === 'start_job') {
      await this.startJob(sim, cmd);
    }
  }

  /**
   * `start_job`: acknowledged, then job.started, job.progress every few seconds and job.completed.
   * A real bridge downloads the file and its printer takes the slicer's time; here the time is the
   * job's estimate, sped up.
   */
  private async startJob(sim: SimMachine, cmd: any) {
    if (typeof cmd.jobId !== 'string' || typeof cmd.commandId !== 'string') return;
    if (sim.jobId) return this.publishEvent(sim, 'cmd.ack', { commandId: cmd.commandId, ok: false, error: 'busy' });
    const jobId: string = cmd.jobId;
    await this.publishEvent(sim, 'cmd.ack', { commandId: cmd.commandId, ok: true });
    const job = await this.app
      .get(JobsService)
      .get(demoAdminViewer(), jobId)
      .catch(() => null);
    const total = Math.max(2000, ((job?.estimatedSeconds ?? 600) * 1000) / this.opts.jobSpeedup);
    const started = Date.now();
    sim.jobId = jobId;
    this.log.debug(`« ${sim.machine.name} » : impression de ${job?.fileName ?? jobId} (${Math.round(total / 1000)} s)`);
    await this.publishEvent(sim, 'job.started', { jobId });
    const tick = (): NodeJS.Timeout =>
      this.later(Math.min(5000, total / 4), async () => {
        if (sim.jobId !== jobId) return;
        const progress = Math.min(1, (Date.now() - started) / total);
        if (progress < 1) {
          await this.publishEvent(sim, 'job.progress', { jobId, progress: Math.round(progress * 1000) / 1000 });
          tick();
          return;
        }
        sim.jobId = undefined;
        this.log.debug(`« ${sim.machine.name} » : impression terminée`);
        await this.publishEvent(sim, 'job.completed', { jobId });
      });
    tick();
  }

  private async startRunning(sim: SimMachine) {
    if (!sim.sessionId) return;
    sim.state = 'running';
    sim.hotend = 24;
    sim.bed = 23;
    sim.progress = 0;
    sim.pos = { x: 0, y: 0, z: 5 };
    await this.publishState(sim);
    this.tick(sim);
  }

  /** One telemetry message per second while running, by machine type. */
  private tick(sim: SimMachine) {
    this.later(
      this.opts.telemetryEveryMs,
      async () => {
        if (sim.state !== 'running') return;
        this.tick(sim);
        const ts = new Date().toISOString();
        const elapsed = (Date.now() - (sim.startedAt ?? Date.now())) / 1000;
        const total = Math.max(1, ((sim.endAt ?? 0) - (sim.startedAt ?? 0)) / 1000);
        let body: Record<string, unknown>;
        switch (sim.machine.type) {
          case 'printer': {
            sim.hotend = sim.hotend! + (210 - sim.hotend!) * 0.25 + (Math.random() - 0.5) * 0.6;
            sim.bed = sim.bed! + (60 - sim.bed!) * 0.2 + (Math.random() - 0.5) * 0.3;
            const heated = sim.hotend > 205;
            sim.progress = Math.min(1, sim.progress! + (heated ? 0.01 + Math.random() * 0.02 : 0));
            body = {
              ts,
              temps: { hotend: { actual: round1(sim.hotend), target: 210 }, bed: { actual: round1(sim.bed), target: 60 } },
              progress: Math.round(sim.progress * 1000) / 1000,
            };
            break;
          }
          case 'laser':
            body = {
              ts,
              powerW: Math.round(Math.random() < 0.2 ? 15 + Math.random() * 10 : 40 + Math.random() * 25),
              progress: Math.min(1, Math.round((elapsed / total) * 1000) / 1000),
            };
            break;
          case 'cnc': {
            const p = sim.pos!;
            p.x = round1(Math.max(0, Math.min(838, p.x + (Math.random() - 0.4) * 40)));
            p.y = round1(Math.max(0, Math.min(838, p.y + (Math.random() - 0.4) * 40)));
            p.z = round1(Math.max(-6, Math.min(5, p.z + (Math.random() - 0.6) * 1.5)));
            body = { ts, position: { ...p }, powerW: Math.round(300 + Math.random() * 200) };
            break;
          }
          default:
            body = { ts, powerW: Math.round(50 + Math.random() * 50) };
        }
        await this.publish(topics.machine(this.siteSlug, sim.machine.slug, 'telemetry'), body, 0, false);
      },
      sim,
    );
  }

  /** The maker badges out (or the machine stops): the bridge reports session.ended and locks. */
  private async endSession(sim: SimMachine, reason: 'badge_out' | 'power_off') {
    if (!sim.sessionId) return;
    const sessionId = sim.sessionId;
    this.stats.sessionsEnded++;
    this.log.debug(`« ${sim.machine.name} » : fin de session (${reason})`);
    await this.publishEvent(sim, 'session.ended', { sessionId, reason });
    await this.toLocked(sim);
  }

  private async toLocked(sim: SimMachine) {
    this.clearMachineTimers(sim);
    if (sim.sessionId) sim.grantedUids.delete(sim.sessionId);
    sim.sessionId = undefined;
    sim.uid = undefined;
    sim.state = 'locked';
    await this.publishState(sim);
  }

  // ---- alarms ----------------------------------------------------------------------------------

  private scheduleAlarm() {
    if (!this.opts.alarmEveryMs) return;
    const cnc = [...this.sims.values()].find((s) => s.machine.type === 'cnc');
    if (!cnc) return;
    // Around the mean, never twice in a row too quickly.
    this.later(this.opts.alarmEveryMs * (0.5 + Math.random()), async () => {
      this.scheduleAlarm();
      await this.alarm(cnc);
    });
  }

  private async alarm(sim: SimMachine) {
    this.stats.alarms++;
    if (sim.state === 'running' && sim.sessionId) {
      this.log.debug(`« ${sim.machine.name} » : ALARM:1, fin de course déclenchée`);
      await this.publishEvent(sim, 'alarm', { code: 'ALARM:1', message: 'Fin de course matériel déclenché (GRBL)' });
      sim.state = 'error';
      await this.publishState(sim);
      await this.endSession(sim, 'power_off');
    } else {
      this.log.debug(`« ${sim.machine.name} » : porte du caisson ouverte`);
      await this.publishEvent(sim, 'alarm', { code: 'door_open', message: 'Porte du caisson ouverte pendant la mise sous tension' });
    }
    this.scheduleClear(sim.machine);
  }

  /** A trainer checks the machine and gives it back after a while. */
  private scheduleClear(machine: Machine) {
    this.later(this.opts.clearAlarmAfterMs, async () => {
      const machines = this.app.get(MachinesService);
      const fresh = await machines.findById(machine.id);
      if (fresh?.status !== 'to_check') return;
      await machines.changeStatus(fresh, 'free', null);
      this.log.debug(`« ${machine.name} » vérifiée par le formateur, de nouveau libre`);
    });
  }
}
