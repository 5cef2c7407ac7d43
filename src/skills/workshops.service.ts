import { BadRequestException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { Between, DataSource, EntityManager, In, IsNull, MoreThanOrEqual, Repository } from 'typeorm';
import { instantIn } from '../common/local-format';
import { isUniqueViolation } from '../infra/database/db-errors';
import { SitesService } from '../sites/sites.service';
import { WorkshopDto } from './dto/skills.dto';
import { WorkshopEnrolment } from './entities/workshop-enrolment.entity';
import { Workshop } from './entities/workshop.entity';
import { EvidenceService } from './evidence.service';
import { FrameworksService } from './frameworks.service';

/** "2026-12-03T14:00" typed in a form is the site's wall clock; a string with a zone is taken as is. */
export const siteTimeToUtc = instantIn;

export interface EnrolmentResult {
  enrolment: WorkshopEnrolment;
  /** 1-based place on the waiting list, when waiting. */
  waitingPosition: number | null;
}

/**
 * Workshops: seats, waiting list, attendance. Every change to a workshop's seats happens with the
 * workshop row locked (PostgreSQL: SELECT … FOR UPDATE; SQLite: one writer at a time), so 300
 * people pressing "enrol" at once never take more seats than there are.
 */
@Injectable()
export class WorkshopsService {
  private readonly log = new Logger('Workshops');
  /** SQLite has one connection: its write transactions are queued here, one at a time. */
  private sqliteQueue: Promise<unknown> = Promise.resolve();

  constructor(
    @InjectRepository(Workshop) private readonly workshops: Repository<Workshop>,
    @InjectRepository(WorkshopEnrolment) private readonly enrolments: Repository<WorkshopEnrolment>,
    @InjectDataSource() private readonly db: DataSource,
    private readonly evidence: EvidenceService,
    private readonly frameworks: FrameworksService,
    private readonly sites: SitesService,
  ) {}

  /** The zone a workshop's times are read in (its site's). */
  siteZone(siteId: string): Promise<string> {
    return this.sites.zoneOf(siteId);
  }

  private get isPostgres() {
    return this.db.options.type === 'postgres';
  }

  /** Runs `work` in a transaction holding the workshop row's lock. */
  private withWorkshopLocked<T>(workshopId: string, work: (em: EntityManager, w: Workshop) => Promise<T>): Promise<T> {
    const run = () =>
      this.db.transaction(async (em) => {
        const w = await em.findOne(Workshop, { where: { id: workshopId }, ...(this.isPostgres ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
        if (!w) throw new NotFoundException({ code: 'not_found', message: 'Atelier introuvable. Workshop not found.' });
        return work(em, w);
      });
    if (this.isPostgres) return run();
    const next = this.sqliteQueue.then(run, run);
    this.sqliteQueue = next.catch(() => undefined);
    return next;
  }

  async create(siteId: string, dto: WorkshopDto): Promise<Workshop> {
    if (dto.skills?.length) {
      const skills = await this.frameworks.skillsByIds(dto.skills.map((s) => s.skillId));
      if (skills.length !== new Set(dto.skills.map((s) => s.skillId)).size || skills.some((s) => s.siteId !== siteId)) {
        throw new BadRequestException({ code: 'skill_not_found', message: 'Compétence inconnue dans ce lieu. Unknown skill.' });
      }
    }
    return this.workshops.save(
      this.workshops.create({
        siteId,
        title: dto.title,
        theme: dto.theme,
        trainerId: dto.trainerId ?? null,
        startsAt: siteTimeToUtc(dto.startsAt, await this.sites.zoneOf(siteId)),
        durationMinutes: dto.durationMinutes,
        capacity: dto.capacity,
        skills: dto.skills ?? [],
        enrolmentSeq: 0,
        remindedAt: null,
      }),
    );
  }

  async get(id: string): Promise<Workshop> {
    const w = await this.workshops.findOneBy({ id });
    if (!w) throw new NotFoundException({ code: 'not_found', message: 'Atelier introuvable. Workshop not found.' });
    return w;
  }

  /** Upcoming workshops of a site with seats taken and people waiting. */
  async list(siteId: string | null, from = new Date(Date.now() - 86400_000)) {
    const rows = await this.workshops.find({
      where: { ...(siteId ? { siteId } : {}), startsAt: Between(from, new Date('2999-01-01')) },
      order: { startsAt: 'ASC' },
      take: 200,
    });
    const counts = await this.counts(rows.map((r) => r.id));
    return rows.map((w) => ({ ...w, ...(counts.get(w.id) ?? { enrolled: 0, waiting: 0 }) }));
  }

  async counts(workshopIds: string[]): Promise<Map<string, { enrolled: number; waiting: number }>> {
    const out = new Map<string, { enrolled: number; waiting: number }>();
    if (!workshopIds.length) return out;
    const rows = await this.enrolments
      .createQueryBuilder('e')
      .select('e."workshopId"', 'workshopId')
      .addSelect('e.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .where('e."workshopId" IN (:...ids)', { ids: workshopIds })
      .groupBy('e."workshopId"')
      .addGroupBy('e.status')
      .getRawMany<{ workshopId: string; status: string; n: string | number }>();
    for (const r of rows) {
      const c = out.get(r.workshopId) ?? { enrolled: 0, waiting: 0 };
      if (r.status === 'enrolled') c.enrolled = Number(r.n);
      if (r.status === 'waiting') c.waiting = Number(r.n);
      out.set(r.workshopId, c);
    }
    return out;
  }

  /** Takes a seat if one is free, else a place on the waiting list (in arrival order). */
  async enrol(workshopId: string, personId: string): Promise<EnrolmentResult> {
    const before = await this.enrolments.findOneBy({ workshopId, personId });
    if (before && before.status !== 'cancelled') return { enrolment: before, waitingPosition: await this.positionOf(this.db.manager, before) };
    try {
      // Inside the lock only what decides the seat: counts, the arrival number, the row.
      return await this.withWorkshopLocked(workshopId, async (em, w) => {
        const again = before && (await em.findOneBy(WorkshopEnrolment, { id: before.id }));
        if (again && again.status !== 'cancelled') return { enrolment: again, waitingPosition: await this.positionOf(em, again) };
        const counts = await this.countsIn(em, workshopId);
        const seq = w.enrolmentSeq + 1;
        await em.update(Workshop, { id: w.id }, { enrolmentSeq: seq });
        const status = counts.enrolled < w.capacity ? 'enrolled' : 'waiting';
        const enrolment = again
          ? await em.save(Object.assign(again, { status, seq, attended: false }))
          : await em.save(em.create(WorkshopEnrolment, { workshopId, personId, status, seq, attended: false }));
        // The newest arrival is last in line.
        return { enrolment, waitingPosition: status === 'waiting' ? counts.waiting + 1 : null };
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // The same person sent twice at once: the other request enrolled them.
      const e = await this.enrolments.findOneByOrFail({ workshopId, personId });
      return { enrolment: e, waitingPosition: await this.positionOf(this.db.manager, e) };
    }
  }

  private async countsIn(em: EntityManager, workshopId: string): Promise<{ enrolled: number; waiting: number }> {
    const rows = await em
      .createQueryBuilder(WorkshopEnrolment, 'e')
      .select('e.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .where('e."workshopId" = :workshopId', { workshopId })
      .groupBy('e.status')
      .getRawMany<{ status: string; n: string | number }>();
    const n = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0);
    return { enrolled: n('enrolled'), waiting: n('waiting') };
  }

  private async positionOf(em: EntityManager, e: WorkshopEnrolment): Promise<number | null> {
    if (e.status !== 'waiting') return null;
    const ahead = await em
      .createQueryBuilder(WorkshopEnrolment, 'e')
      .where('e."workshopId" = :w AND e.status = :s AND e.seq < :seq', { w: e.workshopId, s: 'waiting', seq: e.seq })
      .getCount();
    return ahead + 1;
  }

  /** Frees a seat; the first person waiting takes it. Returns who was promoted, if anyone. */
  cancel(workshopId: string, personId: string): Promise<{ cancelled: boolean; promoted: string | null }> {
    return this.withWorkshopLocked(workshopId, async (em, w) => {
      const e = await em.findOneBy(WorkshopEnrolment, { workshopId, personId });
      if (!e || e.status === 'cancelled') return { cancelled: false, promoted: null };
      const hadSeat = e.status === 'enrolled';
      await em.update(WorkshopEnrolment, { id: e.id }, { status: 'cancelled' });
      if (!hadSeat) return { cancelled: true, promoted: null };
      const taken = await em.countBy(WorkshopEnrolment, { workshopId, status: 'enrolled' });
      if (taken >= w.capacity) return { cancelled: true, promoted: null };
      const next = await em.findOne(WorkshopEnrolment, { where: { workshopId, status: 'waiting' }, order: { seq: 'ASC' } });
      if (!next) return { cancelled: true, promoted: null };
      await em.update(WorkshopEnrolment, { id: next.id }, { status: 'enrolled' });
      this.log.log(`workshop ${workshopId}: seat freed, ${next.personId} promoted from the waiting list`);
      return { cancelled: true, promoted: next.personId };
    });
  }

  roster(workshopId: string) {
    return this.enrolments.find({ where: { workshopId, status: In(['enrolled', 'waiting']) }, order: { seq: 'ASC' } });
  }

  enrolmentsOf(personId: string) {
    return this.enrolments.find({ where: { personId, status: In(['enrolled', 'waiting']) } });
  }

  /** The workshops a person attended since a day (for their plan's follow-up): day and minutes each. */
  async attendedBy(personId: string, sinceDay: string): Promise<Array<{ startsAt: Date; siteId: string; minutes: number; title: string }>> {
    const came = await this.enrolments.findBy({ personId, attended: true });
    if (!came.length) return [];
    const workshops = await this.workshops.findBy({ id: In(came.map((e) => e.workshopId)), startsAt: MoreThanOrEqual(new Date(`${sinceDay}T00:00:00Z`)) });
    return workshops.map((w) => ({ startsAt: w.startsAt, siteId: w.siteId, minutes: w.durationMinutes, title: w.title }));
  }

  /** Marks who came; each attendee's workshop skills are logged as evidence. */
  async recordAttendance(w: Workshop, personIds: string[], trainerId: string) {
    const roster = await this.enrolments.findBy({ workshopId: w.id, personId: In(personIds), status: 'enrolled' });
    const unknown = personIds.filter((id) => !roster.some((r) => r.personId === id));
    if (unknown.length)
      throw new BadRequestException({ code: 'not_enrolled', message: `Non inscrit(s) à cet atelier : ${unknown.length}. Not enrolled.`, personIds: unknown });
    await this.enrolments.update({ id: In(roster.map((r) => r.id)) }, { attended: true });
    const day = w.startsAt.toISOString().slice(0, 10);
    let logged = 0;
    for (const personId of personIds) {
      for (const s of w.skills) {
        await this.evidence.log({
          siteId: w.siteId,
          personId,
          skillId: s.skillId,
          level: s.level,
          date: day,
          source: 'workshop',
          sourceRef: w.id,
          validatedBy: trainerId,
        });
        logged++;
      }
    }
    return { attended: roster.length, evidenceLogged: logged };
  }

  /**
   * Workshops starting within `withinHours` not yet reminded: marks them reminded and returns the
   * people to remind (the notification channel sends them).
   */
  async dueReminders(now = new Date(), withinHours = 24) {
    const due = await this.workshops.findBy({ remindedAt: IsNull(), startsAt: Between(now, new Date(now.getTime() + withinHours * 3600_000)) });
    const out: { workshop: Workshop; personIds: string[] }[] = [];
    for (const w of due) {
      // The update is the claim: with several instances, only one reminds a workshop.
      const claim = await this.workshops.update({ id: w.id, remindedAt: IsNull() }, { remindedAt: now });
      if (!claim.affected) continue;
      const enrolled = await this.enrolments.findBy({ workshopId: w.id, status: 'enrolled' });
      out.push({ workshop: w, personIds: enrolled.map((e) => e.personId) });
    }
    return out;
  }
}
