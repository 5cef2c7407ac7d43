import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { isUniqueViolation } from '../infra/database/db-errors';
import { CustomSkillDto } from './dto/skills.dto';
import { FrameworkKind, SkillFramework } from './entities/skill-framework.entity';
import { Skill } from './entities/skill.entity';
import { SEED_FRAMEWORKS, SkillSeed } from './frameworks/seed';

/** A site's skill frameworks (machines, Pix, custom), their versions and skills. */
@Injectable()
export class FrameworksService {
  private readonly seeded = new Set<string>();

  constructor(
    @InjectRepository(SkillFramework) private readonly frameworks: Repository<SkillFramework>,
    @InjectRepository(Skill) private readonly skills: Repository<Skill>,
  ) {}

  /** Creates version 1 of every framework for a site on first use. */
  async ensureSeeded(siteId: string): Promise<void> {
    if (this.seeded.has(siteId)) return;
    for (const kind of Object.keys(SEED_FRAMEWORKS) as FrameworkKind[]) {
      if (await this.frameworks.existsBy({ siteId, kind })) continue;
      try {
        await this.createVersion(siteId, kind, 1, SEED_FRAMEWORKS[kind].skills);
      } catch (err) {
        if (!isUniqueViolation(err)) throw err; // seeded at the same time by another request
      }
    }
    this.seeded.add(siteId);
  }

  private async createVersion(siteId: string, kind: FrameworkKind, version: number, seeds: SkillSeed[]): Promise<SkillFramework> {
    const fw = await this.frameworks.save(this.frameworks.create({ siteId, kind, version, name: SEED_FRAMEWORKS[kind].name, current: true }));
    if (seeds.length) await this.skills.save(seeds.map((s) => this.skills.create({ ...s, siteId, frameworkId: fw.id })));
    return fw;
  }

  async list(siteId: string) {
    await this.ensureSeeded(siteId);
    const frameworks = await this.frameworks.find({ where: { siteId }, order: { kind: 'ASC', version: 'ASC' } });
    const skills = await this.skills.find({ where: { frameworkId: In(frameworks.map((f) => f.id)) }, order: { code: 'ASC' } });
    return frameworks.map((f) => ({ ...f, skills: skills.filter((s) => s.frameworkId === f.id) }));
  }

  /** Skills of the current version of each framework of a site. */
  async currentSkills(siteId: string): Promise<Skill[]> {
    await this.ensureSeeded(siteId);
    const current = await this.frameworks.findBy({ siteId, current: true });
    return this.skills.find({ where: { frameworkId: In(current.map((f) => f.id)) }, order: { code: 'ASC' } });
  }

  async skill(siteId: string, id: string): Promise<Skill> {
    const s = await this.skills.findOneBy({ id, siteId });
    if (!s) throw new NotFoundException({ code: 'skill_not_found', message: 'Compétence introuvable. Skill not found.' });
    return s;
  }

  skillsByIds(ids: string[]): Promise<Skill[]> {
    return ids.length ? this.skills.findBy({ id: In([...new Set(ids)]) }) : Promise.resolve([]);
  }

  /**
   * Adds or changes a custom skill. Skills are never edited in place: a new framework version is
   * made with every skill copied (new ids), so evidence logged on the old version keeps the
   * name and levels it was logged with.
   */
  async upsertCustomSkill(siteId: string, dto: CustomSkillDto): Promise<{ framework: SkillFramework; skill: Skill }> {
    await this.ensureSeeded(siteId);
    if (dto.levels.some((l, i) => l.level !== i + 1)) {
      throw new BadRequestException({ code: 'levels_not_consecutive', message: 'Les niveaux vont de 1 à N sans trou. Levels must be 1..N.' });
    }
    const current = await this.frameworks.findOneByOrFail({ siteId, kind: 'custom', current: true });
    const previous = await this.skills.findBy({ frameworkId: current.id });
    const code = `custom:${dto.code}`;
    const seed: SkillSeed = {
      code,
      name: dto.name,
      nameEn: dto.nameEn ?? '',
      area: dto.area ?? '',
      levels: dto.levels.map((l) => ({ level: l.level, label: l.label, labelEn: l.labelEn ?? l.label })),
      hoursPerLevel: dto.hoursPerLevel ?? 4,
    };
    const seeds: SkillSeed[] = previous
      .filter((s) => s.code !== code)
      .map((s) => ({ code: s.code, name: s.name, nameEn: s.nameEn, area: s.area, levels: s.levels, hoursPerLevel: s.hoursPerLevel }));
    seeds.push(seed);
    await this.frameworks.update({ id: current.id }, { current: false });
    const framework = await this.createVersion(siteId, 'custom', current.version + 1, seeds);
    const skill = await this.skills.findOneByOrFail({ frameworkId: framework.id, code });
    return { framework, skill };
  }

  /** The skill with the same code in the current version (what a target made earlier means now). */
  async currentByCode(siteId: string, code: string): Promise<Skill | null> {
    const skills = await this.currentSkills(siteId);
    return skills.find((s) => s.code === code) ?? null;
  }
}
