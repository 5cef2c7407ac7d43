import { BadRequestException, ConflictException, ForbiddenException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { And, EntityManager, FindOptionsWhere, In, IsNull, LessThanOrEqual, MoreThan, Repository } from 'typeorm';
import { ChangeBus } from '../common/change-bus';
import { assertAllInSite, assertVisible, requireSite, siteOf, Viewer } from '../common/viewer';
import type { Machine } from '../machines/entities/machine.entity';
import { MachinesService } from '../machines/machines.service';
import { PeopleService } from '../people/people.service';
import { CreateTrainingDto, RecordPassDto, RenewQualificationDto, UpdateTrainingDto } from './dto/training.dto';
import { QualificationCheckup } from './entities/qualification-checkup.entity';
import { hasLapsed, lapseOf, lastUseOf } from './lapse';
import { AccessReadService } from '../access/access-read.service';
import { Qualification } from './entities/qualification.entity';
import { Training } from './entities/training.entity';
import { dayOf, endOfDay } from '../common/local-format';
import { SitesService } from '../sites/sites.service';

/**
 * End of validity: the same day N months later, at the end of that day in the site's zone. A
 * training that needs no renewal never expires.
 */
export function expiryOf(passedOn: string, validityMonths: number | null, requiresRenewal: boolean, zone: string): Date | null {
  if (!validityMonths || !requiresRenewal) return null;
  const [y, m, d] = passedOn.split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1 + validityMonths, d)).toISOString().slice(0, 10);
  return endOfDay(day, zone);
}

export const trainingCovers = (t: Training, machine: Pick<Machine, 'id' | 'type'>) =>
  t.machineIds.includes(machine.id) || t.machineTypes.includes(machine.type);

/** A qualification that opens machines now: not suspended, not expired. */
export const isQualificationValid = (q: Qualification, now: Date) => !q.suspendedAt && (!q.expiresAt || q.expiresAt > now);

/**
 * True when making `trainingId` require `prerequisiteIds` would close a loop
 * (A needs B, B needs A; or longer), given the site's trainings.
 */
export function createsCycle(trainingId: string, prerequisiteIds: string[], all: Pick<Training, 'id' | 'prerequisiteIds'>[]): boolean {
  const needs = new Map(all.map((t) => [t.id, t.prerequisiteIds ?? []]));
  needs.set(trainingId, prerequisiteIds);
  const seen = new Set<string>();
  const stack = [...prerequisiteIds];
  while (stack.length) {
    const id = stack.pop()!;
    if (id === trainingId) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(needs.get(id) ?? []));
  }
  return false;
}

const label = (t: Training) => `« ${t.name} »`;

@Injectable()
export class TrainingsService {
  constructor(
    @InjectRepository(Training) private readonly trainings: Repository<Training>,
    @InjectRepository(Qualification) private readonly qualifications: Repository<Qualification>,
    @InjectRepository(QualificationCheckup) private readonly checkups: Repository<QualificationCheckup>,
    private readonly people: PeopleService,
    private readonly machines: MachinesService,
    private readonly changes: ChangeBus,
    private readonly sites: SitesService,
    private readonly reads: AccessReadService,
  ) {}

  list(viewer: Viewer, siteId?: string): Promise<Training[]> {
    const site = siteOf(viewer, siteId);
    return this.trainings.find({ where: site ? { siteId: site } : {}, order: { name: 'ASC' } });
  }

  async get(viewer: Viewer, id: string): Promise<Training> {
    return assertVisible(viewer, await this.trainings.findOneBy({ id }), 'Formation');
  }

