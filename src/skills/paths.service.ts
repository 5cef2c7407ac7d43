import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AssessmentDto, CertificationDto, PlanDto, ProfileDto } from './dto/skills.dto';
import { Certification } from './entities/certification.entity';
import { LearnerProfile } from './entities/learner-profile.entity';
import { LearningPlan } from './entities/learning-plan.entity';
import { EvidenceService } from './evidence.service';
import { FrameworksService } from './frameworks.service';
import { NEED_PATHS, needWord } from './needs';
import { estimateHours, weeklyPlan } from './progress';
import { WorkshopsService } from './workshops.service';

/** Targets (certifications), a person's need and suggested path, assessments and plans. */
@Injectable()
export class PathsService {
  constructor(
    @InjectRepository(Certification) private readonly certifications: Repository<Certification>,
    @InjectRepository(LearnerProfile) private readonly profiles: Repository<LearnerProfile>,
    @InjectRepository(LearningPlan) private readonly plans: Repository<LearningPlan>,
    private readonly frameworks: FrameworksService,
    private readonly evidence: EvidenceService,
    private readonly workshops: WorkshopsService,
  ) {}

  async createCertification(siteId: string, dto: CertificationDto): Promise<Certification> {
    const skills = await this.frameworks.skillsByIds(dto.requirements.map((r) => r.skillId));
    for (const r of dto.requirements) {
      const s = skills.find((k) => k.id === r.skillId);
      if (!s || s.siteId !== siteId) throw new BadRequestException({ code: 'skill_not_found', message: 'Compétence inconnue dans ce lieu. Unknown skill.' });
      if (!s.levels.some((l) => l.level === r.level))
        throw new BadRequestException({ code: 'level_unknown', message: `Niveau ${r.level} inexistant pour « ${s.name} ». No such level.` });
    }
    return this.certifications.save(this.certifications.create({ siteId, name: dto.name, description: dto.description ?? '', requirements: dto.requirements }));
  }

  listCertifications(siteId: string) {
    return this.certifications.find({ where: { siteId }, order: { name: 'ASC' } });
  }

  async certification(siteId: string | null, id: string): Promise<Certification> {
    const c = await this.certifications.findOneBy({ id });
    if (!c || (siteId && c.siteId !== siteId)) throw new NotFoundException({ code: 'not_found', message: 'Certification introuvable. Not found.' });
    return c;
  }

  /** Progress toward every target of the site, with the missing skills named. */
  async progress(siteId: string, personId: string) {
    await this.evidence.applyRules(siteId, personId);
    const certs = await this.listCertifications(siteId);
    const skills = new Map((await this.frameworks.skillsByIds(certs.flatMap((c) => c.requirements.map((r) => r.skillId)))).map((s) => [s.id, s]));
    const out = [];
    for (const c of certs) {
      const p = (await this.evidence.progressOf([personId], c.requirements)).get(personId)!;
      out.push({
        certification: { id: c.id, name: c.name, description: c.description },
        percent: p.percent,
        achieved: p.achieved,
        missing: p.missing.map((m) => {
          const s = skills.get(m.skillId);
          return { ...m, code: s?.code, name: s?.name, nameEn: s?.nameEn, needLabel: s?.levels.find((l) => l.level === m.need)?.label };
        }),
        hoursNeeded: estimateHours(p.missing, (id) => skills.get(id)?.hoursPerLevel ?? 4),
      });
    }
    return out;
  }

  async profile(personId: string): Promise<LearnerProfile | null> {
    return this.profiles.findOneBy({ personId });
  }

  /** Saves a need and, only with consent, categories; withdrawing consent erases them. */
  async saveProfile(siteId: string, personId: string, dto: ProfileDto): Promise<LearnerProfile> {
    const current = (await this.profiles.findOneBy({ personId })) ?? this.profiles.create({ personId, siteId, categories: [] });
    if (dto.need !== undefined) current.need = dto.need;
    if (dto.categoriesConsent !== undefined) current.categoriesConsent = dto.categoriesConsent;
    if (current.categoriesConsent) {
      if (dto.ageBand !== undefined) current.ageBand = dto.ageBand;
      if (dto.categories !== undefined) current.categories = dto.categories;
    } else {
      if (dto.ageBand || dto.categories?.length) {
        throw new BadRequestException({ code: 'consent_required', message: "Sans accord de la personne, pas de catégorie. The person's consent is required." });
      }
      current.ageBand = null;
      current.categories = [];
    }
    return this.profiles.save(current);
  }

