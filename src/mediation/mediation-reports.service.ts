import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, SelectQueryBuilder } from 'typeorm';
import { endOfDay, startOfDay } from '../common/local-format';
import { SitesService } from '../sites/sites.service';
import { FreeAccessCounts, FreeAccessRead } from '../stations/free-access-read';
import { MediationAccompaniment, MediationActivity } from './entities';
import type { ActivityType, AgeBand, Gender, PlaceType, SocialStatus, Topic } from './national';

/** What a report or an export is about: a period, one site or all (null), and optional slices. */
export interface ReportFilter {
  siteId: string | null;
  from: string;
  to: string;
  type?: ActivityType;
  placeType?: PlaceType;
  topic?: Topic;
  gender?: Gender;
  ageBand?: AgeBand;
  socialStatus?: SocialStatus;
}

export interface MediationReport {
  filter: ReportFilter;
  totals: {
    activities: number;
    individual: number;
    collective: number;
    accompaniments: number;
    people: number;
    followedPeople: number;
    anonymousPeople: number;
    newcomers: number;
    returning: number;
    minutes: number;
  };
  byPlace: Array<{ placeType: PlaceType; activities: number; accompaniments: number; minutes: number }>;
  byTopic: Array<{ topic: Topic; activities: number; accompaniments: number }>;
  byGender: Record<string, number>;
  byAgeBand: Record<string, number>;
  bySocialStatus: Record<string, number>;
  /**
   * Use of the public computers in the period (docs/free-access.md), read from the stations
   * feature: by site and period only (the public and topic slices do not apply to it).
   */
  freeAccess: FreeAccessCounts;
}

export interface ExportBatch {
  activities: MediationActivity[];
  participants: Map<string, MediationAccompaniment[]>;
}

const n = (v: unknown) => Number(v ?? 0);

/** What a report reads of one accompaniment (all in the report index). */
interface ReportRow {
  activityId: string;
  type: ActivityType;
  placeType: PlaceType;
  minutes: unknown;
  personId: string | null;
  firstTime: unknown;
  gender: string;
  ageBand: string;
  socialStatus: string;
}
const EXPORT_BATCH = 1000;

/**
 * Counts for funders and the network, and the rows of the national export, from the same filter
 * so the figures of a page and of its export agree. Only numbers and anonymous attributes leave.
 */