  async create(viewer: Viewer, dto: CreateTrainingDto): Promise<Training> {
    const siteId = requireSite(viewer, dto.siteId);
    if (!dto.machineTypes?.length && !dto.machineIds?.length) {
      throw new BadRequestException({
        code: 'qualifies_nothing',
        message: 'Indiquez les machines ou types de machines concernés. A training must qualify for machines or machine types.',
      });
    }
    const prerequisiteIds = dto.prerequisiteIds ?? [];
    await this.checkPrerequisites(siteId, null, prerequisiteIds);
    await this.machines.assertInSite(siteId, dto.machineIds ?? []);
    const training = await this.trainings.save(
      this.trainings.create({
        siteId,
        name: dto.name,
        nameEn: dto.nameEn ?? '',
        machineTypes: dto.machineTypes ?? [],
        machineIds: dto.machineIds ?? [],
        validityMonths: dto.validityMonths ?? null,
        requiresRenewal: dto.requiresRenewal ?? true,
        prerequisiteIds,
        lapseMonths: dto.lapseMonths ?? null,
        lapseWarnDays: dto.lapseWarnDays ?? 14,
      }),
    );
    this.changes.emit({ kind: 'training', siteId });
    return training;
  }

  /** A manager changes a training; qualifications already given keep their expiry. */
  async update(viewer: Viewer, id: string, dto: UpdateTrainingDto): Promise<Training> {
    const training = await this.get(viewer, id);
    if (dto.prerequisiteIds) await this.checkPrerequisites(training.siteId, training.id, dto.prerequisiteIds);
    if (dto.machineIds) await this.machines.assertInSite(training.siteId, dto.machineIds);
    // Only the fields sent: the DTO instance also carries the others, as undefined.
    for (const [key, value] of Object.entries(dto)) if (value !== undefined) Object.assign(training, { [key]: value });
    if (!training.machineTypes.length && !training.machineIds.length) {
      throw new BadRequestException({
        code: 'qualifies_nothing',
        message: 'Indiquez les machines ou types de machines concernés. A training must qualify for machines or machine types.',
      });
    }
    const saved = await this.trainings.save(training);
    this.changes.emit({ kind: 'training', siteId: training.siteId });
    return saved;
  }

  /** Prerequisites are trainings of the same site, and never lead back to the training itself. */
  private async checkPrerequisites(siteId: string, trainingId: string | null, prerequisiteIds: string[]): Promise<void> {
    if (!prerequisiteIds.length) return;
    if (trainingId && prerequisiteIds.includes(trainingId)) {
      throw new BadRequestException({
        code: 'prerequisite_cycle',
        message: 'Une formation ne peut pas être son propre prérequis. A training cannot require itself.',
      });
    }
    const site = await this.trainings.findBy({ siteId });
    const unknown = prerequisiteIds.filter((p) => !site.some((t) => t.id === p));
    if (unknown.length) {
      throw new BadRequestException({
        code: 'unknown_prerequisite',
        message: `Prérequis inconnu dans ce lieu : ${unknown.join(', ')}. Prerequisites must be trainings of the same site.`,
      });
    }
    if (trainingId && createsCycle(trainingId, prerequisiteIds, site)) {
      throw new BadRequestException({
        code: 'prerequisite_cycle',
        message: 'Ces prérequis formeraient une boucle (A demande B qui demande A). These prerequisites would form a loop.',
      });
    }
  }

  /**
   * What a person lacks before they may pass `training`: prerequisite trainings of which they
   * hold no valid, unsuspended qualification now.
   */
  async missingPrerequisites(personId: string, training: Training, now = new Date()): Promise<Training[]> {
    if (!training.prerequisiteIds?.length) return [];
    const [needed, held] = await Promise.all([
      this.trainings.findBy({ id: In(training.prerequisiteIds) }),
      this.qualifications.findBy({ personId, trainingId: In(training.prerequisiteIds) }),
    ]);
    return needed.filter((t) => !held.some((q) => q.trainingId === t.id && isQualificationValid(q, now)));
  }

  /** Trainings named in a body (an evidence rule's) must be of `siteId`: 404 otherwise. */
  async assertInSite(siteId: string, ids: readonly string[]): Promise<void> {
    if (ids.length) assertAllInSite(siteId, ids, await this.trainingsByIds([...ids]), 'Formation');
  }

