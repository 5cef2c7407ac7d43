import { BadRequestException, ForbiddenException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, MoreThanOrEqual, Repository } from 'typeorm';
import { siteOf, Viewer } from '../common/viewer';
import { PeopleService } from '../people/people.service';
import { CreateTrainingSessionDto } from './dto/training.dto';
import { TrainingAttendee, TrainingSession } from './entities/training-session.entity';
import { TrainingsService } from './trainings.service';

export type TrainingSessionView = TrainingSession & { attendees: TrainingAttendee[] };

/** Trainers record the sessions they gave; each pass becomes a qualification (same rule as one pass). */
@Injectable()
export class TrainingSessionsService {
  constructor(
    @InjectRepository(TrainingSession) private readonly sessions: Repository<TrainingSession>,
    @InjectRepository(TrainingAttendee) private readonly attendees: Repository<TrainingAttendee>,
    private readonly trainings: TrainingsService,
    private readonly people: PeopleService,
  ) {}

  /**
   * Every passing attendee is checked first (site, date, prerequisites): if one cannot pass, the
   * session is refused as a whole, naming who and what is missing, and nothing is written.
   */
  async record(viewer: Viewer, dto: CreateTrainingSessionDto): Promise<TrainingSessionView> {
    const training = await this.trainings.get(viewer, dto.trainingId);
    const ids = dto.attendees.map((a) => a.personId);
    if (new Set(ids).size !== ids.length) {
      throw new BadRequestException({ code: 'duplicate_attendee', message: 'Une personne figure deux fois dans la liste. A person is listed twice.' });
    }
    const trainerId = await this.assertTrainer(viewer, dto.trainerId ?? viewer.id, training.siteId, ids);
    for (const a of dto.attendees) {
      const person = await this.people.get(viewer, a.personId);
      if (person.siteId !== training.siteId) {
        throw new BadRequestException({ code: 'other_site', message: `${person.displayName} n'est pas de ce lieu. This person belongs to another site.` });
      }
      if (a.result === 'passed') await this.trainings.assertMayPass(viewer, a.personId, training.id, dto.date);
    }
    const session = await this.sessions.save(
      this.sessions.create({
        siteId: training.siteId,
        trainingId: training.id,
        trainerId,
        date: dto.date,
        notes: dto.notes ?? '',
        durationMinutes: dto.durationMinutes ?? 120,
      }),
    );
    const rows: TrainingAttendee[] = [];
    for (const a of dto.attendees) {
      const q =
        a.result === 'passed'
          ? await this.trainings.recordPass({ ...viewer, id: trainerId }, { personId: a.personId, trainingId: training.id, passedOn: dto.date })
          : null;
      rows.push(
        await this.attendees.save(this.attendees.create({ sessionId: session.id, personId: a.personId, result: a.result, qualificationId: q?.id ?? null })),
      );
    }
    return { ...session, attendees: rows };
  }

  /**
   * Four eyes: the session's trainer holds the trainer role at the training's site and is not one
   * of its attendees (nobody trains themselves). A manager recording a session names the trainer.
   */
  private async assertTrainer(viewer: Viewer, trainerId: string, siteId: string, attendeeIds: string[]): Promise<string> {
    const trainer = await this.people.get(viewer, trainerId);
    if (trainer.role !== 'trainer' || trainer.siteId !== siteId) {
      throw new BadRequestException({
        code: 'not_a_trainer',
        message: `${trainer.displayName} n'est pas formateur·rice de ce lieu : indiquez qui a donné la session (trainerId). The session's trainer must hold the trainer role at this site.`,
      });
    }
    if (attendeeIds.includes(trainer.id)) {
      throw new ForbiddenException({
        code: 'own_session',
        message: `${trainer.displayName} ne peut pas être à la fois formateur·rice et participant·e de la session. A trainer can't attend their own session.`,
      });
    }
    return trainer.id;
  }

  async list(viewer: Viewer, q: { siteId?: string; trainingId?: string }): Promise<TrainingSessionView[]> {
    const site = siteOf(viewer, q.siteId);
    if (q.trainingId) await this.trainings.get(viewer, q.trainingId); // another site's training: 404
    const sessions = await this.sessions.find({
      where: { ...(site ? { siteId: site } : {}), ...(q.trainingId ? { trainingId: q.trainingId } : {}) },
      order: { date: 'DESC', createdAt: 'DESC' },
      take: 200,
    });
    const attendees = sessions.length ? await this.attendees.findBy({ sessionId: In(sessions.map((s) => s.id)) }) : [];
    return sessions.map((s) => ({ ...s, attendees: attendees.filter((a) => a.sessionId === s.id) }));
  }

  /** The training sessions a person attended since a day (their plan's follow-up): day, length, training. */
  async attendedBy(personId: string, sinceDay: string): Promise<Array<{ date: string; siteId: string; trainingId: string; minutes: number }>> {
    const came = await this.attendees.findBy({ personId, result: In(['passed', 'failed']) });
    if (!came.length) return [];
    const sessions = await this.sessions.findBy({ id: In(came.map((a) => a.sessionId)), date: MoreThanOrEqual(sinceDay) });
    return sessions.map((s) => ({ date: s.date, siteId: s.siteId, trainingId: s.trainingId, minutes: s.durationMinutes }));
  }
}