  /** The suggested path for a person's need: skills (current framework) and workshop themes. */
  async suggestedPath(siteId: string, need: keyof typeof NEED_PATHS) {
    const path = NEED_PATHS[need];
    const skills = await this.frameworks.currentSkills(siteId);
    const upcoming = (await this.workshops.list(siteId, new Date())).filter((w) => path.themes.includes(w.theme));
    return {
      need,
      workshops: upcoming
        .slice(0, 10)
        .map((w) => ({ id: w.id, title: w.title, theme: w.theme, startsAt: w.startsAt, seatsLeft: Math.max(0, w.capacity - w.enrolled), waiting: w.waiting })),
      fr: needWord(need, 'fr'),
      en: needWord(need, 'en'),
      themes: path.themes,
      skills: path.skills
        .map((p) => ({ skill: skills.find((s) => s.code === p.code), level: p.level }))
        .filter((p) => p.skill)
        .map((p) => ({ skillId: p.skill!.id, code: p.skill!.code, name: p.skill!.name, nameEn: p.skill!.nameEn, level: p.level })),
    };
  }

  /** A mediator's assessment: each level observed becomes evidence of source "assessment". */
  async assess(siteId: string, personId: string, mediatorId: string, dto: AssessmentDto) {
    const date = dto.date ?? new Date().toISOString().slice(0, 10);
    const skills = await this.frameworks.skillsByIds(dto.levels.map((l) => l.skillId));
    const logged = [];
    for (const l of dto.levels) {
      const s = skills.find((k) => k.id === l.skillId);
      if (!s || s.siteId !== siteId) throw new BadRequestException({ code: 'skill_not_found', message: 'Compétence inconnue dans ce lieu. Unknown skill.' });
      logged.push(
        await this.evidence.log({
          siteId,
          personId,
          skillId: l.skillId,
          level: l.level,
          date,
          source: 'assessment',
          sourceRef: `assessment:${date}:${mediatorId}`,
          validatedBy: mediatorId,
        }),
      );
    }
    return logged;
  }

  /** Hours needed to reach a target and a weekly plan at the agreed pace. */
  async createPlan(siteId: string, personId: string, mediatorId: string, dto: PlanDto): Promise<LearningPlan> {
    const cert = await this.certification(siteId, dto.certificationId);
    const p = (await this.evidence.progressOf([personId], cert.requirements)).get(personId)!;
    const skills = new Map((await this.frameworks.skillsByIds(cert.requirements.map((r) => r.skillId))).map((s) => [s.id, s]));
    const perLevel = (id: string) => skills.get(id)?.hoursPerLevel ?? 4;
    const weeks = weeklyPlan(p.missing, perLevel, dto.hoursPerWeek, dto.startsOn).map((w) => ({
      ...w,
      skills: w.skills.map((s) => ({ ...s, code: skills.get(s.skillId)?.code ?? '' })),
    }));
    return this.plans.save(
      this.plans.create({
        siteId,
        personId,
        certificationId: cert.id,
        createdBy: mediatorId,
        hoursNeeded: estimateHours(p.missing, perLevel),
        hoursPerWeek: dto.hoursPerWeek,
        startsOn: dto.startsOn,
        weeks,
        employerName: dto.employerName ?? null,
        adviserName: dto.adviserName ?? null,
        employerConfirmedAt: null,
        adviserConfirmedAt: null,
      }),
    );
  }

  plansOf(personId: string) {
    return this.plans.find({ where: { personId }, order: { createdAt: 'DESC' } });
  }

  async plan(id: string): Promise<LearningPlan> {
    const p = await this.plans.findOneBy({ id });
    if (!p) throw new NotFoundException({ code: 'not_found', message: 'Plan introuvable. Not found.' });
    return p;
  }

  /** Records that the employer or the employment adviser agreed to the plan. */
  async confirmPlan(plan: LearningPlan, by: 'employer' | 'adviser', name: string): Promise<LearningPlan> {
    if (by === 'employer') Object.assign(plan, { employerName: name, employerConfirmedAt: new Date() });
    else Object.assign(plan, { adviserName: name, adviserConfirmedAt: new Date() });
    return this.plans.save(plan);
  }
}
