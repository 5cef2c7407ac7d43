import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, ObjectLiteral, Repository, SelectQueryBuilder } from 'typeorm';
import { isUniqueViolation } from '../infra/database/db-errors';
import { TrainingsService } from '../trainings/trainings.service';
import type { Requirement } from './entities/certification.entity';
import { EvidenceRule } from './entities/evidence-rule.entity';
import { EvidenceSource, SkillEvidence } from './entities/skill-evidence.entity';
import { Skill } from './entities/skill.entity';
import { FrameworksService } from './frameworks.service';
import { bestLevels, Progress, progressToward, ruleMet } from './progress';

/** Session ends that mean a job went through without an alarm (not cut by the server). */
export const CLEAN_SESSION_ENDS = ['badge_out', 'idle_timeout', 'power_off', 'manual'];

export interface NewEvidence {
  siteId: string;
  personId: string;
  skillId: string;
  level: number;
  date: string;
  source: EvidenceSource;
  sourceRef: string;
  validatedBy: string | null;
  note?: string;
}

const today = () => new Date().toISOString().slice(0, 10);

/** Evidence of skills, the rules that log it automatically, and progress toward targets. */
@Injectable()
export class EvidenceService {
  constructor(
    @InjectRepository(SkillEvidence) private readonly evidence: Repository<SkillEvidence>,
    @InjectRepository(EvidenceRule) private readonly rules: Repository<EvidenceRule>,
    @InjectDataSource() private readonly db: DataSource,
    private readonly frameworks: FrameworksService,
    private readonly trainings: TrainingsService,
  ) {}

  /** Logs evidence once per (person, skill, source, sourceRef); a repeat returns the first. */
  async log(e: NewEvidence): Promise<SkillEvidence> {
    const existing = await this.evidence.findOneBy({ personId: e.personId, skillId: e.skillId, source: e.source, sourceRef: e.sourceRef });
    if (existing) return existing;
    try {
      return await this.evidence.save(this.evidence.create({ ...e, note: e.note ?? '' }));
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      return this.evidence.findOneByOrFail({ personId: e.personId, skillId: e.skillId, source: e.source, sourceRef: e.sourceRef });
    }
  }

  async ofPerson(personId: string): Promise<Array<SkillEvidence & { skill: Skill | undefined }>> {
    const rows = await this.evidence.find({ where: { personId }, order: { date: 'DESC', createdAt: 'DESC' } });
    const skills = new Map((await this.frameworks.skillsByIds(rows.map((r) => r.skillId))).map((s) => [s.id, s]));
    return rows.map((r) => ({ ...r, skill: skills.get(r.skillId) }));
  }

  createRule(
    siteId: string,
    dto: Omit<EvidenceRule, 'id' | 'siteId' | 'createdAt' | 'machineType' | 'trainingId' | 'minCount'> & {
      machineType?: string;
      trainingId?: string;
      minCount?: number;
    },
  ) {
    this.sessionRuleCache.delete(siteId);
    return this.rules.save(
      this.rules.create({ siteId, ...dto, machineType: dto.machineType ?? null, trainingId: dto.trainingId ?? null, minCount: dto.minCount ?? 1 }),
    );
  }

  listRules(siteId: string) {
    return this.rules.find({ where: { siteId }, order: { createdAt: 'ASC' } });
  }

  /** Machine sessions of a person on a machine type that ended cleanly (not cut by the server). */
  cleanSessionCount(personId: string, machineType: string): Promise<number> {
    return this.countOnMachineType('usage_sessions', 'personId', personId, machineType, (q) =>
      q.andWhere('x."endedAt" IS NOT NULL').andWhere('x."endReason" IN (:...ends)', { ends: CLEAN_SESSION_ENDS }),
    );
  }

  /** Fabrication jobs of a person on a machine type that finished (a failed or interrupted one does not count). */
  completedJobCount(personId: string, machineType: string): Promise<number> {
    return this.countOnMachineType('fab_jobs', 'ownerId', personId, machineType, (q) => q.andWhere("x.status = 'completed'"));
  }

  /** Rows of `table` (alias x) belonging to a person, on machines of one type, narrowed by `only`. */
  private async countOnMachineType(
    table: string,
    personColumn: string,
    personId: string,
    machineType: string,
    only: (q: SelectQueryBuilder<ObjectLiteral>) => SelectQueryBuilder<ObjectLiteral>,
  ): Promise<number> {
    const q = this.db
      .createQueryBuilder()
      .select('COUNT(*)', 'n')
      .from(table, 'x')
      .innerJoin('machines', 'm', 'CAST(m.id AS varchar(36)) = x."machineId"')
      .where(`x."${personColumn}" = :personId`, { personId })
      .andWhere('m.type = :machineType', { machineType });
    const row = await only(q).getRawOne<{ n: string | number }>();
    return Number(row?.n ?? 0);
  }

