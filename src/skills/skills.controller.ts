import { BadRequestException, Body, Controller, Get, NotFoundException, Param, ParseUUIDPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentViewer, requireSite, Roles, Viewer } from '../common/viewer';
import { PeopleService } from '../people/people.service';
import { TrainingsService } from '../trainings/trainings.service';
import { CredentialsService } from './credentials.service';
import {
  AddEvidenceDto,
  AssessmentDto,
  CertificationDto,
  ConfirmPlanDto,
  CustomSkillDto,
  EvidenceRuleDto,
  IssueCredentialDto,
  PlanDto,
  ProfileDto,
  ReportQueryDto,
} from './dto/skills.dto';
import { NEEDS, Need } from './entities/learner-profile.entity';
import { EvidenceService } from './evidence.service';
import { FrameworksService } from './frameworks.service';
import { PathsService } from './paths.service';
import { PathExport } from './path-export';
import { visiblePerson } from './people-access';
import { ReportsService } from './reports.service';
import { SiteQuery } from '../common/query.dto';

@ApiTags('skills')
@Controller('api/skills')
export class SkillsController {
  constructor(
    private readonly frameworks: FrameworksService,
    private readonly evidence: EvidenceService,
    private readonly paths: PathsService,
    private readonly credentials: CredentialsService,
    private readonly reports: ReportsService,
    private readonly people: PeopleService,
    private readonly exporter: PathExport,
    private readonly trainings: TrainingsService,
  ) {}

  @Get('frameworks')
  frameworksList(@CurrentViewer() viewer: Viewer, @Query() q: SiteQuery) {
    return this.frameworks.list(requireSite(viewer, q.siteId));
  }

  @Post('custom-skills')
  @Roles('manager', 'trainer')
  customSkill(@CurrentViewer() viewer: Viewer, @Body() dto: CustomSkillDto) {
    return this.frameworks.upsertCustomSkill(requireSite(viewer, dto.siteId), dto);
  }

  @Get('rules')
  @Roles('manager', 'trainer')
  rules(@CurrentViewer() viewer: Viewer, @Query() q: SiteQuery) {
    return this.evidence.listRules(requireSite(viewer, q.siteId));
  }

  @Post('rules')
  @Roles('manager')
  async createRule(@CurrentViewer() viewer: Viewer, @Body() dto: EvidenceRuleDto, @Query() q: SiteQuery) {
    const site = requireSite(viewer, q.siteId);
    const skill = await this.frameworks.skill(site, dto.skillId);
    if (!skill.levels.some((l) => l.level === dto.level))
      throw new BadRequestException({ code: 'level_unknown', message: 'Niveau inexistant. No such level.' });
    if ((dto.source === 'machine_sessions' || dto.source === 'fab_jobs') && !dto.machineType)
      throw new BadRequestException({ code: 'machine_type_required', message: 'Indiquez le type de machine. machineType is required.' });
    if (dto.source === 'training' && !dto.trainingId)
      throw new BadRequestException({ code: 'training_required', message: 'Indiquez la formation. trainingId is required.' });
    if (dto.trainingId) await this.trainings.assertInSite(site, [dto.trainingId]);
    return this.evidence.createRule(site, dto);
  }

  @Post('evidence')
  @Roles('manager', 'trainer', 'mediator')
  async addEvidence(@CurrentViewer() viewer: Viewer, @Body() dto: AddEvidenceDto) {
    const person = await visiblePerson(this.people, viewer, dto.personId, { mediatorOnly: true });
    const skill = await this.frameworks.skill(person.siteId!, dto.skillId);
    if (!skill.levels.some((l) => l.level === dto.level))
      throw new BadRequestException({ code: 'level_unknown', message: 'Niveau inexistant. No such level.' });
    return this.evidence.log({
      siteId: person.siteId!,
      personId: person.id,
      skillId: skill.id,
      level: dto.level,
      date: dto.date,
      source: dto.source,
      sourceRef: `${dto.source}:${Date.now()}:${viewer.id}`,
      validatedBy: viewer.id,
      note: dto.note,
    });
  }

  @Get('people/:id/evidence')
  async personEvidence(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    const person = await visiblePerson(this.people, viewer, id);
    await this.evidence.applyRules(person.siteId!, person.id);
    return this.evidence.ofPerson(person.id);
  }

  @Post('people/:id/apply-rules')
  @Roles('manager', 'trainer', 'mediator')
  async applyRules(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    const person = await visiblePerson(this.people, viewer, id, { mediatorOnly: true });
    return this.evidence.applyRules(person.siteId!, person.id);
  }

  @Get('certifications')
  certifications(@CurrentViewer() viewer: Viewer, @Query() q: SiteQuery) {
    return this.paths.listCertifications(requireSite(viewer, q.siteId));
  }

