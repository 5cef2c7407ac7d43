import { Injectable } from '@nestjs/common';
import { ChangeBus } from '../common/change-bus';
import type { Badge } from '../people/entities/badge.entity';
import type { Person } from '../people/entities/person.entity';
import { PeopleService } from '../people/people.service';
import type { Qualification } from '../trainings/entities/qualification.entity';
import type { Training } from '../trainings/entities/training.entity';
import { TrainingsService } from '../trainings/trainings.service';

interface Facts {
  badgesByUid: Map<string, Badge>;
  people: Map<string, Person>;
  trainingsBySite: Map<string, Training[]>;
  qualificationsByPerson: Map<string, Qualification[]>;
}

const group = <T, K>(rows: T[], key: (r: T) => K) => {
  const m = new Map<K, T[]>();
  for (const r of rows) m.set(key(r), [...(m.get(key(r)) ?? []), r]);
  return m;
};

/**
 * What a badge-in decision reads (badges, people, trainings, qualifications), kept in memory so the
 * decision does not wait on the database. Any write to them (here or on another instance, through
 * the ChangeBus) drops the cache; the next badge-in reloads it.
 */
@Injectable()
export class AccessFactsCache {
  private facts?: Promise<Facts>;
  private generation = 0;

  constructor(
    private readonly people: PeopleService,
    private readonly trainings: TrainingsService,
    changes: ChangeBus,
  ) {
    changes.on((c) => {
      if (['person', 'badge', 'training', 'qualification'].includes(c.kind)) this.invalidate();
    });
  }

  invalidate(): void {
    this.generation++;
    this.facts = undefined;
  }

  private load(): Promise<Facts> {
    const gen = this.generation;
    const loading = Promise.all([this.people.everyBadge(), this.people.everyone(), this.trainings.allTrainings(), this.trainings.qualificationsFor({})]).then(
      ([badges, people, trainings, qualifications]) => ({
        badgesByUid: new Map(badges.map((b) => [b.uid, b])),
        people: new Map(people.map((p) => [p.id, p])),
        trainingsBySite: group(trainings, (t) => t.siteId),
        qualificationsByPerson: group(qualifications, (q) => q.personId),
      }),
    );
    // A change during the load must not leave the older picture in place.
    loading.catch(() => undefined).then(() => gen !== this.generation && this.facts === loading && (this.facts = undefined));
    loading.catch(() => (this.facts === loading ? (this.facts = undefined) : undefined));
    return loading;
  }

  private get(): Promise<Facts> {
    this.facts ??= this.load();
    return this.facts;
  }

  async forBadge(uid: string, siteId: string) {
    const f = await this.get();
    const badge = f.badgesByUid.get(uid) ?? null;
    const person = badge ? (f.people.get(badge.personId) ?? null) : null;
    return {
      badge,
      person,
      trainings: person ? (f.trainingsBySite.get(siteId) ?? []) : [],
      qualifications: person ? (f.qualificationsByPerson.get(person.id) ?? []) : [],
    };
  }

  async person(id: string): Promise<Person | null> {
    return (await this.get()).people.get(id) ?? null;
  }
}