@Injectable()
export class MediationReportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly freeAccessRead: FreeAccessRead,
    private readonly sites: SitesService,
  ) {}

  /** The period's days on the site's clock (the default zone for every site). */
  private async freeAccess(f: ReportFilter): Promise<FreeAccessCounts> {
    const zone = await this.sites.zoneOf(f.siteId);
    return this.freeAccessRead.between(f.siteId, startOfDay(f.from, zone), endOfDay(f.to, zone));
  }

  /** Accompaniments matching the filter (alias `a`); the activity's slices are copied on each row. */
  private rows(f: ReportFilter): SelectQueryBuilder<MediationAccompaniment> {
    const qb = this.db.getRepository(MediationAccompaniment).createQueryBuilder('a').where('a.date BETWEEN :from AND :to', { from: f.from, to: f.to });
    if (f.siteId) qb.andWhere('a.siteId = :siteId', { siteId: f.siteId });
    if (f.type) qb.andWhere('a.type = :type', { type: f.type });
    if (f.placeType) qb.andWhere('a.placeType = :placeType', { placeType: f.placeType });
    if (f.gender) qb.andWhere('a.gender = :gender', { gender: f.gender });
    if (f.ageBand) qb.andWhere('a.ageBand = :ageBand', { ageBand: f.ageBand });
    if (f.socialStatus) qb.andWhere('a.socialStatus = :socialStatus', { socialStatus: f.socialStatus });
    if (f.topic)
      qb.andWhere('EXISTS (SELECT 1 FROM mediation_activity_topics t WHERE t."activityId" = a."activityId" AND t.topic = :topic)', { topic: f.topic });
    return qb;
  }

  /**
   * One pass over the filter's accompaniments (read from the report index alone, never the rows)
   * and one over their topics; the counting is done here. Four grouped statements cost ~4× the
   * reading, as each went over the same rows again.
   */
  async report(f: ReportFilter): Promise<MediationReport> {
    const [rows, byTopic, freeAccess] = await Promise.all([
      this.rows(f)
        .select('a.activityId', 'activityId')
        .addSelect('a.type', 'type')
        .addSelect('a.placeType', 'placeType')
        .addSelect('a.durationMinutes', 'minutes')
        .addSelect('a.personId', 'personId')
        .addSelect('a.firstTime', 'firstTime')
        .addSelect('a.gender', 'gender')
        .addSelect('a.ageBand', 'ageBand')
        .addSelect('a.socialStatus', 'socialStatus')
        .getRawMany<ReportRow>(),
      this.rows(f)
        .innerJoin('mediation_activity_topics', 't', 't."activityId" = a."activityId"')
        .select('t.topic', 'topic')
        .addSelect('COUNT(DISTINCT a.activityId)', 'activities')
        .addSelect('COUNT(*)', 'accompaniments')
        .groupBy('t.topic')
        .getRawMany<Record<string, unknown>>(),
      this.freeAccess(f),
    ]);
    const activities = new Set<string>();
    const followed = new Set<string>();
    const kinds = { individuel: 0, collectif: 0 };
    const byPlace = new Map<PlaceType, { placeType: PlaceType; activities: number; accompaniments: number; minutes: number }>();
    const byGender: Record<string, number> = {};
    const byAgeBand: Record<string, number> = {};
    const bySocialStatus: Record<string, number> = {};
    let anonymousPeople = 0;
    let newcomers = 0;
    for (const r of rows) {
      let place = byPlace.get(r.placeType);
      if (!place) byPlace.set(r.placeType, (place = { placeType: r.placeType, activities: 0, accompaniments: 0, minutes: 0 }));
      place.accompaniments++;
      // An activity counts once, its duration once, whatever the number of its participants.
      if (!activities.has(r.activityId)) {
        activities.add(r.activityId);
        place.activities++;
        place.minutes += n(r.minutes);
        kinds[r.type]++;
      }
      if (r.personId) followed.add(r.personId);
      else anonymousPeople++;
      if (r.firstTime === true || n(r.firstTime) === 1) newcomers++;
      byGender[r.gender] = (byGender[r.gender] ?? 0) + 1;
      byAgeBand[r.ageBand] = (byAgeBand[r.ageBand] ?? 0) + 1;
      bySocialStatus[r.socialStatus] = (bySocialStatus[r.socialStatus] ?? 0) + 1;
    }
    const people = followed.size + anonymousPeople;
    const places = [...byPlace.values()];
    return {
      filter: f,
      totals: {
        activities: kinds.individuel + kinds.collectif,
        individual: kinds.individuel,
        collective: kinds.collectif,
        accompaniments: rows.length,
        people,
        followedPeople: followed.size,
        anonymousPeople,
        newcomers,
        returning: people - newcomers,
        minutes: places.reduce((sum, p) => sum + p.minutes, 0),
      },
      byPlace: places.sort((a, b) => b.activities - a.activities),
      byTopic: byTopic
        .map((r) => ({ topic: r.topic as Topic, activities: n(r.activities), accompaniments: n(r.accompaniments) }))
        .sort((a, b) => b.activities - a.activities),
      byGender,
      byAgeBand,
      bySocialStatus,
      freeAccess,
    };
  }

  /**
   * The export's activities in order (day, then id), a batch at a time with their matching
   * participants, so a federation's years stream with bounded memory.
   */
  async *exportBatches(f: ReportFilter): AsyncGenerator<ExportBatch> {
    let after: { date: string; id: string } | null = null;
    for (;;) {
      const qb = this.db
        .getRepository(MediationActivity)
        .createQueryBuilder('act')
        .where('act.date BETWEEN :from AND :to', { from: f.from, to: f.to })
        .orderBy('act.date', 'ASC')
        .addOrderBy('act.id', 'ASC')
        .take(EXPORT_BATCH);
      if (f.siteId) qb.andWhere('act.siteId = :siteId', { siteId: f.siteId });
      if (f.type) qb.andWhere('act.type = :type', { type: f.type });
      if (f.placeType) qb.andWhere('act.placeType = :placeType', { placeType: f.placeType });
      if (f.topic) qb.andWhere('EXISTS (SELECT 1 FROM mediation_activity_topics t WHERE t."activityId" = act.id AND t.topic = :topic)', { topic: f.topic });
      // Every activity has a participant: only a public asked for narrows the activities.
      if (f.gender || f.ageBand || f.socialStatus) qb.andWhere(`EXISTS (${this.matching(f)})`);
      this.publicParams(qb, f);
      if (after) {
        const a = after;
        qb.andWhere(
          new Brackets((w) =>
            w.where('act.date > :afterDate', { afterDate: a.date }).orWhere('act.date = :afterDate AND act.id > :afterId', { afterId: a.id }),
          ),
        );
      }
      const activities = await qb.getMany();
      if (!activities.length) return;
      const participants = await this.participantsOf(
        activities.map((x) => x.id),
        f,
      );
      yield { activities, participants };
      const last = activities[activities.length - 1];
      after = { date: last.date, id: last.id };
      if (activities.length < EXPORT_BATCH) return;
    }
  }

  /**
   * The participants of a page of activities, by one plain statement: a query builder's named
   * list parameter costs more than the query itself at a thousand ids.
   */
  private async participantsOf(ids: string[], f: ReportFilter): Promise<Map<string, MediationAccompaniment[]>> {
    const params: unknown[] = [...ids];
    const param = (v: unknown) => {
      params.push(v);
      return this.db.driver.createParameter(`p${params.length}`, params.length - 1);
    };
    const list = ids.map((_, i) => this.db.driver.createParameter(`p${i + 1}`, i)).join(', ');
    const conds = [`"activityId" IN (${list})`];
    if (f.gender) conds.push(`"gender" = ${param(f.gender)}`);
    if (f.ageBand) conds.push(`"ageBand" = ${param(f.ageBand)}`);
    if (f.socialStatus) conds.push(`"socialStatus" = ${param(f.socialStatus)}`);
    const rows: MediationAccompaniment[] = await this.db.query(
      `SELECT * FROM mediation_accompaniments WHERE ${conds.join(' AND ')} ORDER BY "activityId", "seq"`,
      params,
    );
    const out = new Map<string, MediationAccompaniment[]>();
    for (const p of rows) {
      const list = out.get(p.activityId);
      if (list) list.push(p);
      else out.set(p.activityId, [p]);
    }
    return out;
  }

  /** An activity has at least one participant of the public asked for. */
  private matching(f: ReportFilter): string {
    const conds = ['p."activityId" = act.id'];
    if (f.gender) conds.push('p.gender = :gender');
    if (f.ageBand) conds.push('p."ageBand" = :ageBand');
    if (f.socialStatus) conds.push('p."socialStatus" = :socialStatus');
    return `SELECT 1 FROM mediation_accompaniments p WHERE ${conds.join(' AND ')}`;
  }

  private publicParams(qb: SelectQueryBuilder<MediationActivity>, f: ReportFilter) {
    if (f.gender) qb.setParameter('gender', f.gender);
    if (f.ageBand) qb.setParameter('ageBand', f.ageBand);
    if (f.socialStatus) qb.setParameter('socialStatus', f.socialStatus);
  }
}