  @Post('certifications')
  @Roles('manager')
  createCertification(@CurrentViewer() viewer: Viewer, @Body() dto: CertificationDto) {
    return this.paths.createCertification(requireSite(viewer, dto.siteId), dto);
  }

  @Get('people/:id/progress')
  async progress(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    const person = await visiblePerson(this.people, viewer, id);
    return this.paths.progress(person.siteId!, person.id);
  }

  @Get('people/:id/profile')
  async profile(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    const person = await visiblePerson(this.people, viewer, id);
    const profile = await this.paths.profile(person.id);
    const path = profile?.need ? await this.paths.suggestedPath(person.siteId!, profile.need) : null;
    return { profile, path };
  }

  @Put('people/:id/profile')
  async saveProfile(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ProfileDto) {
    const person = await visiblePerson(this.people, viewer, id);
    const profile = await this.paths.saveProfile(person.siteId!, person.id, dto);
    const path = profile.need ? await this.paths.suggestedPath(person.siteId!, profile.need) : null;
    return { profile, path };
  }

  @Get('needs/:need/path')
  needPath(@CurrentViewer() viewer: Viewer, @Param('need') need: string, @Query() q: SiteQuery) {
    if (!(NEEDS as readonly string[]).includes(need)) throw new NotFoundException({ code: 'need_unknown', message: `Besoins connus : ${NEEDS.join(', ')}.` });
    return this.paths.suggestedPath(requireSite(viewer, q.siteId), need as Need);
  }

  @Post('people/:id/assessment')
  @Roles('manager', 'trainer', 'mediator')
  async assess(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: AssessmentDto) {
    const person = await visiblePerson(this.people, viewer, id, { mediatorOnly: true });
    return this.paths.assess(person.siteId!, person.id, viewer.id, dto);
  }

  @Post('people/:id/plans')
  @Roles('manager', 'trainer', 'mediator')
  async createPlan(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: PlanDto) {
    const person = await visiblePerson(this.people, viewer, id, { mediatorOnly: true });
    return this.paths.createPlan(person.siteId!, person.id, viewer.id, dto);
  }

  @Get('people/:id/plans')
  async plans(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    const person = await visiblePerson(this.people, viewer, id);
    return this.paths.plansOf(person.id);
  }

  @Post('plans/:id/confirm')
  @Roles('manager', 'trainer', 'mediator')
  async confirmPlan(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ConfirmPlanDto) {
    const plan = await this.paths.plan(id);
    await visiblePerson(this.people, viewer, plan.personId, { mediatorOnly: true });
    return this.paths.confirmPlan(plan, dto.by, dto.name);
  }

  @Post('people/:id/credentials')
  @Roles('manager', 'trainer')
  async issue(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: IssueCredentialDto) {
    const person = await visiblePerson(this.people, viewer, id, { mediatorOnly: true });
    const c = await this.credentials.issue(person, dto.kind, dto.refId, dto.level);
    return { id: c.id, kind: c.kind, refId: c.refId, level: c.level, issuedAt: c.issuedAt, document: c.document };
  }

  @Post('credentials/:id/revoke')
  @Roles('manager')
  async revoke(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    const c = await this.credentials.get(id);
    await visiblePerson(this.people, viewer, c.personId, { mediatorOnly: true });
    const r = await this.credentials.revoke(c);
    return { id: r.id, revokedAt: r.revokedAt };
  }

  @Get('people/:id/credentials')
  async listCredentials(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    const person = await visiblePerson(this.people, viewer, id);
    return (await this.credentials.ofPerson(person.id)).map((c) => ({
      id: c.id,
      kind: c.kind,
      refId: c.refId,
      level: c.level,
      issuedAt: c.issuedAt,
      document: c.document,
    }));
  }

  @Get('people/:id/path.json')
  async pathJson(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Res() res: Response) {
    const person = await visiblePerson(this.people, viewer, id);
    const body = await this.exporter.json(person);
    res.setHeader('Content-Disposition', `attachment; filename="parcours-${person.id}.json"`);
    res.json(body);
  }

  @Get('people/:id/path.pdf')
  async pathPdf(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Res() res: Response) {
    const person = await visiblePerson(this.people, viewer, id);
    const pdf = await this.exporter.pdf(person);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="parcours-${person.id}.pdf"`);
    res.send(pdf);
  }

  @Get('reports/funders')
  @Roles('manager')
  funders(@CurrentViewer() viewer: Viewer, @Query() q: ReportQueryDto) {
    const year = new Date().getUTCFullYear();
    return this.reports.funderReport(requireSite(viewer, q.siteId), q.from ?? `${year}-01-01`, q.to ?? `${year}-12-31`);
  }
}
