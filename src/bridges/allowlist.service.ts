import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes, sign } from 'node:crypto';
import { Repository } from 'typeorm';
import { ChangeBus } from '../common/change-bus';
import { AppConfig } from '../config/app-config';
import { MqttService } from '../infra/mqtt/mqtt.service';
import { Queues } from '../infra/queue/queues';
import { topics } from '../infra/mqtt/topics';
import type { Machine } from '../machines/entities/machine.entity';
import { MachinesService } from '../machines/machines.service';
import { MembershipStanding } from '../memberships/membership-standing';
import { PeopleService } from '../people/people.service';
import { SiteKeysService } from '../sites/site-keys.service';
import { SitesService } from '../sites/sites.service';
import { TrainingsService, trainingCovers } from '../trainings/trainings.service';
import { Bridge } from './entities/bridge.entity';
import { jcs } from './jcs';

export const ALLOWLIST_QUEUE = 'allowlists';
const UNUSABLE = new Set(['maintenance', 'disabled', 'to_check']);
const DEBOUNCE_MS = 1000;

export interface AllowlistEntry {
  machine: string;
  uidHash: string;
  until: string;
}

export const uidHash = (salt: string, uid: string) => createHash('sha256').update(`${salt}:${uid}`, 'utf8').digest('hex');

/**
 * Signed offline allow-lists (MQTT-PROTOCOL.md, "Offline allow-list"): who may use each of a
 * bridge's machines while the server is out of reach. Published retained on every change and daily.
 */
@Injectable()
export class AllowlistService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('Allowlist');
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private lastVersion = 0;

  constructor(
    @InjectRepository(Bridge) private readonly bridges: Repository<Bridge>,
    private readonly people: PeopleService,
    private readonly machines: MachinesService,
    private readonly trainings: TrainingsService,
    private readonly membership: MembershipStanding,
    private readonly sites: SitesService,
    private readonly keys: SiteKeysService,
    private readonly mqtt: MqttService,
    private readonly config: AppConfig,
    queues: Queues,
    changes: ChangeBus,
  ) {
    queues.schedule({ queue: ALLOWLIST_QUEUE, job: 'publish-all', repeat: { every: 24 * 3600_000 } });
    queues.handle(ALLOWLIST_QUEUE, 'publish-all', () => this.publishAll());
    changes.on(
      (c) => {
        if (c.affectsAccess === false) return;
        if (c.siteId) this.scheduleSite(c.siteId);
        else void this.publishAll();
      },
      { remote: false },
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    void this.publishAll();
  }

  onModuleDestroy(): void {
    this.pending.forEach((timer) => clearTimeout(timer));
    this.pending.clear();
  }

  /** Many changes in a row (an import of badges, say) give one new version per site. */
  scheduleSite(siteId: string): void {
    clearTimeout(this.pending.get(siteId));
    const timer = setTimeout(() => {
      this.pending.delete(siteId);
      void this.publishSite(siteId).catch((err) => this.log.error(`allow-lists of site ${siteId}: ${err.message}`));
    }, DEBOUNCE_MS);
    timer.unref();
    this.pending.set(siteId, timer);
  }

  async publishAll(): Promise<void> {
    const siteIds = new Set((await this.bridges.find()).map((b) => b.siteId));
    for (const siteId of siteIds) await this.publishSite(siteId);
  }

  async publishSite(siteId: string): Promise<void> {
    for (const bridge of await this.bridges.findBy({ siteId })) await this.publish(bridge);
  }

  async publish(bridge: Bridge): Promise<Record<string, unknown>> {
    const list = await this.build(bridge);
    const site = (await this.sites.findById(bridge.siteId))!;
    await this.mqtt.publish(topics.bridgeAllowlist(site.slug, bridge.slug), list, { qos: 1, retain: true });
    this.log.debug(`allow-list v${list.version} for ${site.slug}/${bridge.slug}: ${(list.entries as unknown[]).length} entries`);
    return list;
  }

  /** Builds and signs the list of one bridge: entries only for its usable machines. */
  async build(bridge: Bridge, now = new Date()): Promise<Record<string, unknown>> {
    const site = (await this.sites.findById(bridge.siteId))!;
    const lifetimeDays = this.config.env.ALLOWLIST_DAYS;
    const expiresAt = new Date(now.getTime() + lifetimeDays * 86400_000);
    const salt = randomBytes(16).toString('hex');
    const machines = (await this.machines.forBridge(bridge.id)).filter((m) => !UNUSABLE.has(m.status));
    const entries = machines.length ? await this.entriesFor(bridge.siteId, machines, salt, now, expiresAt) : [];
    // Versions only grow, even when two are issued within the same millisecond.
    this.lastVersion = Math.max(this.lastVersion + 1, now.getTime());
    const unsigned = {
      version: this.lastVersion,
      issuedAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
      site: site.slug,
      bridge: bridge.slug,
      salt,
      entries,
    };
    const { privateKey } = await this.keys.keyPairFor(bridge.siteId);
    const sig = sign(null, Buffer.from(jcs(unsigned), 'utf8'), privateKey).toString('base64');
    return { ...unsigned, sig };
  }

  private async entriesFor(siteId: string, machines: Machine[], salt: string, now: Date, listEnd: Date): Promise<AllowlistEntry[]> {
    const [people, badges, trainings, qualifications] = await Promise.all([
      this.people.activeOfSite(siteId),
      this.people.activeBadgesOfSite(siteId),
      this.trainings.trainingsOfSite(siteId),
      this.trainings.qualificationsFor({ siteId }),
    ]);
    const active = new Set(people.map((p) => p.id));
    // A site that asks for a current membership to unlock: offline too, a member only until their membership ends.
    const memberUntil = (await this.membership.rulesOf(siteId)).requiredToUnlock
      ? new Map(await Promise.all(people.map(async (p) => [p.id, await this.membership.memberUntil(siteId, p.id, now)] as const)))
      : null;
    const entries: AllowlistEntry[] = [];
    for (const machine of machines) {
      const covering = new Set(trainings.filter((t) => trainingCovers(t, machine)).map((t) => t.id));
      const untilByPerson = new Map<string, Date>();
      for (const q of qualifications) {
        if (!covering.has(q.trainingId) || !active.has(q.personId)) continue;
        if (q.suspendedAt || (q.expiresAt && q.expiresAt <= now)) continue;
        const end = q.expiresAt && q.expiresAt < listEnd ? q.expiresAt : listEnd;
        const best = untilByPerson.get(q.personId);
        if (!best || end > best) untilByPerson.set(q.personId, end);
      }
      for (const badge of badges) {
        let until = untilByPerson.get(badge.personId);
        // Where membership is required to unlock: members only, until their membership ends.
        const member = memberUntil?.get(badge.personId);
        if (memberUntil && (!member || (until && member < until))) until = member ?? undefined;
        // A day card or visitor pass: offline too, only within its window.
        if (!until || (badge.validFrom && badge.validFrom > now) || (badge.validUntil && badge.validUntil <= now)) continue;
        if (badge.validUntil && badge.validUntil < until) until = badge.validUntil;
        entries.push({ machine: machine.slug, uidHash: uidHash(salt, badge.uid), until: until.toISOString() });
      }
    }
    return entries;
  }

  /** The PEM a bridge is given at pairing to check the lists' signatures. */
  async publicKeyPem(siteId: string): Promise<string> {
    return (await this.keys.keyPairFor(siteId)).publicKeyPem;
  }
}
