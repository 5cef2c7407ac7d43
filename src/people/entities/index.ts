import { Person } from './person.entity';
import { Badge } from './badge.entity';

/** The people feature's tables; the app module gives every feature's list to the database module. */
export const PEOPLE_ENTITIES = [Person, Badge];