  /**
   * The checks before a pass is recorded; throws 400 in the person's words. Four eyes: nobody
   * records their own pass (403 `own_pass`), whoever signs it.
   */
  async assertMayPass(viewer: Viewer, personId: string, trainingId: string, passedOn: string) {
    if (personId === viewer.id) {
      throw new ForbiddenException({
        code: 'own_pass',
        message: "Vous ne pouvez pas enregistrer votre propre formation : un·e autre formateur·rice ou responsable le fait. You can't record your own pass.",
      });
    }
    const person = await this.people.get(viewer, personId);
    const training = assertVisible(viewer, await this.trainings.findOneBy({ id: trainingId }), 'Formation');
    if (person.siteId !== training.siteId) {
      throw new BadRequestException({ code: 'other_site', message: 'La personne et la formation ne sont pas du même lieu.' });
    }
    // Today on the site's clock: just after midnight in Paris, the UTC date is still yesterday.
    const zone = await this.sites.zoneOf(training.siteId);
    if (passedOn > dayOf(new Date(), zone)) {
      // `field`: a form shows the reason beside the date (src/web/assets/forms.js).
      throw new BadRequestException({
        code: 'future_date',
        field: 'passedOn',
        message: 'La date de formation ne peut pas être dans le futur. Date cannot be in the future.',
      });
    }
    const missing = await this.missingPrerequisites(person.id, training);
    if (missing.length) {
      const names = missing.map(label).join(', ');
      throw new BadRequestException({
        code: 'prerequisite_missing',
        message: `${person.displayName} doit d'abord avoir la formation ${names} (valide) avant ${label(training)}. Prerequisite missing: ${missing.map((t) => t.nameEn || t.name).join(', ')}.`,
        missing: missing.map((t) => ({ id: t.id, name: t.name })),
      });
    }
    return { person, training };
  }

  /** A trainer records that a person passed a training on a date. */
  async recordPass(viewer: Viewer, dto: RecordPassDto): Promise<Qualification> {
    const { person, training } = await this.assertMayPass(viewer, dto.personId, dto.trainingId, dto.passedOn);
    const zone = await this.sites.zoneOf(training.siteId);
    const q = await this.qualifications.save(
      this.qualifications.create({
        siteId: training.siteId,
        personId: person.id,
        trainingId: training.id,
        trainerId: viewer.id,
        passedOn: dto.passedOn,
        expiresAt: expiryOf(dto.passedOn, training.validityMonths, training.requiresRenewal, zone),
        suspendedAt: null,
        suspendedReason: null,
        suspendedBy: null,
      }),
    );
    this.changes.emit({ kind: 'qualification', siteId: training.siteId });
    return q;
  }

  /** A manager puts a hold on a qualification: the next badge-in is refused with the reason. */
  async suspend(viewer: Viewer, id: string, reason: string): Promise<Qualification> {
    const q = assertVisible(viewer, await this.qualifications.findOneBy({ id }), 'Habilitation');
    if (q.suspendedAt) {
      throw new ConflictException({ code: 'already_suspended', message: 'Cette habilitation est déjà suspendue. This qualification is already suspended.' });
    }
    Object.assign(q, { suspendedAt: new Date(), suspendedReason: reason.trim(), suspendedBy: viewer.id });
    await this.qualifications.update({ id }, { suspendedAt: q.suspendedAt, suspendedReason: q.suspendedReason, suspendedBy: q.suspendedBy });
    this.changes.emit({ kind: 'qualification', siteId: q.siteId });
    return q;
  }

  async reinstate(viewer: Viewer, id: string): Promise<Qualification> {
    const q = assertVisible(viewer, await this.qualifications.findOneBy({ id }), 'Habilitation');
    // Four eyes: lifting a hold gives access back, so nobody lifts their own.
    if (q.personId === viewer.id) {
      throw new ForbiddenException({
        code: 'own_pass',
        message:
          "Vous ne pouvez pas lever la suspension de votre propre habilitation : un·e autre responsable le fait. You can't reinstate your own qualification.",
      });
    }
    Object.assign(q, { suspendedAt: null, suspendedReason: null, suspendedBy: null });
    await this.qualifications.update({ id }, { suspendedAt: null, suspendedReason: null, suspendedBy: null });
    this.changes.emit({ kind: 'qualification', siteId: q.siteId });
    return q;
  }

