import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, MoreThan, Repository } from 'typeorm';
import { ChangeBus } from '../common/change-bus';
import { Membership } from './entities/membership.entity';
import { MembershipMember } from './entities/membership-member.entity';
import { MembershipRules } from './entities/membership-rules.entity';

/** Whether a person is a member now, as the badge-in decision and bookings need it. */
export interface MembershipState {
  /** The site asks for a current membership (to unlock, or to book). */
  required: boolean;
  current: boolean;
  /** When the person's latest membership ended (to say so), if they had one. */
  endedAt?: Date;
}

interface Picture {
  rules: Map<string, MembershipRules>;
  /** Paid periods by `siteId:personId`, holders and company members alike. */
  periods: Map<string, Array<{ startsAt: Date; endsAt: Date }>>;
}

const key = (siteId: string, personId: string) => `${siteId}:${personId}`;
/** Memberships ended long ago say nothing more than « none »: the picture keeps two years. */
const KEEP_ENDED_MS = 2 * 366 * 86400_000;

/**
 * The sites' membership rules and who is a member when, kept in memory so a badge-in reads no
 * table (as AccessFactsCache does for trainings). Any write to memberships or rules, here or on
 * another instance (ChangeBus kind `membership`), drops the picture; the next reader reloads it.
 */
@Injectable()
export class MembershipStanding {
  private picture?: Promise<Picture>;
  private generation = 0;

  constructor(
    @InjectRepository(Membership) private readonly memberships: Repository<Membership>,
    @InjectRepository(MembershipMember) private readonly members: Repository<MembershipMember>,
    @InjectRepository(MembershipRules) private readonly rules: Repository<MembershipRules>,
    private readonly changes: ChangeBus,
  ) {
    changes.on((c) => {
      if (c.kind === 'membership') this.invalidate();
    });
  }

  /**
   * Called after a write: this instance and the others reload, and the site's offline allow-lists
   * are published again (they hold members only where the site asks for a membership to unlock).
   */
  changed(siteId: string): void {
    this.changes.emit({ kind: 'membership', siteId });
  }

  invalidate(): void {
    this.generation++;
    this.picture = undefined;
  }

  private load(): Promise<Picture> {
    const gen = this.generation;
    const loading = (async () => {
      const since = new Date(Date.now() - KEEP_ENDED_MS);
      const [rules, paid] = await Promise.all([this.rules.find(), this.memberships.find({ where: { status: 'active', endsAt: MoreThan(since) } })]);
      const companyIds = paid.filter((m) => m.companyName !== null).map((m) => m.id);
      const extra = companyIds.length ? await this.members.findBy({ membershipId: In(companyIds) }) : [];
      const periods = new Map<string, Array<{ startsAt: Date; endsAt: Date }>>();
      const add = (siteId: string, personId: string, m: Membership) => {
        const k = key(siteId, personId);
        periods.set(k, [...(periods.get(k) ?? []), { startsAt: m.startsAt!, endsAt: m.endsAt! }]);
      };
      for (const m of paid) {
        if (!m.startsAt || !m.endsAt) continue;
        add(m.siteId, m.personId, m);
        for (const x of extra.filter((e) => e.membershipId === m.id && e.personId !== m.personId)) add(m.siteId, x.personId, m);
      }
      return { rules: new Map(rules.map((r) => [r.siteId, r])), periods };
    })();
    // A change during the load must not leave the older picture in place.
    loading.catch(() => undefined).then(() => gen !== this.generation && this.picture === loading && (this.picture = undefined));
    loading.catch(() => (this.picture === loading ? (this.picture = undefined) : undefined));
    return loading;
  }

  private get(): Promise<Picture> {
    this.picture ??= this.load();
    return this.picture;
  }

  async rulesOf(siteId: string): Promise<{ requiredToBook: boolean; requiredToUnlock: boolean }> {
    const r = (await this.get()).rules.get(siteId);
    return { requiredToBook: !!r?.requiredToBook, requiredToUnlock: !!r?.requiredToUnlock };
  }

  /** Member at `at`: a paid period covers it. */
  async isMember(siteId: string, personId: string, at: Date): Promise<{ current: boolean; endedAt?: Date }> {
    const periods = (await this.get()).periods.get(key(siteId, personId)) ?? [];
    if (periods.some((p) => p.startsAt <= at && at < p.endsAt)) return { current: true };
    const ended = periods.filter((p) => p.endsAt <= at).map((p) => p.endsAt.getTime());
    return { current: false, endedAt: ended.length ? new Date(Math.max(...ended)) : undefined };
  }

  /**
   * Until when a person stays a member without a break from `at` (periods that follow on are
   * joined: this year's then next year's already paid); null when not a member at `at`.
   */
  async memberUntil(siteId: string, personId: string, at: Date): Promise<Date | null> {
    const periods = [...((await this.get()).periods.get(key(siteId, personId)) ?? [])].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    let until: Date | null = null;
    for (const p of periods) {
      const from = until ?? at;
      if (p.startsAt <= from && from < p.endsAt) until = p.endsAt;
    }
    return until;
  }

  /** For the badge-in decision: does the site ask for membership to unlock, and is the person a member now. */
  async forUnlock(siteId: string, personId: string, now: Date): Promise<MembershipState> {
    const { requiredToUnlock } = await this.rulesOf(siteId);
    if (!requiredToUnlock) return { required: false, current: true };
    return { required: true, ...(await this.isMember(siteId, personId, now)) };
  }

  /** For a booking: does the site ask for membership to book, and is the person a member when it starts. */
  async forBooking(siteId: string, personId: string, startsAt: Date): Promise<MembershipState> {
    const { requiredToBook } = await this.rulesOf(siteId);
    if (!requiredToBook) return { required: false, current: true };
    return { required: true, ...(await this.isMember(siteId, personId, startsAt)) };
  }
}
