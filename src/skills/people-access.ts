import { NotFoundException } from '@nestjs/common';
import type { Viewer } from '../common/viewer';
import type { Person } from '../people/entities/person.entity';
import type { PeopleService } from '../people/people.service';

/** Who guides learners: they assess, log evidence, enrol others, take attendance (the EPN's mediators too). */
export const MEDIATORS = ['manager', 'trainer', 'mediator'] as const;
export const isMediator = (v: Viewer) => v.role === 'admin' || (MEDIATORS as readonly string[]).includes(v.role);

/**
 * A person whose path the viewer may see: themselves, or anyone of their site for a mediator.
 * Anything else is answered as not found.
 */
export async function visiblePerson(people: PeopleService, viewer: Viewer, personId: string, opts: { mediatorOnly?: boolean } = {}): Promise<Person> {
  const person = await people.findPerson(personId);
  const self = person?.id === viewer.id;
  const sameSite = viewer.role === 'admin' || (person && person.siteId === viewer.siteId);
  const ok = person && person.siteId && ((self && !opts.mediatorOnly) || (isMediator(viewer) && sameSite));
  if (!ok) throw new NotFoundException({ code: 'not_found', message: 'Personne introuvable. Not found.' });
  return person;
}