  /**
   * A trainer (or manager) renews a qualification after a check-up: recorded, and the lapse from
   * disuse counts again from that day. Four eyes: never one's own (403 `own_pass`).
   */
  async renew(viewer: Viewer, id: string, dto: RenewQualificationDto): Promise<Qualification & { checkup: QualificationCheckup }> {
    const q = assertVisible(viewer, await this.qualifications.findOneBy({ id }), 'Habilitation');
    if (q.personId === viewer.id) {
      throw new ForbiddenException({
        code: 'own_pass',
        message: "Vous ne pouvez pas renouveler votre propre habilitation : un·e autre formateur·rice le fait. You can't renew your own qualification.",
      });
    }
    const zone = await this.sites.zoneOf(q.siteId);
    if (dto.checkedOn > dayOf(new Date(), zone)) {
      throw new BadRequestException({
        code: 'future_date',
        field: 'checkedOn',
        message: 'La date de la remise à niveau ne peut pas être dans le futur. Date cannot be in the future.',
      });
    }
    if (dto.checkedOn < q.passedOn) {
      throw new BadRequestException({
        code: 'before_pass',
        field: 'checkedOn',
        message: 'La remise à niveau ne peut pas précéder la formation. The check-up cannot precede the pass.',
      });
    }
    const checkup = await this.checkups.save(
      this.checkups.create({
        siteId: q.siteId,
        qualificationId: q.id,
        personId: q.personId,
        trainerId: viewer.id,
        checkedOn: dto.checkedOn,
        notes: dto.notes?.trim() ?? '',
      }),
    );
    if (!q.renewedOn || q.renewedOn < dto.checkedOn) {
      q.renewedOn = dto.checkedOn;
      await this.qualifications.update({ id }, { renewedOn: q.renewedOn });
    }
    this.changes.emit({ kind: 'qualification', siteId: q.siteId });
    return { ...q, checkup };
  }

  async qualificationsOf(viewer: Viewer, personId: string): Promise<Array<Qualification & { training?: Training; lapsesAt: Date | null }>> {
    await this.people.get(viewer, personId);
    const rows = await this.qualifications.find({ where: { personId }, order: { passedOn: 'DESC' } });
    const trainings = await this.trainings.findBy({ siteId: rows[0]?.siteId ?? '' });
    // Trainings that lapse when unused: when each qualification lapses (or lapsed), from the person's last sessions.
    let lapseOfQ = (_q: Qualification): Date | null => null;
    if (rows.length && trainings.some((t) => t.lapseMonths)) {
      const siteId = rows[0].siteId;
      const [uses, machines, zone] = await Promise.all([this.reads.lastUses(siteId, personId), this.machines.ofSite(siteId), this.sites.zoneOf(siteId)]);
      const types = new Map(machines.map((m) => [m.id, m.type as string]));
      const lastUses = uses.map((u) => ({ ...u, machineType: types.get(u.machineId) ?? '' }));
      lapseOfQ = (q) => {
        const t = trainings.find((x) => x.id === q.trainingId);
        return t ? (lapseOf(q, t, lastUseOf(t, q.personId, lastUses), zone)?.lapsesAt ?? null) : null;
      };
    }
    return rows.map((q) => ({ ...q, training: trainings.find((t) => t.id === q.trainingId), lapsesAt: lapseOfQ(q) }));
  }

  /**
   * Unsuspended qualifications ending after `from` and at most at `to` (optionally in one site),
   * leaving out those the person already renewed (a later or endless one of the same training).
   */
  async expiringBetween(from: Date, to: Date, siteId?: string | null): Promise<Qualification[]> {
    const where: FindOptionsWhere<Qualification> = { expiresAt: And(MoreThan(from), LessThanOrEqual(to)), suspendedAt: IsNull() };
    if (siteId) where.siteId = siteId;
    const rows = await this.qualifications.find({ where, order: { expiresAt: 'ASC' } });
    if (!rows.length) return [];
    const others = await this.qualifications.findBy({ personId: In([...new Set(rows.map((q) => q.personId))]) });
    // Two passes recorded for the same day end together: only one of them is kept.
    const supersedes = (o: Qualification, q: Qualification) =>
      !o.expiresAt || o.expiresAt > q.expiresAt! || (o.expiresAt.getTime() === q.expiresAt!.getTime() && o.id > q.id);
    return rows.filter(
      (q) => !others.some((o) => o.id !== q.id && o.personId === q.personId && o.trainingId === q.trainingId && !o.suspendedAt && supersedes(o, q)),
    );
  }

