import { NotFoundException } from '@nestjs/common';
import type { Role } from '../common/roles';
import type { Viewer } from '../common/viewer';
import type { Person } from '../people/entities/person.entity';
import type { PeopleService } from '../people/people.service';

/** Who logs and reads their site's mediation log. */
export const LOGGERS: Role[] = ['mediator', 'manager'];
/** Who reads the reports and exports (an admin reads the whole federation). */
export const REPORT_READERS: Role[] = ['manager'];
export const canLog = (v: Viewer) => v.role === 'admin' || LOGGERS.includes(v.role);

/**
 * A person of the site acted on: themselves (`self` allowed), or anyone of the viewer's site for
 * a mediator or manager. Anything else is answered as not found.
 */
export async function personOfSite(people: PeopleService, viewer: Viewer, personId: string, opts: { self?: boolean } = {}): Promise<Person> {
  const person = await people.findPerson(personId);
  const isSelf = opts.self && person?.id === viewer.id;
  const staffHere = canLog(viewer) && person?.siteId && (viewer.role === 'admin' || person.siteId === viewer.siteId);
  if (!person?.siteId || !(isSelf || staffHere)) throw new NotFoundException({ code: 'not_found', message: 'Personne introuvable. Not found.' });
  return person;
}