  /**
   * Applies the site's evidence rules to one person: each rule met logs its evidence once.
   * Returns the evidence logged now.
   */
  async applyRules(siteId: string, personId: string): Promise<SkillEvidence[]> {
    const rules = await this.rules.findBy({ siteId });
    const logged: SkillEvidence[] = [];
    for (const rule of rules) {
      let count = 0;
      let date = today();
      if (rule.source === 'machine_sessions' && rule.machineType) {
        count = await this.cleanSessionCount(personId, rule.machineType);
      } else if (rule.source === 'fab_jobs' && rule.machineType) {
        count = await this.completedJobCount(personId, rule.machineType);
      } else if (rule.source === 'training' && rule.trainingId) {
        const passes = await this.trainings.qualificationsFor({ personId, trainingId: rule.trainingId });
        count = passes.length;
        if (passes.length) date = passes.map((p) => p.passedOn).sort()[0];
      }
      if (!ruleMet(rule.minCount, count)) continue;
      const before = await this.evidence.existsBy({ personId, skillId: rule.skillId, source: ruleSource(rule), sourceRef: `rule:${rule.id}` });
      if (before) continue;
      logged.push(
        await this.log({
          siteId,
          personId,
          skillId: rule.skillId,
          level: rule.level,
          date,
          source: ruleSource(rule),
          sourceRef: `rule:${rule.id}`,
          validatedBy: null,
          note: `${count} ≥ ${rule.minCount}`,
        }),
      );
    }
    return logged;
  }

  private readonly sessionRuleCache = new Map<string, { at: number; types: Set<string> }>();

  /**
   * A session ended cleanly: the site's machine-session rules for that machine type are applied
   * to its holder. Which types have rules is remembered 30 s per site, so a lab without such rules
   * pays no query per session.
   */
  async applySessionRules(siteId: string, personId: string, machineType: string): Promise<SkillEvidence[]> {
    let cached = this.sessionRuleCache.get(siteId);
    if (!cached || Date.now() - cached.at > 30_000) {
      const rules = await this.rules.find({ where: { siteId, source: 'machine_sessions' }, select: { machineType: true } });
      cached = { at: Date.now(), types: new Set(rules.map((r) => r.machineType!).filter(Boolean)) };
      this.sessionRuleCache.set(siteId, cached);
    }
    if (!cached.types.has(machineType)) return [];
    return this.applyRules(siteId, personId);
  }

  /** Applies every training rule of a site to everyone who passed its training. Returns how many were logged. */
  async applyTrainingRules(siteId: string): Promise<number> {
    const rules = await this.rules.findBy({ siteId, source: 'training' });
    let logged = 0;
    for (const rule of rules) {
      if (!rule.trainingId) continue;
      const passes = await this.trainings.qualificationsFor({ siteId, trainingId: rule.trainingId });
      const byPerson = new Map<string, string[]>();
      for (const p of passes) byPerson.set(p.personId, [...(byPerson.get(p.personId) ?? []), p.passedOn]);
      for (const [personId, days] of byPerson) {
        if (!ruleMet(rule.minCount, days.length)) continue;
        const sourceRef = `rule:${rule.id}`;
        if (await this.evidence.existsBy({ personId, skillId: rule.skillId, source: 'training', sourceRef })) continue;
        await this.log({
          siteId,
          personId,
          skillId: rule.skillId,
          level: rule.level,
          date: days.sort()[0],
          source: 'training',
          sourceRef,
          validatedBy: null,
          note: `${days.length} ≥ ${rule.minCount}`,
        });
        logged++;
      }
    }
    return logged;
  }

  /** Highest level per skill code (a code keeps its meaning across framework versions). */
  async levelsByCode(personIds: string[]): Promise<Map<string, Map<string, number>>> {
    const out = new Map<string, Map<string, number>>();
    if (!personIds.length) return out;
    const rows = await this.db
      .createQueryBuilder()
      .select('e."personId"', 'personId')
      .addSelect('s.code', 'code')
      .addSelect('MAX(e.level)', 'level')
      .from(SkillEvidence, 'e')
      .innerJoin(Skill, 's', 'CAST(s.id AS varchar(36)) = e."skillId"')
      .where('e."personId" IN (:...personIds)', { personIds })
      .groupBy('e."personId"')
      .addGroupBy('s.code')
      .getRawMany<{ personId: string; code: string; level: string | number }>();
    for (const r of rows) {
      if (!out.has(r.personId)) out.set(r.personId, new Map());
      out.get(r.personId)!.set(r.code, Number(r.level));
    }
    return out;
  }

  /** Progress of each person toward a set of requirements (by skill code). */
  async progressOf(personIds: string[], requirements: Requirement[]): Promise<Map<string, Progress>> {
    const skills = new Map((await this.frameworks.skillsByIds(requirements.map((r) => r.skillId))).map((s) => [s.id, s]));
    const levels = await this.levelsByCode(personIds);
    const out = new Map<string, Progress>();
    for (const personId of personIds) {
      const byCode = levels.get(personId) ?? new Map<string, number>();
      const bySkillId = bestLevels(requirements.map((r) => ({ skillId: r.skillId, level: byCode.get(skills.get(r.skillId)?.code ?? '') ?? 0 })));
      out.set(personId, progressToward(requirements, bySkillId));
    }
    return out;
  }

  countByPeople(personIds: string[]) {
    return personIds.length ? this.evidence.countBy({ personId: In(personIds) }) : Promise.resolve(0);
  }
}

/** Evidence from a rule says where it came from: the rule's own source. */
const ruleSource = (rule: EvidenceRule): EvidenceSource => rule.source;
