import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { FindOptionsWhere, Repository } from 'typeorm';
import { ChangeBus } from '../common/change-bus';
import { assertVisible, requireSite, siteOf, Viewer } from '../common/viewer';
import { Machine } from '../machines/entities/machine.entity';
import { PeopleService } from '../people/people.service';
import { CreateTrainingDto, RecordPassDto } from './dto/training.dto';
import { Qualification } from './entities/qualification.entity';
import { Training } from './entities/training.entity';

/** End of validity: the same day N months later, at the end of that day (UTC). */
export function expiryOf(passedOn: string, validityMonths: number | null): Date | null {
  if (!validityMonths) return null;
  const [y, m, d] = passedOn.split('-').map(Number);
  const end = new Date(Date.UTC(y, m - 1 + validityMonths, d, 23, 59, 59, 999));
  return end;
}

export const trainingCovers = (t: Training, machine: Pick<Machine, 'id' | 'type'>) =>
  t.machineIds.includes(machine.id) || t.machineTypes.includes(machine.type);

@Injectable()
export class TrainingsService {
  constructor(
    @InjectRepository(Training) private readonly trainings: Repository<Training>,
    @InjectRepository(Qualification) private readonly qualifications: Repository<Qualification>,
    private readonly people: PeopleService,
    private readonly changes: ChangeBus,
  ) {}

  list(viewer: Viewer, siteId?: string): Promise<Training[]> {
    const site = siteOf(viewer, siteId);
    return this.trainings.find({ where: site ? { siteId: site } : {}, order: { name: 'ASC' } });
  }

  async create(viewer: Viewer, dto: CreateTrainingDto): Promise<Training> {
    const siteId = requireSite(viewer, dto.siteId);
    if (!dto.machineTypes?.length && !dto.machineIds?.length) {
      throw new BadRequestException({ code: 'qualifies_nothing', message: 'Indiquez les machines ou types de machines concernés. A training must qualify for machines or machine types.' });
    }
    const training = await this.trainings.save(
      this.trainings.create({
        siteId,
        name: dto.name,
        nameEn: dto.nameEn ?? '',
        machineTypes: dto.machineTypes ?? [],
        machineIds: dto.machineIds ?? [],
        validityMonths: dto.validityMonths ?? null,
      }),
    );
    this.changes.emit({ kind: 'training', siteId });
    return training;
  }

  /** A trainer records that a person passed a training on a date. */
  async recordPass(viewer: Viewer, dto: RecordPassDto): Promise<Qualification> {
    const person = await this.people.get(viewer, dto.personId);
    const training = assertVisible(viewer, await this.trainings.findOneBy({ id: dto.trainingId }), 'Formation');
    if (person.siteId !== training.siteId) {
      throw new BadRequestException({ code: 'other_site', message: "La personne et la formation ne sont pas du même lieu." });
    }
    if (dto.passedOn > new Date().toISOString().slice(0, 10)) {
      throw new BadRequestException({ code: 'future_date', message: 'La date de formation ne peut pas être dans le futur. Date cannot be in the future.' });
    }
    const q = await this.qualifications.save(
      this.qualifications.create({
        siteId: training.siteId,
        personId: person.id,
        trainingId: training.id,
        trainerId: viewer.id,
        passedOn: dto.passedOn,
        expiresAt: expiryOf(dto.passedOn, training.validityMonths),
      }),
    );
    this.changes.emit({ kind: 'qualification', siteId: training.siteId });
    return q;
  }

  async qualificationsOf(viewer: Viewer, personId: string): Promise<Array<Qualification & { training?: Training }>> {
    await this.people.get(viewer, personId);
    const rows = await this.qualifications.find({ where: { personId }, order: { passedOn: 'DESC' } });
    const trainings = await this.trainings.findBy({ siteId: rows[0]?.siteId ?? '' });
    return rows.map((q) => ({ ...q, training: trainings.find((t) => t.id === q.trainingId) }));
  }

  /** For the badge-in decision: the site's trainings and a person's qualifications. */
  trainingsOfSite(siteId: string): Promise<Training[]> {
    return this.trainings.findBy({ siteId });
  }

  qualificationsFor(where: FindOptionsWhere<Qualification>): Promise<Qualification[]> {
    return this.qualifications.findBy(where);
  }
}
