import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Between, DataSource, EntityManager, In, Repository } from 'typeorm';
import { invalidInput } from '../common/validation';
import { PeopleService } from '../people/people.service';
import type { FollowPersonDto, RecordActivityDto } from './dto/mediation.dto';
import { FollowedPerson, MediationAccompaniment, MediationActivity, MediationActivityTopic } from './entities';
import { activityRuleBreaks } from './activity-rules';
import { ageBandOf, type AgeBand, type Gender, type SocialStatus } from './national';

/** Who records: the site the activity belongs to and the mediator who did it. */
export interface Recorder {
  siteId: string;
  mediatorId: string;
}

export interface RecordResult {
  activity: MediationActivity;
  /** False when this id was already recorded (a queue sending twice): nothing was written. */
  created: boolean;
}

type Participant = Omit<MediationAccompaniment, 'id' | 'activityId' | 'seq' | 'siteId' | 'date' | 'type' | 'placeType' | 'durationMinutes'>;

/** Each anonymous participant's attributes, spread from a workshop's counters (the rest: not given). */
export function spreadCounters<K extends string>(total: number, counts: Partial<Record<K, number>> | undefined, fallback: K): K[] {
  const out: K[] = [];
  for (const [k, n] of Object.entries(counts ?? {}) as Array<[K, number | undefined]>) for (let i = 0; i < (n ?? 0); i++) out.push(k);
  while (out.length < total) out.push(fallback);
  return out;
}

const INSERT_CHUNK = 500;

/**
 * The mediation log. `record` is what every writer calls — the phone form, the API, a later
 * outreach feature's offline queue — and is idempotent by the client's id.
 */
