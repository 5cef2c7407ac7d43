import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Between, In, Repository } from 'typeorm';
import { IssuedCredential } from './entities/issued-credential.entity';
import { AGE_BANDS, CATEGORIES, LearnerProfile, NEEDS } from './entities/learner-profile.entity';
import { SkillEvidence } from './entities/skill-evidence.entity';
import { WorkshopEnrolment } from './entities/workshop-enrolment.entity';
import { Workshop } from './entities/workshop.entity';

export interface FunderReport {
  siteId: string;
  from: string;
  to: string;
  peopleTrained: number;
  byNeed: Record<string, number>;
  byAgeBand: Record<string, number>;
  byCategory: Record<string, number>;
  workshopsHeld: number;
  hoursDelivered: number;
  certificationsReached: number;
}

const zeroes = (keys: readonly string[]) => Object.fromEntries([...keys, 'not_given'].map((k) => [k, 0])) as Record<string, number>;

/**
 * Counts for funders, never lists of people. Age band and categories are counted only for people
 * who consented; everyone else is "not_given".
 */
@Injectable()
export class ReportsService {
  constructor(
    @InjectRepository(SkillEvidence) private readonly evidence: Repository<SkillEvidence>,
    @InjectRepository(LearnerProfile) private readonly profiles: Repository<LearnerProfile>,
    @InjectRepository(Workshop) private readonly workshops: Repository<Workshop>,
    @InjectRepository(WorkshopEnrolment) private readonly enrolments: Repository<WorkshopEnrolment>,
    @InjectRepository(IssuedCredential) private readonly issued: Repository<IssuedCredential>,
  ) {}

  async funderReport(siteId: string, from: string, to: string): Promise<FunderReport> {
    const start = new Date(`${from}T00:00:00Z`);
    const end = new Date(`${to}T23:59:59.999Z`);
    const evidence = await this.evidence.find({ select: { personId: true }, where: { siteId, date: Between(from, to) } });
    const workshops = await this.workshops.findBy({ siteId, startsAt: Between(start, end) });
    const attended = workshops.length ? await this.enrolments.findBy({ workshopId: In(workshops.map((w) => w.id)), attended: true }) : [];
    const people = new Set([...evidence.map((e) => e.personId), ...attended.map((a) => a.personId)]);
    const profiles = people.size ? await this.profiles.findBy({ personId: In([...people]) }) : [];
    const byPerson = new Map(profiles.map((p) => [p.personId, p]));

    const byNeed = zeroes(NEEDS);
    const byAgeBand = zeroes(AGE_BANDS);
    const byCategory = zeroes(CATEGORIES);
    for (const id of people) {
      const p = byPerson.get(id);
      byNeed[p?.need ?? 'not_given']++;
      const consented = Boolean(p?.categoriesConsent);
      byAgeBand[consented && p!.ageBand ? p!.ageBand : 'not_given']++;
      if (consented && p!.categories.length) for (const c of p!.categories) byCategory[c]++;
      else byCategory.not_given++;
    }
    const minutes = new Map(workshops.map((w) => [w.id, w.durationMinutes]));
    const hoursDelivered = Math.round((attended.reduce((s, a) => s + (minutes.get(a.workshopId) ?? 0), 0) / 60) * 10) / 10;
    const certificationsReached = await this.issued.countBy({ siteId, kind: 'certification', issuedAt: Between(start, end) });
    return {
      siteId,
      from,
      to,
      peopleTrained: people.size,
      byNeed,
      byAgeBand,
      byCategory,
      workshopsHeld: workshops.filter((w) => attended.some((a) => a.workshopId === w.id)).length,
      hoursDelivered,
      certificationsReached,
    };
  }
}