  trainingsByIds(ids: string[]): Promise<Training[]> {
    return ids.length ? this.trainings.findBy({ id: In([...new Set(ids)]) }) : Promise.resolve([]);
  }

  /** Every training of every site, for the badge-in decision's in-memory picture (access-facts.cache). */
  allTrainings(): Promise<Training[]> {
    return this.trainings.find();
  }

  /** For the badge-in decision: the site's trainings and a person's qualifications. */
  trainingsOfSite(siteId: string): Promise<Training[]> {
    return this.trainings.findBy({ siteId });
  }

  qualificationsFor(where: FindOptionsWhere<Qualification>): Promise<Qualification[]> {
    return this.qualifications.findBy(where);
  }

  /**
   * The trainings a person lacks to use a machine: those of its site that cover it, when the person
   * holds none of them valid now; empty when one is held or none covers the machine.
   */
  async trainingsMissingFor(personId: string, machine: Pick<Machine, 'id' | 'type' | 'siteId'>, now = new Date()): Promise<Training[]> {
    const covering = (await this.trainings.findBy({ siteId: machine.siteId })).filter((t) => trainingCovers(t, machine));
    if (covering.length === 0) return [];
    const quals = await this.qualifications.findBy({ personId, trainingId: In(covering.map((t) => t.id)) });
    // A training that lapses when unused: its last uses read only then (access's read service).
    let lapsed = (_q: Qualification) => false;
    if (covering.some((t) => t.lapseMonths)) {
      const [uses, machines, zone] = await Promise.all([
        this.reads.lastUses(machine.siteId, personId),
        this.machines.ofSite(machine.siteId),
        this.sites.zoneOf(machine.siteId),
      ]);
      const types = new Map(machines.map((m) => [m.id, m.type as string]));
      const lastUses = uses.map((u) => ({ ...u, machineType: types.get(u.machineId) ?? '' }));
      lapsed = (q) => hasLapsed(q, covering.find((t) => t.id === q.trainingId)!, lastUses, zone, now);
    }
    return quals.some((q) => isQualificationValid(q, now) && !lapsed(q)) ? [] : covering;
  }

  /**
   * Passes of a bulk import (src/imports), written in the caller's transaction by multi-row
   * INSERTs: each with its expiry on the site's clock, signed by the importing manager. The
   * importer checked the trainings are the site's and prerequisites are met within the file.
   * Returns the step that announces the change once committed.
   */
  async recordPassesIn(
    em: EntityManager,
    siteId: string,
    signedBy: string,
    passes: ReadonlyArray<{ personId: string; trainingId: string; passedOn: string }>,
  ): Promise<() => void> {
    const zone = await this.sites.zoneOf(siteId);
    const trainings = new Map((await this.trainingsOfSite(siteId)).map((t) => [t.id, t]));
    const rows = passes.map((p) => {
      const t = trainings.get(p.trainingId);
      if (!t) throw new BadRequestException({ code: 'other_site', message: 'Cette formation n’est pas de ce lieu. Not this site’s training.' });
      return {
        siteId,
        personId: p.personId,
        trainingId: t.id,
        trainerId: signedBy,
        passedOn: p.passedOn,
        expiresAt: expiryOf(p.passedOn, t.validityMonths, t.requiresRenewal, zone),
        suspendedAt: null,
        suspendedReason: null,
        suspendedBy: null,
      };
    });
    for (let i = 0; i < rows.length; i += 500)
      await em
        .createQueryBuilder()
        .insert()
        .into(Qualification)
        .values(rows.slice(i, i + 500))
        .updateEntity(false)
        .execute();
    return () => {
      if (rows.length) this.changes.emit({ kind: 'qualification', siteId });
    };
  }
}
