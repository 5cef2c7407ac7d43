import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, sign } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import type { Machine } from '../machines/entities/machine.entity';
import { isPublicComputer } from '../machines/machine-types';
import { MachinesService } from '../machines/machines.service';
import { MembershipStanding } from '../memberships/membership-standing';
import { PeopleService } from '../people/people.service';
import { SiteKeysService } from '../sites/site-keys.service';
import { SitesService } from '../sites/sites.service';
import { TrainingsService, trainingCovers } from '../trainings/trainings.service';
import { AccessReadService } from '../access/access-read.service';
import type { Training } from '../trainings/entities/training.entity';
import { LastUse, lapseOf, lastUseOf } from '../trainings/lapse';
import type { Bridge } from './entities/bridge.entity';
import { jcs } from './jcs';

const UNUSABLE = new Set(['maintenance', 'disabled', 'to_check']);

export interface AllowlistEntry {
  machine: string;
  uidHash: string;
  until: string;
}

export const uidHash = (salt: string, uid: string) => createHash('sha256').update(`${salt}:${uid}`, 'utf8').digest('hex');

/**
 * What a bridge's offline allow-list holds (MQTT-PROTOCOL.md, "Offline allow-list"): for each of
 * its usable machines, the badges of active people with a valid training for it (and a current
 * membership where the site asks for one), each until the earliest end; signed with the site's key.
 * AllowlistService decides when to publish.
 */
@Injectable()
export class AllowlistBuilder {
  private lastVersion = 0;

  constructor(
    private readonly people: PeopleService,
    private readonly machines: MachinesService,
    private readonly trainings: TrainingsService,
    private readonly membership: MembershipStanding,
    private readonly sites: SitesService,
    private readonly keys: SiteKeysService,
    private readonly config: AppConfig,
    private readonly reads: AccessReadService,
  ) {}

  /** Last sessions per person and machine, read only when a training of the site lapses when unused. */
  private async lastUsesOf(siteId: string, trainings: Training[]): Promise<LastUse[]> {
    if (!trainings.some((t) => t.lapseMonths)) return [];
    const [uses, machines] = await Promise.all([this.reads.lastUses(siteId), this.machines.ofSite(siteId)]);
    const types = new Map(machines.map((m) => [m.id, m.type as string]));
    return uses.map((u) => ({ ...u, machineType: types.get(u.machineId) ?? '' }));
  }

  /**
   * Builds and signs the list of one bridge: entries only for its usable machines. `site` is what
   * the lists of its site's bridges are made from, read once for all of them (siteAccessOf).
   */
  async build(bridge: Bridge, now = new Date(), site?: SiteAccess): Promise<Record<string, unknown>> {
    const lifetimeDays = this.config.env.ALLOWLIST_DAYS;
    const expiresAt = new Date(now.getTime() + lifetimeDays * 86400_000);
    const salt = randomBytes(16).toString('hex');
    const machines = (await this.machines.forBridge(bridge.id)).filter((m) => !UNUSABLE.has(m.status));
    const facts = site ?? (await this.siteAccessOf(bridge.siteId, now));
    const entries = machines.length ? entriesOf(facts, machines, salt, now, expiresAt) : [];
    // Versions only grow, even when two are issued within the same millisecond.
    this.lastVersion = Math.max(this.lastVersion + 1, now.getTime());
    const unsigned = {
      version: this.lastVersion,
      issuedAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
      site: facts.slug,
      bridge: bridge.slug,
      salt,
      entries,
    };
    const { privateKey } = await this.keys.keyPairFor(bridge.siteId);
    const sig = sign(null, Buffer.from(jcs(unsigned), 'utf8'), privateKey).toString('base64');
    return { ...unsigned, sig };
  }

  /** Who may use what on a site, as of `now`: read once for all the site's bridges (a site of 20 bridges read it 20 times). */
  async siteAccessOf(siteId: string, now = new Date()): Promise<SiteAccess> {
    const [site, people, badges, trainings, qualifications] = await Promise.all([
      this.sites.findById(siteId),
      this.people.activeOfSite(siteId),
      this.people.activeBadgesOfSite(siteId),
      this.trainings.trainingsOfSite(siteId),
      this.trainings.qualificationsFor({ siteId }),
    ]);
    const [lastUses, zone] = await Promise.all([this.lastUsesOf(siteId, trainings), this.sites.zoneOf(siteId)]);
    // A site that asks for a current membership to unlock: offline too, a member only until their membership ends.
    const memberUntil = (await this.membership.rulesOf(siteId)).requiredToUnlock
      ? new Map(await Promise.all(people.map(async (p) => [p.id, await this.membership.memberUntil(siteId, p.id, now)] as const)))
      : null;
    return { slug: site!.slug, active: new Set(people.map((p) => p.id)), badges, trainings, qualifications, lastUses, zone, memberUntil };
  }

  /** The PEM a bridge is given at pairing to check the lists' signatures. */
  async publicKeyPem(siteId: string): Promise<string> {
    return (await this.keys.keyPairFor(siteId)).publicKeyPem;
  }
}

/** What a site's lists are made from (AllowlistBuilder.siteAccessOf). */
export interface SiteAccess {
  slug: string;
  active: Set<string>;
  badges: Awaited<ReturnType<PeopleService['activeBadgesOfSite']>>;
  trainings: Training[];
  qualifications: Awaited<ReturnType<TrainingsService['qualificationsFor']>>;
  lastUses: LastUse[];
  zone: string;
  memberUntil: Map<string, Date | null> | null;
}

function entriesOf(site: SiteAccess, machines: Machine[], salt: string, now: Date, listEnd: Date): AllowlistEntry[] {
  const { active, badges, trainings, qualifications, lastUses, zone, memberUntil } = site;
  const trainingById = new Map(trainings.map((t) => [t.id, t]));
  const entries: AllowlistEntry[] = [];
  // One hash per badge, not per badge and machine (a bridge of 50 machines: 50 times fewer); one text per end date.
  const hashes = new Map<string, string>();
  const hashOf = (uid: string) => hashes.get(uid) ?? hashes.set(uid, uidHash(salt, uid)).get(uid)!;
  const isos = new Map<number, string>();
  const isoOf = (d: Date) => isos.get(d.getTime()) ?? isos.set(d.getTime(), d.toISOString()).get(d.getTime())!;
  for (const machine of machines) {
    const covering = new Set(trainings.filter((t) => trainingCovers(t, machine)).map((t) => t.id));
    const untilByPerson = new Map<string, Date>();
    // A public computer needs no training (docs/free-access.md): every active person, offline too.
    const free = isPublicComputer(machine);
    if (free) for (const id of active) untilByPerson.set(id, listEnd);
    for (const q of free ? [] : qualifications) {
      if (!covering.has(q.trainingId) || !active.has(q.personId)) continue;
      if (q.suspendedAt || (q.expiresAt && q.expiresAt <= now)) continue;
      // A training that lapses when unused: not once lapsed, and offline only until it would lapse.
      const t = trainingById.get(q.trainingId)!;
      const lapse = lapseOf(q, t, lastUseOf(t, q.personId, lastUses), zone);
      if (lapse && lapse.lapsesAt <= now) continue;
      let end = q.expiresAt && q.expiresAt < listEnd ? q.expiresAt : listEnd;
      if (lapse && lapse.lapsesAt < end) end = lapse.lapsesAt;
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
      entries.push({ machine: machine.slug, uidHash: hashOf(badge.uid), until: isoOf(until) });
    }
  }
  return entries;
}
