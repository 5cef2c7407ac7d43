import { Injectable } from '@nestjs/common';
import type { Viewer } from '../common/viewer';
import type { Part } from '../inventory/entities/part.entity';
import { StockService } from '../inventory/stock.service';
import { PeopleService } from '../people/people.service';
import { TrainingsService } from '../trainings/trainings.service';
import type { Lang } from '../web/i18n';

/** Qualifications ending within this many days show among the alerts. */
const EXPIRY_NOTICE_DAYS = 30;

export interface ExpiringQualification {
  training: string;
  person: string;
  expiresAt: Date;
}

/** What runs out soon on a site, for the manager's day: stock at its threshold, qualifications about to end. */
export interface RunningOut {
  low: Array<{ part: Part; quantity: number }>;
  expiring: ExpiringQualification[];
}

/**
 * The alerts of the manager's day that are not machines: parts at or below their threshold, and
 * members' qualifications ending within a month, with the member's and the training's names.
 */
@Injectable()
export class TodayAlerts {
  constructor(
    private readonly stock: StockService,
    private readonly trainings: TrainingsService,
    private readonly people: PeopleService,
  ) {}

  async runningOut(viewer: Viewer, siteId: string, now: Date, lang: Lang): Promise<RunningOut> {
    const [low, expiring] = await Promise.all([
      this.stock.lowStock(viewer, siteId),
      this.trainings.expiringBetween(now, new Date(now.getTime() + EXPIRY_NOTICE_DAYS * 86400_000), siteId),
    ]);
    const [names, trainings] = await Promise.all([
      this.people.displayNames(expiring.map((x) => x.personId)),
      this.trainings.trainingsByIds(expiring.map((x) => x.trainingId)),
    ]);
    const trainingName = new Map(trainings.map((x) => [x.id, lang === 'en' && x.nameEn ? x.nameEn : x.name]));
    return {
      low,
      expiring: expiring.map((x) => ({ training: trainingName.get(x.trainingId) ?? '?', person: names.get(x.personId) ?? '?', expiresAt: x.expiresAt! })),
    };
  }
}