@Injectable()
export class MediationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(MediationActivity) private readonly activities: Repository<MediationActivity>,
    @InjectRepository(MediationAccompaniment) private readonly accompaniments: Repository<MediationAccompaniment>,
    @InjectRepository(FollowedPerson) private readonly followed: Repository<FollowedPerson>,
    private readonly people: PeopleService,
  ) {}

  /**
   * Records one activity with its participants. The same id sent again by the same site answers
   * the stored activity and writes nothing; another site's id is a conflict.
   */
  async record(by: Recorder, dto: RecordActivityDto): Promise<RecordResult> {
    const id = dto.id ?? randomUUID();
    const known = await this.activities.findOneBy({ id });
    if (known) return this.sameAgain(by, known);
    const reasons = activityRuleBreaks(dto);
    if (reasons.length) throw invalidInput(reasons);
    const participants = await this.participantsOf(by.siteId, dto);
    try {
      const activity = await this.db.transaction((em) => this.write(em, by, id, dto, participants));
      return { activity, created: true };
    } catch (err) {
      // Two copies of one activity at once: the other one won, and this one is the same.
      const again = await this.activities.findOneBy({ id });
      if (again) return this.sameAgain(by, again);
      throw err;
    }
  }

  private sameAgain(by: Recorder, known: MediationActivity): RecordResult {
    if (known.siteId !== by.siteId) throw new ConflictException({ code: 'id_taken', message: 'Cet identifiant est déjà pris. This id is taken.' });
    return { activity: known, created: false };
  }

  private async write(em: EntityManager, by: Recorder, id: string, dto: RecordActivityDto, participants: Participant[]): Promise<MediationActivity> {
    const individual = dto.type === 'individuel';
    const activity = em.create(MediationActivity, {
      id,
      siteId: by.siteId,
      mediatorId: by.mediatorId,
      type: dto.type,
      date: dto.date,
      durationMinutes: dto.durationMinutes,
      placeType: dto.placeType,
      placeName: dto.placeType === 'autre' ? (dto.placeName ?? null) : null,
      placeAddress: dto.placeType === 'autre' ? (dto.placeAddress ?? null) : null,
      placeCommune: dto.placeCommune ?? null,
      placePostalCode: dto.placePostalCode ?? null,
      placeInseeCode: dto.placeInseeCode ?? null,
      equipment: dto.equipment ?? [],
      topics: dto.topics,
      procedureName: dto.procedureName ?? null,
      mandateUsed: dto.mandateUsed ?? false,
      autonomy: individual ? (dto.autonomy ?? null) : null,
      redirected: individual ? (dto.redirected ?? null) : null,
      redirectedTo: individual && dto.redirected ? (dto.redirectedTo ?? null) : null,
      workshopTitle: individual ? null : (dto.workshopTitle ?? null),
      workshopLevel: individual ? null : (dto.workshopLevel ?? null),
      notes: dto.notes ?? null,
      participantsCount: participants.length,
    });
    await em.insert(MediationActivity, activity);
    const topics = dto.topics.map((topic) => ({ activityId: id, topic, siteId: by.siteId, date: dto.date }));
    await em.insert(MediationActivityTopic, topics);
    const rows = participants.map((p, i) => ({
      ...p,
      id: randomUUID(),
      activityId: id,
      seq: i + 1,
      siteId: by.siteId,
      date: dto.date,
      type: dto.type,
      placeType: dto.placeType,
      durationMinutes: dto.durationMinutes,
    }));
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) await em.insert(MediationAccompaniment, rows.slice(i, i + INSERT_CHUNK));
    return em.findOneByOrFail(MediationActivity, { id });
  }

  /** The participants as rows: followed people (consent checked) then anonymous ones. */
  private async participantsOf(siteId: string, dto: RecordActivityDto): Promise<Participant[]> {
    const year = Number(dto.date.slice(0, 4));
    const ids = dto.type === 'individuel' ? (dto.personId ? [dto.personId] : []) : (dto.participantIds ?? []);
    const followed = await this.followedAt(siteId, ids);
    const seen = await this.alreadySeen(siteId, ids);
    const named: Participant[] = ids.map((personId) => {
      const f = followed.get(personId)!;
      return {
        personId,
        firstTime: !seen.has(personId),
        gender: f.gender,
        ageBand: ageBandOf(f.birthYear, year),
        socialStatus: f.socialStatus,
        commune: f.commune,
        postalCode: f.postalCode,
        inseeCode: f.inseeCode,
      };
    });
    if (dto.type === 'individuel') {
      if (named.length) return named;
      return [
        {
          personId: null,
          firstTime: !dto.alreadyAccompanied,
          gender: dto.gender ?? 'non_communique',
          ageBand: ageBandOf(dto.birthYear, year),
          socialStatus: dto.socialStatus ?? 'non_communique',
          commune: dto.beneficiaryCommune ?? null,
          postalCode: dto.beneficiaryPostalCode ?? null,
          inseeCode: dto.beneficiaryInseeCode ?? null,
        },
      ];
    }
    return [...named, ...anonymousRows(dto)];
  }

  /** Followed people of the site, each with consent; any other id is refused by name. */
  private async followedAt(siteId: string, ids: string[]): Promise<Map<string, FollowedPerson>> {
    if (!ids.length) return new Map();
    const rows = await this.followed.findBy({ personId: In(ids), siteId });
    const found = new Map(rows.map((r) => [r.personId, r]));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) {
      // Names only for people of this site: an id of elsewhere says nothing more than itself.
      const people = await Promise.all(missing.map((id) => this.people.findPerson(id)));
      const who = missing.map((id, i) => (people[i]?.siteId === siteId ? people[i]!.displayName : id)).join(', ');
      throw invalidInput([
        `Personne non suivie ici ou sans consentement enregistré : ${who}. Enregistrez d'abord son accord (« Suivre cette personne »), ou notez-la comme anonyme.`,
      ]);
    }
    return found;
  }

  private async alreadySeen(siteId: string, ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = await this.accompaniments
      .createQueryBuilder('a')
      .select('DISTINCT a.personId', 'personId')
      .where('a.siteId = :siteId AND a.personId IN (:...ids)', { siteId, ids })
      .getRawMany<{ personId: string }>();
    return new Set(rows.map((r) => r.personId));
  }

  async get(id: string): Promise<MediationActivity> {
    const a = await this.activities.findOneBy({ id });
    if (!a) throw new NotFoundException({ code: 'not_found', message: 'Activité introuvable. Not found.' });
    return a;
  }

  participantsOfActivity(activityId: string) {
    return this.accompaniments.find({ where: { activityId }, order: { seq: 'ASC' } });
  }

  /** One site's log for a period, newest first (at most `limit` lines). */
  log(siteId: string, from: string, to: string, opts: { mediatorId?: string; limit?: number } = {}) {
    return this.activities.find({
      where: { siteId, date: Between(from, to), ...(opts.mediatorId ? { mediatorId: opts.mediatorId } : {}) },
      order: { date: 'DESC', createdAt: 'DESC' },
      take: opts.limit ?? 200,
    });
  }

  /** Follows a person by name: their consent is required and recorded (when, by whom). */
  async follow(siteId: string, personId: string, recordedBy: string, dto: FollowPersonDto): Promise<FollowedPerson> {
    const reasons: string[] = [];
    if (!dto.consent)
      reasons.push("Le consentement de la personne est nécessaire pour la suivre nominativement : sans lui, notez l'accompagnement comme anonyme.");
    if (dto.prescriberConsent && !dto.prescriberEmail) reasons.push("Indiquez l'e-mail du prescripteur à qui la personne accepte que l'on écrive.");
    if (reasons.length) throw invalidInput(reasons);
    const known = await this.followed.findOneBy({ personId });
    const row = known ?? this.followed.create({ personId, siteId, consentAt: new Date(), consentRecordedBy: recordedBy, milestoneMailed: 0 });
    Object.assign(row, {
      birthYear: dto.birthYear ?? row.birthYear ?? null,
      gender: dto.gender ?? row.gender ?? 'non_communique',
      socialStatus: dto.socialStatus ?? row.socialStatus ?? 'non_communique',
      commune: dto.commune ?? row.commune ?? null,
      postalCode: dto.postalCode ?? row.postalCode ?? null,
      inseeCode: dto.inseeCode ?? row.inseeCode ?? null,
      prescriberName: dto.prescriberName ?? row.prescriberName ?? null,
      prescriberEmail: dto.prescriberEmail ?? row.prescriberEmail ?? null,
    });
    if (dto.prescriberConsent === true && !row.prescriberConsentAt) row.prescriberConsentAt = new Date();
    if (dto.prescriberConsent === false) Object.assign(row, { prescriberConsentAt: null, prescriberEmail: null, prescriberName: null });
    return this.followed.save(row);
  }

  /** Withdrawing consent: the person is no longer followed by name; their past lines stay counted, without the link. */
  async unfollow(personId: string): Promise<void> {
    await this.db.transaction(async (em) => {
      await em.update(MediationAccompaniment, { personId }, { personId: null });
      await em.delete(FollowedPerson, { personId });
    });
  }

  followedPerson(personId: string): Promise<FollowedPerson | null> {
    return this.followed.findOneBy({ personId });
  }

  followedOfSite(siteId: string): Promise<FollowedPerson[]> {
    return this.followed.findBy({ siteId });
  }

  saveFollowed(row: FollowedPerson): Promise<FollowedPerson> {
    return this.followed.save(row);
  }

  /** Minutes of accompaniment a person received (individual and workshops of the log), by day. */
  async minutesOf(personId: string, from?: string): Promise<Array<{ date: string; type: string; minutes: number }>> {
    const qb = this.accompaniments
      .createQueryBuilder('a')
      .select(['a.date AS date', 'a.type AS type', 'a.durationMinutes AS minutes'])
      .where('a.personId = :personId', { personId });
    if (from) qb.andWhere('a.date >= :from', { from });
    const rows = await qb.orderBy('a.date', 'ASC').getRawMany<{ date: string; type: string; minutes: number | string }>();
    return rows.map((r) => ({ date: r.date, type: r.type, minutes: Number(r.minutes) }));
  }
}

/** A workshop's anonymous counters as one row per participant. */
function anonymousRows(dto: RecordActivityDto): Participant[] {
  const c = dto.anonymous;
  if (!c?.total) return [];
  const genders = spreadCounters<Gender>(c.total, c.genders, 'non_communique');
  const bands = spreadCounters<AgeBand>(c.total, c.ageBands as Partial<Record<AgeBand, number>>, 'non_communique');
  const statuses = spreadCounters<SocialStatus>(c.total, c.statuses, 'non_communique');
  const returning = c.alreadyAccompanied ?? 0;
  return Array.from({ length: c.total }, (_, i) => ({
    personId: null,
    firstTime: i >= returning,
    gender: genders[i],
    ageBand: bands[i],
    socialStatus: statuses[i],
    commune: null,
    postalCode: null,
    inseeCode: null,
  }));
}
